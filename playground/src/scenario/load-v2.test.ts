import { describe, expect, it } from 'vitest';
import { SCENARIO_LIMITS } from '../limits/scenario';
import { simulate } from '../sim/simulate';
import { loadScenario, scenarioToYaml } from './load';
import { isScenarioV2, type ScenarioV2 } from './types';

/** The example of docs/scenario-format.md, "Scenario v2". */
const EXAMPLE = `title: { zh: "上游 keepalive：第二个请求复用连接", en: "Upstream keepalive: the second request reuses the connection" }
config: |
  upstream app {
      server 127.0.0.1:18081;
      keepalive 4;
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
  "127.0.0.1:18081":
    answers:
      - { status: 200, body: "first" }
      - { status: 200, body: "second", delay: 0.2 }
clients:
  - name: a
    start: 0
    requests:
      - { path: /one }
      - { path: /two, at: 1 }
    until: 3
  - name: b
    start: 0.5
    request: { path: /one }
events:
  - { at: 2, reload: {} }
until: 4
`;

function v2(text: string): ScenarioV2 {
  const { scenario, errors } = loadScenario(text);
  expect(errors).toEqual([]);
  expect(scenario && isScenarioV2(scenario)).toBe(true);
  return scenario as ScenarioV2;
}

describe('loadScenario: v2', () => {
  it('reads the contract example, with every default spelled out', () => {
    const s = v2(EXAMPLE);
    expect(s.until).toBe(4);
    expect(s.clients.map((c) => [c.name, c.start, c.until, c.requests.length])).toEqual([
      ['a', 0, 3, 2],
      ['b', 0.5, 4, 1],
    ]);
    expect(s.clients[0]!.requests[1]).toEqual({
      method: 'GET',
      path: '/two',
      http_version: '1.1',
      headers: [['Host', 'localhost']],
      at: 1,
      body: null,
      body_size: null,
      body_parts: [],
      pipelined: false,
    });
    expect(s.clients[1]!.address).toBe('127.0.0.1');
    expect(s.clients[1]!.after).toBeNull();
    expect(s.backends['127.0.0.1:18081']!.answers).toEqual([
      {
        kind: 'response',
        status: 200,
        headers: [],
        body: 'first',
        body_size: null,
        framing: 'length',
        delay: 0,
        early: false,
        body_delay: 0,
        keep_alive: true,
        stop_reading: false,
      },
      expect.objectContaining({ body: 'second', delay: 0.2 }),
    ]);
    expect(s.events).toEqual([{ at: 2, kind: 'reload', config: null, files: null }]);
  });

  it('takes a v1 client with events as a v2 scenario of one client named c1', () => {
    const s = v2(`config: "x;"
client:
  request: { path: /chat/ }
  steps: [{ at: 1, send: hi }]
  until: 5
events: [{ at: 2, restart: {} }, { at: 3, backend_down: "127.0.0.1:1" }, { at: 4, backend_up: "127.0.0.1:1" }]
backends: { "127.0.0.1:1": { kind: http } }
`);
    expect(s.clients).toHaveLength(1);
    expect(s.clients[0]).toMatchObject({ name: 'c1', until: 5, steps: [{ at: 1, send: 'hi' }] });
    expect(s.until).toBe(5);
    expect(s.events.map((e) => e.kind)).toEqual(['restart', 'backend_down', 'backend_up']);
  });

  it('keeps a v1 scenario v1 when only its backends are scripted', () => {
    const { scenario, errors } = loadScenario(`config: "x;"
client: { request: { path: / } }
backends: { "127.0.0.1:1": { answers: [{ close: true }, { hang: true, stop_reading: true }, { upgrade: true }] } }
`);
    expect(errors).toEqual([]);
    expect(scenario && isScenarioV2(scenario)).toBe(false);
    expect(scenario?.backends['127.0.0.1:1']?.answers).toEqual([
      { kind: 'close', delay: 0, early: false, stop_reading: false },
      { kind: 'hang', stop_reading: true },
      { kind: 'upgrade', delay: 0, early: false, stop_reading: false },
    ]);
  });

  it('names the line of each problem, and lists the known fields for an unknown one', () => {
    const { scenario, errors } = loadScenario(`config: "x;"
clients:
  - name: a
    requests:
      - { path: /, body: x, body_size: 3 }
      - { path: /, colour: red }
  - name: a
    address: 10.0.0.1
    request: { path: / }
    until: 9
events:
  - { at: 1, reload: {}, restart: {} }
  - { at: 2, backend_down: "127.0.0.1:9" }
until: 5
`);
    expect(scenario).toBeNull();
    expect(errors.map((e) => [e.line, e.path, e.message])).toEqual([
      [5, 'clients.0.requests.0.body_size', 'give body or body_size, not both'],
      [
        6,
        'clients.0.requests.1.colour',
        'unknown request field "colour" (known: method, path, http_version, headers, body, body_size, body_parts, at, pipelined)',
      ],
      [
        8,
        'clients.1.address',
        'address must be a loopback address 127.x.y.z (z from 1 to 254), got "10.0.0.1"',
      ],
      [7, 'clients.1.name', 'client name "a" is taken by client 1; names must be unique'],
      [10, 'clients.1.until', 'clients.1.until is 9, after the window (until 5)'],
      [12, 'events.0', 'each event needs exactly one of reload, restart, backend_down, backend_up'],
      [13, 'events.1.backend_down', 'backend_down names "127.0.0.1:9", which is not in backends (none)'],
    ]);
  });

  it('refuses counts over the limits, naming the count and the limit', () => {
    const clients = Array.from({ length: SCENARIO_LIMITS.clients + 1 }, () => '  - { requests: [] }').join(
      '\n',
    );
    const many = loadScenario(`config: "x;"\nclients:\n${clients}\n`);
    expect(many.errors.map((e) => [e.line, e.message])).toEqual([
      [
        3,
        `clients has ${SCENARIO_LIMITS.clients + 1} entries; a scenario may have at most ${SCENARIO_LIMITS.clients}`,
      ],
    ]);
    const requests = Array.from({ length: SCENARIO_LIMITS.requestsPerClient + 1 }, () => '{ path: / }').join(
      ', ',
    );
    expect(loadScenario(`config: "x;"\nclients:\n  - requests: [${requests}]\n`).errors[0]?.message).toBe(
      `clients.0.requests has ${SCENARIO_LIMITS.requestsPerClient + 1} entries; a scenario may have at most ${SCENARIO_LIMITS.requestsPerClient}`,
    );
    const perClient = Array.from({ length: 100 }, () => '{ path: / }').join(', ');
    const elevenClients = Array.from({ length: 11 }, () => `  - requests: [${perClient}]`).join('\n');
    expect(loadScenario(`config: "x;"\nclients:\n${elevenClients}\n`).errors[0]?.message).toBe(
      `the requests of all clients has 1100 entries; a scenario may have at most ${SCENARIO_LIMITS.requests}`,
    );
    const answers = Array.from({ length: SCENARIO_LIMITS.answersPerBackend + 1 }, () => '{}').join(', ');
    expect(
      loadScenario(
        `config: "x;"\nbackends: { "a:1": { answers: [${answers}] } }\nclients: [{ requests: [] }]\n`,
      ).errors[0],
    ).toMatchObject({ line: 2, path: 'backends.a:1.answers' });
    const events = Array.from({ length: SCENARIO_LIMITS.events + 1 }, () => '{ at: 1, restart: {} }').join(
      ', ',
    );
    expect(
      loadScenario(`config: "x;"\nclients: [{ requests: [] }]\nevents: [${events}]\n`).errors[0]?.message,
    ).toBe(
      `events has ${SCENARIO_LIMITS.events + 1} entries; a scenario may have at most ${SCENARIO_LIMITS.events}`,
    );
    expect(
      loadScenario(`config: "x;"\nclients: [{ request: { path: /, body_size: 999999999 } }]\n`).errors[0]
        ?.message,
    ).toBe(`clients.0.request.body_size must be at most ${SCENARIO_LIMITS.bodyBytes}, got 999999999`);
  });

  it('round-trips through scenarioToYaml', () => {
    const s = v2(
      EXAMPLE.replace(
        '  - name: b',
        `  - name: c
    after: a
    address: 127.0.3.1
    stop_reading_at: 1
    requests:
      - { method: POST, path: /up, headers: [[Transfer-Encoding, chunked]], body: ab, body_parts: [{ at: 1, body_size: 5 }] }
      - { path: /next, pipelined: true }
    steps: [{ at: 1, send_size: 100 }, { at: 2, close: 1000 }]
  - name: b`,
      ).replace('events:\n', 'events:\n  - { at: 1, reload: { config: "y;", files: { a: b } } }\n'),
    );
    expect(v2(scenarioToYaml(s))).toEqual(s);
  });
});

describe('simulate: scenario v2 and scripted answers', () => {
  it('plays a v2 scenario: outcome@2 with every client, no "not modelled" note', () => {
    const scenario = v2(EXAMPLE);
    const sim = simulate(scenario);
    expect(sim.errors.map((e) => e.explain?.code)).not.toContain('unmodelled-scenario-v2');
    expect(sim.outcome.format).toBe('outcome@2');
    if (!('clients' in sim.outcome)) throw new Error('expected a run');
    expect(sim.outcome.clients.map((c) => c.name)).toEqual(scenario.clients.map((c) => c.name));
  });

  it('says "not modelled yet" for scripted answers in a v1 scenario, instead of simulating something else', () => {
    const scripted = loadScenario(`config: "server { listen 1; }"
client: { request: { path: / } }
backends: { "127.0.0.1:1": { answers: [{ close: true }] } }
`).scenario!;
    const sim = simulate(scripted);
    expect(sim.errors).toEqual([
      expect.objectContaining({
        code: 'engine-unmodelled',
        explain: { code: 'unmodelled-scenario-v2', params: { feature: 'answers' } },
      }),
    ]);
    expect(sim.errors[0]!.error).toBe('unmodelled-scenario-v2');
  });
});
