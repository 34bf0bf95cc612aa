import { describe, expect, it } from 'vitest';
import { manyClientsScenario } from '../../../scripts/bench/many-clients';
import { MAX_DIAGRAM_MESSAGES } from '../limits/counts';
import { renderMermaid } from '../render/mermaid';
import { loadScenario } from '../scenario/load';
import type { RunOutcomeV2, ScenarioV2 } from '../scenario/types';
import { isScenarioV2 } from '../scenario/types';
import { simulate } from './simulate';

function v2(text: string): ScenarioV2 {
  const { scenario, errors } = loadScenario(text);
  expect(errors).toEqual([]);
  if (!scenario || !isScenarioV2(scenario)) throw new Error('not a v2 scenario');
  return scenario;
}

function run(text: string): RunOutcomeV2 {
  const outcome = simulate(v2(text)).outcome;
  if (!('clients' in outcome)) throw new Error(`config error: ${JSON.stringify(outcome)}`);
  return outcome;
}

const UPSTREAM = (keepalive: string) => `config: |
  upstream app {
      server 127.0.0.1:18081;
      server 127.0.0.1:18082;
      ${keepalive}
  }
  server {
      listen 18080;
      location / {
          proxy_pass http://app;
          proxy_http_version 1.1;
          proxy_set_header Connection "";
      }
  }
backends:
  "127.0.0.1:18081": { answers: [{ status: 200, body: "one", delay: 0.1 }] }
  "127.0.0.1:18082": { answers: [{ status: 200, body: "two" }] }
`;

