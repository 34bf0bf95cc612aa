/**
 * Scenario v2 files for the conformance runner. As for v1 (scenario-file.ts), the judge keeps
 * its own reading: the file is checked against the contract's JSON Schema (not the engine's
 * loader), the few rules that relate fields are checked here, and the defaults are filled in.
 * A problem names the file, the YAML line and the field.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import { LineCounter, parseDocument } from 'yaml';
import type {
  BackendAnswer,
  BackendSpec,
  BodyPart,
  ClientRequestV2,
  ClientStepV2,
  ScenarioClientV2,
  ScenarioEvent,
  ScenarioV2,
} from '../../src/index';
import { scenarioSchema } from '../../src/index';

const ajv = new Ajv2020({
  allErrors: false,
  strictRequired: false,
  strictTuples: false,
  allowUnionTypes: true,
});
const validate = ajv.compile(scenarioSchema);

/** Same defaults as the contract (and the engine's loader). */
const DEFAULT_UNTIL = 10;

type Raw = Record<string, unknown>;

/** A scenario is v2 exactly when it has `clients` or `events`. */
export function isV2(raw: unknown): raw is Raw {
  return (
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) && ('clients' in raw || 'events' in raw)
  );
}

function lineOf(text: string, pointer: string): number | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const path = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let p = path; ; p = p.slice(0, -1)) {
    const node = p.length ? doc.getIn(p, true) : doc.contents;
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range) return lines.linePos(range[0]).line;
    if (!p.length) return null;
  }
}

function fail(path: string, message: string): never {
  throw new Error(`${path}: ${message}`);
}

/** The v2 scenario with every default filled in, or an error naming the line and field. */
/** The scenario fields the schema declares at the top; an exercise file has more (id, story, …). */
const SCENARIO_KEYS = new Set(Object.keys((scenarioSchema as { properties: Raw }).properties));

/**
 * An exercise file (it has `start_config`) is played with its reference `config`, as for v1;
 * its exercise fields (id, story, start_config, its goals under `expect`, …) are not scenario
 * fields, and scenario v2 has no `expect`, so they are left out before the schema judges it.
 */
export function scenarioPart(raw: Raw): Raw {
  if (!('start_config' in raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => SCENARIO_KEYS.has(k) && k !== 'expect'));
}

export function normalizeScenarioV2(whole: Raw, text: string, path: string): ScenarioV2 {
  const raw = scenarioPart(whole);
  if (!validate(raw)) {
    // The most specific error: the deepest path.
    const errors = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
    const e = errors[0]!;
    const line = lineOf(text, e.instancePath);
    const field = e.instancePath.slice(1).replace(/\//g, '.') || '(top)';
    const extra = e.keyword === 'additionalProperties' ? ` "${String(e.params.additionalProperty)}"` : '';
    fail(path, `${line !== null ? `line ${line}: ` : ''}${field} ${e.message}${extra}`);
  }
  const clientsRaw = (raw.clients ?? [raw.client]) as Raw[];
  const explicit = clientsRaw.map((c) => c.until).filter((u): u is number => typeof u === 'number');
  const until =
    typeof raw.until === 'number' ? raw.until : explicit.length ? Math.max(...explicit) : DEFAULT_UNTIL;
  const backends: Record<string, BackendSpec> = {};
  for (const [address, spec] of Object.entries((raw.backends as Record<string, Raw | null>) ?? {})) {
    backends[address] = backend(spec ?? {});
  }
  const clients = clientsRaw.map((c, i) => client(c, i, until));
  const names = new Set<string>();
  for (const c of clients) {
    if (c.after !== null && !names.has(c.after)) {
      fail(path, `client ${c.name}: after names "${c.after}", which is not a client listed before it`);
    }
    if (names.has(c.name)) fail(path, `client name "${c.name}" is used twice; names must be unique`);
    names.add(c.name);
    if (c.until > until)
      fail(path, `client ${c.name}: until ${c.until} is after the window (until ${until})`);
  }
  const events = ((raw.events as Raw[] | null) ?? []).map(event);
  for (const e of events) {
    if (e.at > until) fail(path, `an event at ${e.at} s is after the window (until ${until})`);
    if ((e.kind === 'backend_down' || e.kind === 'backend_up') && !(e.backend in backends)) {
      fail(path, `${e.kind} names "${e.backend}", which is not in backends`);
    }
  }
  const scenario: ScenarioV2 = {
    title: (raw.title as ScenarioV2['title']) ?? path,
    config: raw.config as string,
    backends,
    clients,
    events,
    until,
  };
  if (raw.files) scenario.files = raw.files as Record<string, string>;
  // The pin decides which builds play it (the schema has checked its form).
  if (raw.nginx_version !== undefined) scenario.nginx_version = String(raw.nginx_version);
  return scenario;
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}

function headers(v: unknown): Array<[string, string]> {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) {
    return v.map((item) =>
      Array.isArray(item)
        ? [String(item[0]), String(item[1])]
        : (Object.entries(item as Raw).map(([n, x]) => [n, String(x)])[0] as [string, string]),
    );
  }
  return Object.entries(v as Raw).map(([n, x]) => [n, String(x)]);
}

