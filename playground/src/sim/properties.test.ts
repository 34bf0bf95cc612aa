import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMermaid } from '../render/mermaid';
import { renderTranscript } from '../render/transcript';
import type { Scenario } from '../scenario/types';
import { simulate } from './simulate';
import { MAP, scenario, WS_LOCATION } from './test-helpers';

const fragments = [
  'server { listen 18080; location / { proxy_pass http://127.0.0.1:18081; } }',
  `${MAP}server { listen 18080; location /chat/ { proxy_pass http://127.0.0.1:18081;${WS_LOCATION} proxy_read_timeout 1s; } }`,
  'upstream u { server 127.0.0.1:18081; server 127.0.0.1:18082 backup; keepalive 4; } server { listen 18080; location ~ ^/(\\w+) { proxy_pass http://u; } }',
  'server { listen 18080; location = / { return 200 $host; } }',
  'map $uri $m { ~(a+)+ x; } server { listen 18080; location / { proxy_pass http://127.0.0.1:18081; proxy_set_header M $m; } }',
  'server {',
  '}',
  'map $a $b { default x; default y; }',
];

const backend = fc.record(
  {
    kind: fc.constantFrom('websocket', 'refused', 'silent', 'http'),
    handshake_delay: fc.double({ min: 0, max: 5, noNaN: true }),
    plain_status: fc.constantFrom(400, 426),
    echo: fc.boolean(),
    send_every: fc.option(fc.double({ min: 0.01, max: 3, noNaN: true })),
    ping_every: fc.option(fc.double({ min: 0.01, max: 3, noNaN: true })),
    close_after: fc.option(fc.double({ min: 0, max: 5, noNaN: true })),
  },
  { requiredKeys: [] },
);

const step = fc.oneof(
  fc.record({ at: fc.double({ min: 0, max: 6, noNaN: true }), send: fc.string() }),
  fc.record({ at: fc.double({ min: 0, max: 6, noNaN: true }), ping: fc.string({ maxLength: 5 }) }),
  fc.record({ at: fc.double({ min: 0, max: 6, noNaN: true }), close: fc.integer({ min: 1000, max: 4999 }) }),
);

const wellTyped = fc
  .record({
    config: fc.oneof(
      fc.constantFrom(...fragments),
      fc.string(),
      fc.array(fc.constantFrom(...fragments)).map((a) => a.join('\n')),
    ),
    backends: fc.dictionary(fc.constantFrom('127.0.0.1:18081', '127.0.0.1:18082', 'x'), backend),
    path: fc.oneof(
      fc.constant('/chat/'),
      fc.webPath().map((p) => `/${p}`),
    ),
    headers: fc.array(
      fc.tuple(fc.constantFrom('Host', 'Upgrade', 'Connection', 'X-A', 'Sec-WebSocket-Key'), fc.string()),
      {
        maxLength: 6,
      },
    ),
    steps: fc.array(step, { maxLength: 5 }),
    until: fc.double({ min: 0, max: 8, noNaN: true }),
    version: fc.constantFrom('1.22.1', '1.30.0', '1.31.4', 'bogus'),
  })
  .map(
    (r) =>
      ({
        ...scenario(r.config, {
          path: r.path,
          headers: r.headers,
          steps: r.steps,
          until: r.until,
          version: r.version,
        }),
        backends: r.backends,
      }) as Scenario,
  );

describe('simulate properties', () => {
  it('never throws on well-typed scenarios and is deterministic', () => {
    fc.assert(
      fc.property(wellTyped, (s) => {
        const a = simulate(s);
        const b = simulate(structuredClone(s));
        expect(JSON.stringify(b.outcome)).toBe(JSON.stringify(a.outcome));
        expect(b.timeline).toEqual(a.timeline);
        expect(a.errors.filter((e) => e.code === 'engine-internal')).toEqual([]);
        renderTranscript(a);
        expect(renderMermaid(a).startsWith('sequenceDiagram\n')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary objects', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const sim = simulate(value as Scenario);
        expect(sim.outcome.format).toBe('outcome@1');
      }),
      { numRuns: 300 },
    );
  });
});