describe('simulate: scenario v2', () => {
  it('round-robins across clients and reuses idle keepalive connections, per backend', () => {
    const o = run(`${UPSTREAM('keepalive 2;')}clients:
  - { name: a, request: { path: /1 } }
  - { name: b, start: 1, request: { path: /2 } }
  - { name: c, start: 2, request: { path: /3 } }
  - { name: d, start: 3, request: { path: /4 } }
until: 5
`);
    const carried = (address: string) =>
      o.backends[address]!.connections.map((c) => c.requests.map(([n]) => n));
    expect(carried('127.0.0.1:18081')).toEqual([['a', 'c']]);
    expect(carried('127.0.0.1:18082')).toEqual([['b', 'd']]);
    expect(o.clients.map((c) => c.requests[0]!.response?.body)).toEqual(['one', 'two', 'one', 'two']);
    // The delay of 18081's answer shows in the response time.
    expect(o.clients[0]!.requests[0]!.response?.at).toBe(0.1);
  });

  it('without keepalive every request opens its own backend connection, which nginx closes', () => {
    const o = run(`${UPSTREAM('')}clients:
  - { name: a, request: { path: /1 } }
  - { name: b, start: 1, request: { path: /2 } }
  - { name: c, start: 2, request: { path: /3 } }
until: 5
`);
    const all = Object.values(o.backends).flatMap((b) => b.connections);
    expect(all).toHaveLength(3);
    expect(all.every((c) => c.closed_by === 'nginx' && c.requests.length === 1)).toBe(true);
  });

  it('client keep-alive: keepalive_requests ends the connection with Connection: close, the rest are not sent', () => {
    const o = run(`config: |
  server {
      listen 18080;
      keepalive_requests 2;
      location / { return 200 "$connection_requests"; }
  }
clients:
  - requests: [{ path: /a }, { path: /b }, { path: /c }]
until: 2
`);
    const c = o.clients[0]!;
    expect(c.requests.map((r) => [r.response?.body, r.response?.headers.connection])).toEqual([
      ['1', 'keep-alive'],
      ['2', 'close'],
    ]);
    expect(c.not_sent).toBe(1);
    expect(c.closed?.by).toBe('nginx');
  });

  it('equal instants: an event before the clients acting at the same time (reload closes the idle connection first)', () => {
    const o = run(`config: |
  server { listen 18080; location / { return 200 "old"; } }
clients:
  - requests: [{ path: /a }, { path: /b, at: 1 }]
events:
  - { at: 1, reload: { config: 'server { listen 18080; location / { return 200 "new"; } }' } }
  - { at: 1.5, reload: {} }
until: 3
`);
    const c = o.clients[0]!;
    expect(c.requests).toHaveLength(1);
    expect(c.not_sent).toBe(1);
    expect(c.closed).toEqual({ at: 1, by: 'nginx' });
  });

  it('a reload sends new connections to the new config', () => {
    const o = run(`config: |
  server { listen 18080; location / { return 200 "old"; } }
clients:
  - { name: before, request: { path: / } }
  - { name: after, start: 2, request: { path: / } }
events:
  - { at: 1, reload: { config: 'server { listen 18080; location / { return 200 "new"; } }' } }
until: 3
`);
    expect(o.clients.map((c) => c.requests[0]!.response?.body)).toEqual(['old', 'new']);
  });

  it('plays 100 clients and 1,000 requests (the bench scenario): every request answered, tunnels open, connections reused', () => {
    const o = run(manyClientsScenario());
    expect(o.clients).toHaveLength(100);
    const requests = o.clients.flatMap((c) => c.requests);
    expect(requests).toHaveLength(1000);
    expect(requests.every((r) => r.response !== null)).toBe(true);
    expect(o.clients.filter((c) => c.tunnel)).toHaveLength(10);
    const connections = Object.values(o.backends).flatMap((b) => b.connections);
    const carried = connections.reduce((n, c) => n + c.requests.length, 0);
    expect(carried).toBe(1000);
    // Upstream keepalive: far fewer backend connections than requests.
    expect(connections.length).toBeLessThan(100);
    // The backup server gets nothing while the primaries answer.
    expect(o.backends['127.0.0.1:18084']!.connections).toEqual([]);
    // The sequence diagram draws the first messages and says how many it left out.
    const diagram = renderMermaid(simulate(v2(manyClientsScenario())))
      .trimEnd()
      .split('\n');
    expect(diagram.length).toBe(4 + MAX_DIAGRAM_MESSAGES + 1);
    expect(diagram.at(-1)).toMatch(/^ {2}Note over N: \d+ more events not shown \(from [\d.]+s\)$/);
  });

  const TUNNEL = `config: |
  server {
      listen 18080;
      location / {
          proxy_pass http://127.0.0.1:18081;
          proxy_http_version 1.1;
          proxy_set_header Upgrade $http_upgrade;
          proxy_set_header Connection upgrade;
          proxy_read_timeout 1d;
      }
  }
backends:
  "127.0.0.1:18081": { kind: websocket, send_every: 0.001 }
`;
  const UPGRADE =
    '{ path: /, headers: { Host: localhost, Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==, Sec-WebSocket-Version: "13" } }';

  it('a 16 MiB generated frame is never built: 1,024 bytes kept, its length given', () => {
    const o = run(`${TUNNEL.replace('send_every: 0.001', 'echo: true')}clients:
  - request: ${UPGRADE}
    steps: [{ at: 1, send_size: 16777216 }]
until: 2
`);
    const frames = o.clients[0]!.frames;
    expect(frames.map((f) => [f.from, f.data.length, f.length])).toEqual([
      ['client', 1024, 16777216],
      ['backend', 1024, 16777216],
    ]);
  });

  it('200 tunnels ticking every millisecond for a day stop at the run-wide cap and say so', () => {
    const clients = Array.from({ length: 200 }, (_, i) => `  - { name: t${i}, request: ${UPGRADE} }`).join(
      '\n',
    );
    const sim = simulate(v2(`${TUNNEL}clients:\n${clients}\nuntil: 86400\n`));
    expect(sim.errors.map((e) => e.code)).toContain('engine-event-limit');
    if (!('clients' in sim.outcome)) throw new Error('expected a run');
    const frames = sim.outcome.clients.reduce((n, c) => n + c.frames.length, 0);
    expect(frames).toBeLessThan(100_000);
    expect(sim.outcome.clients.every((c) => c.tunnel)).toBe(true);
  }, 30_000);
});

