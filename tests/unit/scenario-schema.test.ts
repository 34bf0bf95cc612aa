/**
 * The JSON Schemas (playground/src/scenario/{scenario,outcome}.schema.json) and the engine's
 * loader say the same thing: every scenario of the corpus is valid for both, every recorded
 * outcome is valid for the outcome schema, and for generated documents "the schema accepts" ⇔
 * "the loader accepts" — except for the rules that relate two fields, which a JSON Schema cannot
 * state and the loader alone checks (CROSS_FIELD, listed in docs/scenario-format.md too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { KNOWN_DISAGREEMENTS_NAME } from '../../playground/cli/conformance/known-disagreements';
import {
  loadScenario,
  outcomeSchema,
  parseExercise,
  scenarioSchema,
  scenarioText,
} from '../../playground/src/index';

const root = resolve(import.meta.dirname, '../..');
// strictRequired off: `required` inside oneOf/if names properties declared beside them, which is the point.
const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
});
const validScenario = ajv.compile(scenarioSchema);
const validOutcome = ajv.compile(outcomeSchema);

/** Loader messages for rules that relate fields to each other: the schema cannot say them. */
const CROSS_FIELD = [
  /^client name ".*" is taken by client \d+; names must be unique$/,
  /\.until is [\d.e+-]+, after the window \(until [\d.e+-]+\)$/,
  /\.start is [\d.e+-]+, after the client's until \([\d.e+-]+\)$/,
  /^events\.\d+\.at is [\d.e+-]+, after the window \(until [\d.e+-]+\)$/,
  /^backend_(down|up) names ".*", which is not in backends \(.*\)$/,
  /^the requests of all clients has \d+ entries; a scenario may have at most \d+$/,
  /^after names ".*", which is not a client listed before this one$/,
];

function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return files(path, keep);
    return keep(path) ? [path] : [];
  });
}

// KNOWN-DISAGREEMENTS[.<version>].yaml lists a set's known disagreements: not a scenario.
const scenarios = files(
  join(root, 'content/scenarios'),
  (p) => /\.ya?ml$/.test(p) && !KNOWN_DISAGREEMENTS_NAME.test(basename(p)),
);
// Every version's recordings: recorded/NAME.json (1.22.1) and recorded/<version>/NAME.json.
const outcomes = files(join(root, 'content/scenarios'), (p) =>
  /\/recorded\/(?:\d+\.\d+\.\d+\/)?[^/]+\.json$/.test(p),
);

/**
 * A file's scenario. An exercise on scenario v2 (`clients` or `events`) is an exercise file, not a
 * scenario: v2 refuses unknown fields, so what is held to the schema is the scenario the exercise
 * runs (`scenarioText`, its reference solution in place), as the exercise pages and
 * scripts/exercise-fixtures.ts load it. v1 exercises stay scenario files as they are.
 */