function bodyOf(v: Raw): { body: string | null; body_size: number | null } {
  return {
    body: v.body === undefined || v.body === null ? null : String(v.body),
    body_size: typeof v.body_size === 'number' ? v.body_size : null,
  };
}

function answer(a: Raw): BackendAnswer {
  const stop_reading = a.stop_reading === true;
  const early = a.early === true;
  if (a.hang !== undefined) return { kind: 'hang', stop_reading };
  if (a.upgrade !== undefined) return { kind: 'upgrade', delay: num(a.delay, 0), early, stop_reading };
  if (a.close !== undefined) return { kind: 'close', delay: num(a.delay, 0), early, stop_reading };
  return {
    kind: 'response',
    status: num(a.status, 200),
    headers: headers(a.headers),
    ...bodyOf(a),
    framing: (a.framing as 'length' | 'chunked' | 'close' | undefined) ?? 'length',
    delay: num(a.delay, 0),
    body_delay: num(a.body_delay, 0),
    keep_alive: a.keep_alive !== false,
    early,
    stop_reading,
  };
}

function backend(spec: Raw): BackendSpec {
  const out: BackendSpec = {
    kind: (spec.kind as BackendSpec['kind'] | undefined) ?? 'websocket',
    handshake_delay: num(spec.handshake_delay, 0),
    plain_status: num(spec.plain_status, 426),
    echo: spec.echo !== false,
    send_every: typeof spec.send_every === 'number' ? spec.send_every : null,
    ping_every: typeof spec.ping_every === 'number' ? spec.ping_every : null,
    close_after: typeof spec.close_after === 'number' ? spec.close_after : null,
  };
  if (Array.isArray(spec.answers)) out.answers = (spec.answers as Raw[]).map(answer);
  return out;
}

/** YAML turns an unquoted 1.1 into a number; the schema allows that spelling of 1.1 only. */
function httpVersion(v: unknown): '1.0' | '1.1' {
  return v === '1.0' ? '1.0' : '1.1';
}

function request(r: Raw): ClientRequestV2 {
  return {
    method: typeof r.method === 'string' ? r.method : 'GET',
    path: r.path as string,
    http_version: httpVersion(r.http_version),
    // The contract's default for a request that gives no headers.
    headers: r.headers === undefined ? [['Host', 'localhost']] : headers(r.headers),
    at: typeof r.at === 'number' ? r.at : null,
    ...bodyOf(r),
    body_parts: ((r.body_parts as Raw[] | null) ?? []).map(
      (p): BodyPart => ({ at: p.at as number, ...bodyOf(p) }),
    ),
    pipelined: r.pipelined === true,
  };
}

function step(s: Raw): ClientStepV2 {
  const out: ClientStepV2 = { at: s.at as number };
  if (s.send !== undefined) out.send = String(s.send);
  if (s.send_size !== undefined) out.send_size = s.send_size as number;
  if (s.ping !== undefined) out.ping = s.ping === null ? '' : String(s.ping);
  if (s.close !== undefined) out.close = s.close as number;
  return out;
}

function client(c: Raw, index: number, until: number): ScenarioClientV2 {
  const requests = c.request !== undefined ? [c.request as Raw] : ((c.requests as Raw[] | null) ?? []);
  const out: ScenarioClientV2 = {
    name: typeof c.name === 'string' ? c.name : `c${index + 1}`,
    start: num(c.start, 0),
    after: typeof c.after === 'string' ? c.after : null,
    address: typeof c.address === 'string' ? c.address : '127.0.0.1',
    requests: requests.map(request),
    steps: ((c.steps as Raw[] | null) ?? []).map(step),
    stop_reading_at: typeof c.stop_reading_at === 'number' ? c.stop_reading_at : null,
    until: num(c.until, until),
  };
  if (typeof c.port === 'number') out.port = c.port;
  return out;
}

function event(e: Raw): ScenarioEvent {
  const at = e.at as number;
  if (e.backend_down !== undefined) return { at, kind: 'backend_down', backend: e.backend_down as string };
  if (e.backend_up !== undefined) return { at, kind: 'backend_up', backend: e.backend_up as string };
  if (e.restart !== undefined) return { at, kind: 'restart' };
  const reload = (e.reload as Raw | null) ?? {};
  return {
    at,
    kind: 'reload',
    config: typeof reload.config === 'string' ? reload.config : null,
    files: (reload.files as Record<string, string> | null | undefined) ?? null,
  };
}