describe('nginx as its own upstream, pipelining and the request body (scenario v2)', () => {
  const SELF = `config: |
  server {
      listen 18080;
      client_header_buffer_size 1k;
      location / {
          client_body_buffer_size 2k;
          add_header X-Body "$request_body";
          add_header X-Body-File "$request_body_file";
          proxy_pass http://127.0.0.1:18081;
      }
      location /file {
          client_body_in_file_only on;
          add_header X-Body-File "$request_body_file";
          proxy_pass http://127.0.0.1:18081/;
      }
      location /ret {
          add_header X-Body "$request_body" always;
          return 200 "ret";
      }
  }
  server {
      listen 18081;
      location / {
          add_header X-Inner "$request_body";
          return 200 "inner";
      }
  }
`;

  it('runs the request again in the server that listens at the upstream port', () => {
    const o = run(`${SELF}clients:
  - { request: { path: /, body: "abc" } }
until: 1
`);
    const response = o.clients[0]!.requests[0]!.response!;
    expect(response.status).toBe(200);
    expect(response.body).toBe('inner');
    // The inner server never read the body (return), the outer one did, in memory.
    expect(response.headers['x-body']).toBe('abc');
    expect(response.headers['x-inner']).toBeUndefined();
    // This nginx is no scenario backend: nothing is listed as an upstream request.
    expect(o.clients[0]!.requests[0]!.upstream).toEqual([]);
    expect(o.not_modelled).toBeUndefined();
  });

  it("lists what the inner server sends to a scenario backend under the client's request", () => {
    const o = run(`config: |
  server {
      listen 18080;
      location / { proxy_pass http://127.0.0.1:18081/in; }
  }
  server {
      listen 18081;
      location /in { proxy_pass http://127.0.0.1:18082; }
  }
backends:
  "127.0.0.1:18082": { answers: [{ status: 201, body: "deep" }] }
clients:
  - requests: [{ path: /a }, { path: /b }]
until: 1
`);
    const requests = o.clients[0]!.requests;
    expect(requests.map((r) => r.response?.status)).toEqual([201, 201]);
    expect(requests.map((r) => r.upstream.map((u) => u.request_line))).toEqual([
      ['GET /ina HTTP/1.0'],
      ['GET /inb HTTP/1.0'],
    ]);
    expect(o.backends['127.0.0.1:18082']!.connections.map((c) => c.requests)).toEqual([
      [['c1', 0]],
      [['c1', 1]],
    ]);
  });

  it('puts a body over a quarter more than client_body_buffer_size, or any with client_body_in_file_only, in numbered temporary files', () => {
    const o = run(`${SELF}clients:
  - { name: big, request: { path: /, body_size: 5120 } }
  - { name: small, after: big, request: { path: /file, body: "abc" } }
  - { name: ret, after: small, request: { path: /ret, body: "abc" } }
until: 1
`);
    const headers = o.clients.map((c) => c.requests[0]!.response!.headers);
    expect(headers[0]!['x-body']).toBeUndefined();
    expect(headers[0]!['x-body-file']).toBe('/usr/share/nginx/client_body_temp/0000000001');
    expect(headers[1]!['x-body-file']).toBe('/usr/share/nginx/client_body_temp/0000000002');
    // `return` does not read the body.
    expect(headers[2]!['x-body']).toBeUndefined();
    expect(o.error_log.filter((l) => l.includes('temporary'))).toEqual([
      '[warn] a client request body is buffered to a temporary file /usr/share/nginx/client_body_temp/0000000001',
      '[notice] a client request body is buffered to a temporary file /usr/share/nginx/client_body_temp/0000000002',
    ]);
  });

  it('sends pipelined requests in one write and answers them in order; those behind a close are sent, never answered', () => {
    const o = run(`${SELF}clients:
  - requests:
      - { path: /ret, at: 0.5 }
      - { path: /ret, headers: { Host: a, Connection: close }, pipelined: true }
      - { path: /ret, pipelined: true }
until: 2
`);
    const c = o.clients[0]!;
    expect(c.requests.map((r) => r.sent_at)).toEqual([0.5, 0.5, 0.5]);
    expect(c.requests.map((r) => r.response?.status ?? null)).toEqual([200, 200, null]);
    expect(c.not_sent).toBe(0);
    expect(c.closed).toEqual({ at: 0.5, by: 'nginx' });
  });

  it('a pipelined request with a later `at` goes out at its time', () => {
    const o = run(`${SELF}clients:
  - requests:
      - { path: /ret, headers: { Host: a } }
      - { path: /ret, headers: { Host: a }, pipelined: true }
      - { path: /ret, headers: { Host: a }, pipelined: true, at: 1 }
until: 2
`);
    expect(o.clients[0]!.requests.map((r) => [r.sent_at, r.response?.status])).toEqual([
      [0, 200],
      [0, 200],
      [1, 200],
    ]);
  });

  it('refuses a Transfer-Encoding other than chunked (501), with a Content-Length or on HTTP/1.0 (400)', () => {
    const o = run(`${SELF}clients:
  - { name: gzip, request: { path: /, headers: { Host: a, Transfer-Encoding: gzip }, body: "" } }
  - { name: both, request: { path: /, headers: { Host: a, Transfer-Encoding: chunked, Content-Length: "0" }, body: "" } }
  - { name: old, request: { path: /, http_version: "1.0", headers: { Transfer-Encoding: chunked }, body: "" } }
until: 1
`);
    expect(o.clients.map((c) => c.requests[0]!.response?.status)).toEqual([501, 400, 400]);
  });
});