function scenarioOf(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!path.includes(`${join('content', 'scenarios', 'exercises')}`)) return text;
  const doc = parse(text) as Record<string, unknown> | null;
  if (!doc || (doc.clients === undefined && doc.events === undefined)) return text;
  const { exercise, errors } = parseExercise(text, path);
  if (!exercise) throw new Error(`${path}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return scenarioText(exercise, exercise.solution);
}

function schemaErrors(value: unknown): string[] {
  return validScenario(value)
    ? []
    : (validScenario.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

describe('scenario.schema.json and outcome.schema.json', () => {
  it('compile under ajv strict mode (draft 2020-12) and describe every property', () => {
    expect(scenarioSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(outcomeSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, { description?: string; $ref?: string }> })
        .properties;
      for (const [name, sub] of Object.entries(props ?? {})) {
        if (
          !sub.description &&
          !sub.$ref &&
          !['format', 'at', 'status', 'data', 'kind', 'by'].includes(name)
        ) {
          undescribed.push(`${path}.${name}`);
        }
      }
      for (const [key, value] of Object.entries(node)) {
        // not, anyOf and if only constrain properties defined elsewhere.
        if (!['not', 'anyOf', 'if'].includes(key)) walk(value, `${path}.${key}`);
      }
    };
    walk(scenarioSchema, 'scenario');
    expect(undescribed).toEqual([]);
  });

  it(`accepts every scenario of the corpus (${scenarios.length}), as the loader does`, () => {
    const refused = scenarios.flatMap((path) => {
      const text = scenarioOf(path);
      const name = relative(root, path);
      let value: unknown;
      try {
        value = parse(text);
      } catch (e) {
        return [`${name}: ${(e as Error).message.split('\n')[0]}`];
      }
      const problems = [
        ...schemaErrors(value).map((e) => `schema: ${e}`),
        ...loadScenario(text).errors.map((e) => `loader: line ${e.line}: ${e.message}`),
      ];
      return problems.map((p) => `${name}: ${p}`);
    });
    expect(refused).toEqual([]);
    expect(scenarios.length).toBeGreaterThan(230);
    // Some 900 files, YAML and the loader each: seconds on a busy machine.
  }, 60_000);

  it(`accepts every recorded outcome (${outcomes.length})`, () => {
    const refused = outcomes.flatMap((path) => {
      const value = JSON.parse(readFileSync(path, 'utf8'));
      return validOutcome(value)
        ? []
        : (validOutcome.errors ?? []).map((e) => `${relative(root, path)}: ${e.instancePath} ${e.message}`);
    });
    expect(refused).toEqual([]);
  });

  it('refuses what the loader refuses, by example', () => {
    const v2 = (extra: Record<string, unknown>) => ({
      config: 'server { listen 18080; }',
      clients: [{ request: { path: '/' } }],
      ...extra,
    });
    const cases: Array<[string, unknown]> = [
      ['unknown top-level field in v2', v2({ expect: {} })],
      ['client and clients', v2({ client: { request: { path: '/' } } })],
      ['request and requests', v2({ clients: [{ request: { path: '/' }, requests: [] }] })],
      ['body and body_size', v2({ clients: [{ request: { path: '/', body: 'x', body_size: 3 } }] })],
      ['an address off loopback', v2({ clients: [{ address: '10.0.0.1', request: { path: '/' } }] })],
      ['two answer kinds', v2({ backends: { 'a:1': { answers: [{ close: true, hang: true }] } } })],
      ['upgrade: false', v2({ backends: { 'a:1': { answers: [{ upgrade: false }] } } })],
      ['answers on a refused backend', v2({ backends: { 'a:1': { kind: 'refused', answers: [{}] } } })],
      ['an event with two actions', v2({ events: [{ at: 1, restart: {}, reload: {} }] })],
      ['a restart with a config', v2({ events: [{ at: 1, restart: { config: 'x' } }] })],
      ['too many clients', v2({ clients: Array.from({ length: 201 }, () => ({ requests: [] })) })],
      ['a v1 client without request', { config: 'x', client: { until: 3 } }],
      ['nginx_version as a number', { config: 'x', nginx_version: 1.22, client: { request: { path: '/' } } }],
    ];
    for (const [what, doc] of cases) {
      expect({ what, schema: schemaErrors(doc).length > 0 }).toEqual({ what, schema: true });
      expect({ what, loader: loadScenario(stringify(doc)).scenario }).toEqual({ what, loader: null });
    }
  });
});

// --- generated documents -----------------------------------------------------------------
// Valid documents of both versions, then (half the time) one mutation at a random place: a value
// of another type or out of range, a field removed, or an unknown field added. So both sides see
// mostly valid documents and near misses, which is where a schema and a loader drift apart.

const seconds = fc.integer({ min: 0, max: 200 }).map((n) => n / 10);
const headers = fc.oneof(
  fc.dictionary(
    fc.constantFrom('Host', 'Connection', 'Content-Length', 'X-A'),
    fc.oneof(fc.string({ maxLength: 6 }), fc.integer()),
  ),
  fc.array(
    fc.oneof(
      fc.tuple(fc.constantFrom('Host', 'Upgrade'), fc.string({ maxLength: 5 })),
      fc.constant({ Host: 'x' }),
    ),
    {
      maxLength: 3,
    },
  ),
);

function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: 2 });
}

/** Records whose keys are all optional (absent keys are left out, not set to undefined). */
function record(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const withOptional = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, optional(v)]));
  return fc
    .record(withOptional)
    .map((value) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));
}

/** At most one of body and body_size. */
const body = fc.oneof(
  fc.constant({}),
  fc.record({ body: fc.string({ maxLength: 8 }) }),
  fc.record({ body_size: fc.integer({ min: 0, max: 4096 }) }),
);
const requestBase = {
  method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT'),
  http_version: fc.constantFrom('1.0', '1.1', 1.1),
  headers,
};
const requestV1 = fc
  .tuple(record(requestBase), fc.constantFrom('/', '/chat/'))
  .map(([r, path]) => ({ ...r, path }));
const bodyPart = fc
  .tuple(
    seconds,
    fc.oneof(fc.record({ body: fc.string({ maxLength: 4 }) }), fc.record({ body_size: fc.nat(100) })),
  )
  .map(([at, b]) => ({ at, ...b }));
const requestV2 = fc
  .tuple(
    requestV1,
    body,
    record({ at: seconds, body_parts: fc.array(bodyPart, { maxLength: 2 }), pipelined: fc.boolean() }),
  )
  .map(([r, b, extra]) => ({ ...r, ...b, ...extra }));
const stepAction = (v2: boolean) =>
  fc.oneof(
    fc.record({ send: fc.string({ maxLength: 5 }) }),
    fc.record({ ping: fc.constantFrom('', 'p', null) }),
    fc.record({ close: fc.integer({ min: 1000, max: 4999 }) }),
    ...(v2 ? [fc.record({ send_size: fc.nat(5000) })] : []),
  );
const step = (v2: boolean) => fc.tuple(seconds, stepAction(v2)).map(([at, a]) => ({ at, ...a }));
const answer = fc.oneof(
  fc
    .tuple(
      record({
        status: fc.integer({ min: 100, max: 599 }),
        headers,
        framing: fc.constantFrom('length', 'chunked', 'close'),
        delay: seconds,
        body_delay: seconds,
        keep_alive: fc.boolean(),
        stop_reading: fc.boolean(),
      }),
      body,
    )
    .map(([a, b]) => ({ ...a, ...b })),
  record({ delay: seconds, stop_reading: fc.boolean() }).map((a) => ({ upgrade: true, ...a })),
  record({ delay: seconds, stop_reading: fc.boolean() }).map((a) => ({ close: true, ...a })),
  record({ stop_reading: fc.boolean() }).map((a) => ({ hang: true, ...a })),
);
const backend = fc.oneof(
  record({
    kind: fc.constantFrom('websocket', 'silent', 'http'),
    handshake_delay: seconds,
    plain_status: fc.integer({ min: 100, max: 599 }),
    echo: fc.boolean(),
    send_every: fc.option(seconds.map((n) => n + 0.5)),
    ping_every: fc.option(seconds.map((n) => n + 0.5)),
    close_after: fc.option(seconds),
    answers: fc.array(answer, { minLength: 1, maxLength: 3 }),
  }),
  fc.constant({ kind: 'refused' }),
  fc.constant(null),
);
const ADDRESSES = ['127.0.0.1:18081', '127.0.0.1:18082'];
const backends = fc.dictionary(fc.constantFrom(...ADDRESSES), backend, { maxKeys: 2 });
const clientV2 = fc
  .tuple(
    record({
      start: seconds.map((n) => n / 4),
      after: fc.constantFrom('n0', 'n1', 'zz'),
      port: fc.integer({ min: 1, max: 65535 }),
      address: fc.constantFrom('127.0.0.1', '127.0.2.1', '127.1.1.254'),
      steps: fc.array(step(true), { maxLength: 2 }),
      stop_reading_at: fc.option(seconds),
    }),
    fc.oneof(
      requestV2.map((request) => ({ request })),
      fc.array(requestV2, { maxLength: 3 }).map((requests) => ({ requests })),
    ),
  )
  .map(([c, r]) => ({ ...c, ...r }));
const eventAction = fc.oneof(
  fc.record({
    reload: fc.oneof(
      fc.constant({}),
      fc.constant(null),
      record({ config: fc.constant('server { listen 18080; }'), files: fc.constant({ 'a.conf': 'x' }) }),
    ),
  }),
  fc.record({ restart: fc.constantFrom({}, null) }),
  fc.record({ backend_down: fc.constantFrom(...ADDRESSES) }),
  fc.record({ backend_up: fc.constantFrom(...ADDRESSES) }),
);
const event = fc
  .tuple(
    seconds.map((n) => n / 4),
    eventAction,
  )
  .map(([at, a]) => ({ at, ...a }));
const common = record({
  title: fc.oneof(fc.string({ maxLength: 8 }), fc.record({ zh: fc.string(), en: fc.string() })),
  description: fc.string({ maxLength: 8 }),
  nginx_version: fc.constantFrom('1.22.1', '1.30'),
  files: fc.constant({ 'a.conf': 'x' }),
  backends,
});
const config = fc.constantFrom('server { listen 18080; }', 'events {}\nhttp { server { listen 18080; } }');
const scenarioV1 = fc
  .tuple(
    common,
    config,
    record({
      port: fc.integer({ min: 1, max: 65535 }),
      steps: fc.array(step(false), { maxLength: 3 }),
      until: seconds,
    }),
    requestV1,
    record({ expect: fc.constant({ status: 101 }) }),
  )
  .map(([c, cfg, client, request, extra]) => ({
    ...c,
    config: cfg,
    client: { ...client, request },
    ...extra,
  }));
const scenarioV2 = fc
  .tuple(
    common,
    config,
    fc.array(clientV2, { minLength: 1, maxLength: 3 }),
    fc.array(event, { maxLength: 3 }),
    fc.boolean(),
    fc.option(seconds.map((n) => n + 6)),
  )
  .map(([c, cfg, clients, events, single, until]) => {
    const doc: Record<string, unknown> = { ...c, config: cfg };
    const named = clients.map((client, i) => ({ ...client, name: `n${i}` }));
    if (single && clients.length === 1 && events.length) doc.client = clients[0];
    else doc.clients = named;
    if (events.length || !single) doc.events = events;
    if (until !== null) doc.until = until;
    return doc;
  });

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every place in a document: paths to values, for the mutation to pick from. */
function places(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  const out = [path];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : value && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [k, v] of entries) out.push(...places(v, [...path, k]));
  return out;
}

const JUNK: Json[] = [
  null,
  true,
  -1,
  0,
  0.5,
  1,
  99,
  600,
  999,
  5000,
  65536,
  90000,
  16777217,
  'x',
  '',
  '1.0',
  '/a b',
  [],
  [1],
  ['a', 'b', 'c'],
  {},
  { bogus: 1 },
];

function mutate(
  doc: Record<string, unknown>,
  pick: number,
  junk: number,
  how: number,
): Record<string, unknown> {
  const copy = structuredClone(doc) as Record<string, Json>;
  const all = places(copy).filter((p) => p.length > 0);
  const path = all[pick % all.length]!;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key]!, copy);
  const key = path.at(-1)!;
  if (how === 0 && !Array.isArray(parent)) delete (parent as Record<string, Json>)[key];
  else if (how === 1 && parent && typeof parent === 'object' && !Array.isArray(parent))
    (parent as Record<string, Json>).bogus_field = 1;
  else (parent as Record<string, Json>)[key] = JUNK[junk % JUNK.length]!;
  return copy;
}

const documents = fc.oneof(
  fc.oneof(scenarioV1, scenarioV2),
  fc
    .tuple(fc.oneof(scenarioV1, scenarioV2), fc.nat(), fc.nat(), fc.nat(2))
    .map(([doc, pick, junk, how]) => mutate(doc, pick, junk, how)),
);

/** Indexes into JUNK tried at every place of the full documents: each type, and each kind of bound. */
const EXHAUSTIVE_JUNK = [0, 1, 2, 4, 7, 11, 13];

/** Every field of both versions set, every answer kind and event kind present. */
const FULL_V1 = {
  title: { zh: '标题', en: 'title' },
  description: 'd',
  nginx_version: '1.22.1',
  config: 'server { listen 18080; }',
  files: { 'a.conf': 'x' },
  backends: {
    '127.0.0.1:18081': {
      kind: 'websocket',
      handshake_delay: 0.5,
      plain_status: 426,
      echo: true,
      send_every: 1,
      ping_every: 2,
      close_after: 3,
      answers: [
        {
          status: 200,
          headers: { A: 'b' },
          body: 'x',
          framing: 'chunked',
          delay: 1,
          body_delay: 1,
          keep_alive: false,
          stop_reading: true,
        },
      ],
    },
  },
  client: {
    port: 18080,
    request: { method: 'GET', path: '/chat/', http_version: '1.1', headers: [['Host', 'x']] },
    steps: [
      { at: 1, send: 'hi' },
      { at: 2, ping: '' },
      { at: 3, close: 1000 },
    ],
    until: 4,
  },
  expect: { status: 101 },
};
const FULL_V2 = {
  ...FULL_V1,
  expect: undefined,
  client: undefined,
  backends: {
    ...FULL_V1.backends,
    '127.0.0.1:18082': {
      kind: 'http',
      answers: [
        { status: 204, body_size: 10 },
        { upgrade: true, delay: 1, stop_reading: false },
        { close: true, delay: 0.5, early: true },
        { hang: true, stop_reading: true },
      ],
    },
  },
  clients: [
    {
      name: 'a',
      start: 0.5,
      port: 18080,
      address: '127.0.1.1',
      requests: [
        {
          method: 'POST',
          path: '/',
          http_version: '1.0',
          headers: { 'Content-Length': 3 },
          body: 'abc',
          at: 1,
          body_parts: [
            { at: 2, body: 'd' },
            { at: 3, body_size: 4 },
          ],
        },
        { path: '/b', body_size: 5, pipelined: true },
      ],
      steps: [{ at: 1, send_size: 10 }],
      stop_reading_at: 2,
      until: 5,
    },
    { after: 'a', request: { path: '/' } },
  ],
  events: [
    { at: 1, reload: { config: 'server { listen 18080; }', files: { 'b.conf': 'y' } } },
    { at: 2, restart: {} },
    { at: 3, backend_down: '127.0.0.1:18081' },
    { at: 4, backend_up: '127.0.0.1:18081' },
  ],
  until: 6,
};

describe('schema and loader agree on every single mutation of a full document', () => {
  for (const [name, full] of [
    ['v1', FULL_V1],
    ['v2', JSON.parse(JSON.stringify(FULL_V2))],
  ] as const) {
    it(`${name}: every field replaced by each junk value, removed, or joined by an unknown field`, () => {
      expect(loadScenario(stringify(full)).errors).toEqual([]);
      expect(schemaErrors(full)).toEqual([]);
      const disagreements: string[] = [];
      const paths = places(full).filter((p) => p.length > 0);
      for (let pick = 0; pick < paths.length; pick++) {
        for (let how = 0; how < 3; how++) {
          for (const junk of how === 2 ? EXHAUSTIVE_JUNK : [0]) {
            const doc = mutate(full, pick, junk, how);
            const schema = schemaErrors(doc);
            // JSON is YAML too, and quicker to write and read back.
            const loaded = loadScenario(JSON.stringify(doc));
            const crossFieldOnly =
              !loaded.scenario && loaded.errors.every((e) => CROSS_FIELD.some((re) => re.test(e.message)));
            if ((loaded.scenario !== null || crossFieldOnly) !== (schema.length === 0)) {
              disagreements.push(
                `${paths[pick]!.join('.')} ${['removed', '+bogus_field', `= ${JSON.stringify(JUNK[junk])}`][how]}: schema ${schema[0] ?? 'accepts'}; loader ${loaded.errors[0]?.message ?? 'accepts'}`,
              );
            }
          }
        }
      }
      expect(disagreements).toEqual([]);
    }, 120_000);
  }
});

describe('schema and loader agree on generated documents', () => {
  it('schema-valid ⇔ loader accepts, but for the cross-field rules only the loader checks', () => {
    const seen = { accepted: 0, refused: 0, crossField: 0 };
    fc.assert(
      fc.property(documents, (doc) => {
        const schema = schemaErrors(doc);
        const loaded = loadScenario(stringify(doc));
        if (loaded.scenario) {
          seen.accepted++;
          expect({ doc, schema }).toEqual({ doc, schema: [] });
        } else if (schema.length === 0) {
          seen.crossField++;
          const unexplained = loaded.errors.filter((e) => !CROSS_FIELD.some((re) => re.test(e.message)));
          expect({ doc, unexplained }).toEqual({ doc, unexplained: [] });
        } else seen.refused++;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 500) },
    );
    // The generator must exercise both sides, or the agreement says nothing.
    expect(seen.accepted).toBeGreaterThan(seen.refused / 4);
    expect(seen.refused).toBeGreaterThan(seen.accepted / 4);
  }, 120_000);
});
