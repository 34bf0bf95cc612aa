import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../scenario/types';
import { simulate } from './simulate';
import { MAP, scenario, WS_LOCATION } from './test-helpers';

const ws = (extra = '') =>
  `${MAP}server { listen 18080; location /chat/ { proxy_pass http://127.0.0.1:18081;${WS_LOCATION}\n${extra} } }`;

function run(config: string, options: Parameters<typeof scenario>[1] = {}) {
  const sim = simulate(scenario(config, options));
  return { sim, o: sim.outcome as RunOutcome };
}

describe('tunnel timers', () => {
  it('proxy_read_timeout closes an idle tunnel, logged at info', () => {
    const { o, sim } = run(ws('proxy_read_timeout 3s;'), { until: 10 });
    expect(o.end).toEqual({ at: 3, by: 'nginx', reason: 'proxy_read_timeout' });
    expect(sim.errorLog).toEqual([
      '[info] upstream timed out (110: Connection timed out) while proxying upgraded connection',
    ]);
    const armed = sim.timeline.find((e) => e.kind === 'timer-armed');
    expect(armed?.source?.line).toBe(9);
  });

  it('client traffic re-arms the read timer even when the backend never answers (echo off)', () => {
    const { o } = run(ws('proxy_read_timeout 2s;'), {
      backends: { '127.0.0.1:18081': { echo: false } },
      steps: [1, 2, 3].map((at) => ({ at, send: 'x' })),
      until: 10,
    });
    expect(o.end).toEqual({ at: 5, by: 'nginx', reason: 'proxy_read_timeout' });
  });

  it('backend pings keep the tunnel open past proxy_read_timeout', () => {
    const { o } = run(ws('proxy_read_timeout 2s;'), {
      backends: { '127.0.0.1:18081': { ping_every: 1.5 } },
      until: 6,
    });
    expect(o.end?.by).toBe('client');
    expect(o.frames.filter((f) => f.kind === 'ping')).toHaveLength(3);
  });

  it('re-arming by less than 300 ms is skipped (lazy timers)', () => {
    const { o } = run(ws('proxy_read_timeout 2s;'), { steps: [{ at: 0.2, ping: '' }], until: 10 });
    expect(o.end?.at).toBe(2);
  });

  it('the default proxy_read_timeout is 60 s', () => {
    const { o } = run(ws(), { until: 100 });
    expect(o.end).toMatchObject({ at: 60, by: 'nginx' });
  });

  it('close handshakes end the tunnel by whoever started them', () => {
    const byClient = run(ws(), { steps: [{ at: 1, close: 4000 }] }).o;
    expect(byClient.end).toMatchObject({ at: 1, by: 'client', reason: 'close frame 4000' });
    expect(byClient.frames.map((f) => `${f.from} ${f.kind} ${f.data}`)).toEqual([
      'client close 4000',
      'backend close 4000',
    ]);
    const byBackend = run(ws(), { backends: { '127.0.0.1:18081': { close_after: 2, send_every: 0.75 } } }).o;
    expect(byBackend.end).toMatchObject({ at: 2, by: 'backend' });
    expect(byBackend.frames.map((f) => f.data)).toEqual(['tick 1', 'tick 2', '1000', '1000']);
  });
});

describe('before the response', () => {
  it('a slow handshake past proxy_read_timeout gives 504', () => {
    const { o, sim } = run(ws('proxy_read_timeout 1s;'), {
      backends: { '127.0.0.1:18081': { handshake_delay: 1.5 } },
    });
    expect(o.response).toMatchObject({ at: 1, status: 504 });
    expect(o.response?.headers['content-length']).toBe('167');
    expect(sim.errorLog[0]).toContain('while reading response header from upstream');
  });

  it('a handshake delay inside the timeout delays the 101', () => {
    const { o } = run(ws('proxy_read_timeout 2s;'), {
      backends: { '127.0.0.1:18081': { handshake_delay: 1.5 } },
    });
    expect(o.response).toMatchObject({ at: 1.5, status: 101 });
    expect(o.end).toMatchObject({ at: 3.5, by: 'nginx' });
  });

  it('an unreachable address times out after proxy_connect_timeout', () => {
    const { o, sim } = run(
      `server { listen 18080; location / { proxy_pass http://10.255.0.1:8080; proxy_connect_timeout 3s; } }`,
      {
        backends: {},
        until: 10,
      },
    );
    expect(o.response).toMatchObject({ at: 3, status: 504 });
    expect(sim.errorLog[0]).toBe(
      '[error] upstream timed out (110: Connection timed out) while connecting to upstream',
    );
  });

  it('a client that leaves before the response gets none', () => {
    const { o, sim } = run(ws(), { backends: { '127.0.0.1:18081': { kind: 'silent' } }, until: 1 });
    expect(o.response).toBeNull();
    expect(sim.errorLog[0]).toContain('client prematurely closed connection');
  });

  it('101 to a client that sent no Upgrade: held until the read timeout, no tunnel', () => {
    const { o } = run(
      `server { listen 18080; location / { proxy_pass http://127.0.0.1:18081; proxy_http_version 1.1;
        proxy_set_header Upgrade websocket; proxy_set_header Connection upgrade; proxy_read_timeout 2s; } }`,
      {
        headers: [
          ['Host', 'h'],
          ['Sec-WebSocket-Key', 'k'],
          ['Sec-WebSocket-Version', '13'],
        ],
      },
    );
    expect(o.response).toMatchObject({ at: 2, status: 101 });
    expect(o.tunnel).toBe(false);
  });
});

describe('client keep-alive', () => {
  const plain = `server { listen 18080; location / { proxy_pass http://127.0.0.1:18081; } }`;
  it('nginx closes an idle keep-alive connection at keepalive_timeout without logging', () => {
    const { sim } = run(plain.replace('listen 18080;', 'listen 18080; keepalive_timeout 2s;'), {
      backends: { '127.0.0.1:18081': { kind: 'http' } },
      headers: [['Host', 'h']],
      until: 5,
    });
    expect(sim.errorLog).toEqual([]);
    expect(sim.timeline.some((e) => e.kind === 'timer-fired' && e.timer?.name === 'keepalive_timeout')).toBe(
      true,
    );
  });

  it('HTTP/1.0 without keep-alive gets Connection: close', () => {
    const { o, sim } = run(plain, {
      backends: { '127.0.0.1:18081': { kind: 'http' } },
      headers: [],
      httpVersion: '1.0',
    });
    expect(o.response?.headers.connection).toBe('close');
    expect(sim.errorLog).toEqual([]);
  });
});