describe('not_modelled in outcome@2', () => {
  it('lists what the simulator does not model, each code and line once, so a comparison tells unknown from wrong', () => {
    const outcome = run(`config: |
  worker_processes 2;
  events {}
  http {
      server {
          listen 18080;
          location / {
              proxy_pass http://127.0.0.1:18080/inner;
          }
          location /inner {
              return 200 "inner";
          }
          location /deny {
              deny all;
              return 200;
          }
      }
  }
clients:
  - requests:
      - { path: / }
      - { path: /, pipelined: true }
      - { path: /deny }
until: 2
`);
    // nginx as its own upstream and pipelining are modelled (below): not listed.
    expect(outcome.not_modelled).toEqual([
      { code: 'unmodelled-worker-processes', line: 1 },
      { code: 'unmodelled-deny', line: 13 },
    ]);
  });

  it('is left out when the simulator modelled everything the run met', () => {
    expect(
      run(`${UPSTREAM('keepalive 4;')}clients:\n  - requests: [{ path: / }, { path: / }]\nuntil: 2\n`)
        .not_modelled,
    ).toBeUndefined();
  });

  it('names the ssi line and an error_page target that proxies again', () => {
    const outcome = run(`config: |
  server {
      listen 18080;
      ssi on;
      location / {
          proxy_pass http://127.0.0.1:18081;
          proxy_intercept_errors on;
          error_page 404 /again;
      }
      location /again {
          proxy_pass http://127.0.0.1:18081;
      }
  }
backends:
  "127.0.0.1:18081": { answers: [{ status: 404 }, { status: 200 }] }
clients:
  - request: { path: /x }
until: 2
`);
    expect(outcome.not_modelled).toEqual([
      { code: 'unmodelled-ssi', line: 3 },
      { code: 'unmodelled-error_page', line: 7 },
    ]);
    expect(outcome.clients[0]?.requests[0]?.response?.status).toBe(404);
  });

  it('says X-Accel-Redirect and byte ranges are not modelled in v2, where v1 models them', () => {
    const outcome = run(`config: |
  server {
      listen 18080;
      location / {
          proxy_pass http://127.0.0.1:18081;
          proxy_force_ranges on;
      }
  }
backends:
  "127.0.0.1:18081":
    answers:
      - { status: 200, headers: { X-Accel-Redirect: /elsewhere }, body: "one" }
      - { status: 200, body: "abcdef" }
clients:
  - requests:
      - { path: /a }
      - { path: /b, headers: { Host: localhost, Range: "bytes=1-2" } }
until: 2
`);
    expect(outcome.not_modelled?.map((n) => n.code)).toEqual([
      'unmodelled-x-accel-redirect',
      'unmodelled-ranges',
    ]);
  });
});
