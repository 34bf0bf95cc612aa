/**
 * Reads scenario v1 (YAML or JSON, see docs/scenario-format.md), fills in the v1 defaults and
 * reports every problem with the YAML line it is on. Never throws: a broken file yields
 * `scenario: null` plus the list of problems.
 */
import { type Document, LineCounter, parseDocument, stringify } from 'yaml';
import { MAX_SCENARIO_ENTRIES, MAX_STEPS } from '../limits/counts';
import { exceedsBytes, MAX_SCENARIO_BYTES, tooLargeMessage, utf8Bytes } from '../limits/size';
import { tooManyYamlValues } from '../limits/yaml-values';
import type {
  BackendKind,
  BackendSpec,
  ClientRequest,
  ClientStep,
  Localized,
  Scenario,
  ScenarioClient,
} from './types';

/** One problem in a scenario file; `path` is the field, e.g. `client.request.path`. */
export interface ScenarioProblem {
  /** 1-based line in the scenario text, or null when the field is missing altogether. */
  line: number | null;
  message: string;
  path: string;
}

export interface LoadResult {
  scenario: Scenario | null;
  errors: ScenarioProblem[];
}

const BACKEND_KINDS: readonly BackendKind[] = ['websocket', 'refused', 'silent', 'http'];

/**
 * A request target as the client writes it on the request line: origin-form (`/chat/?a=b`),
 * absolute-form (`http://host/chat/`), which clients send to proxies and nginx accepts too, and
 * after CONNECT the authority-form (`host:443`) or whatever else a client may send there.
 */
function isRequestTarget(target: string, method: string): boolean {
  if (target === '' || /\s/.test(target)) return false;
  return method === 'CONNECT' || /^(?:\/|https?:\/\/)/i.test(target);
}

/** The window a client keeps its connection when the scenario does not say. */
export const DEFAULT_UNTIL = 10;

/** A scenario longer than this would only slow the playground down; nginx runs are seconds long. */
const MAX_UNTIL = 86400;

export function defaultBackend(): BackendSpec {
  return {
    kind: 'websocket',
    handshake_delay: 0,
    plain_status: 426,
    echo: true,
    send_every: null,
    ping_every: null,
    close_after: null,
  };
}

type Path = Array<string | number>;

class Reader {
  readonly errors: ScenarioProblem[] = [];
  constructor(
    private readonly doc: Document | null,
    private readonly lines: LineCounter,
  ) {}

  lineOf(path: Path): number | null {
    if (!this.doc) return null;
    // Walk up until a node with a position is found (a missing field points at its parent).
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = p.length === 0 ? this.doc.contents : this.doc.getIn(p, true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return this.lines.linePos(range[0]).line;
      if (p.length === 0) return null;
    }
  }

  problem(path: Path, message: string): void {
    this.errors.push({ line: this.lineOf(path), message, path: path.join('.') || '(top)' });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function readNumber(
  r: Reader,
  path: Path,
  value: unknown,
  fallback: number,
  check: { min?: number; integer?: boolean; max?: number } = {},
): number {
  if (value === undefined) return fallback;
  if (!isFiniteNumber(value)) {
    r.problem(path, `${path.join('.')} must be a number (seconds), got ${JSON.stringify(value)}`);
    return fallback;
  }
  if (check.integer && !Number.isInteger(value)) {
    r.problem(path, `${path.join('.')} must be a whole number, got ${value}`);
    return fallback;
  }
  if (check.min !== undefined && value < check.min) {
    r.problem(path, `${path.join('.')} must be at least ${check.min}, got ${value}`);
    return fallback;
  }
  if (check.max !== undefined && value > check.max) {
    r.problem(path, `${path.join('.')} must be at most ${check.max}, got ${value}`);
    return fallback;
  }
  return value;
}

/** Periodic timers: null (off) or a positive number of seconds. */
function readPeriod(r: Reader, path: Path, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (!isFiniteNumber(value) || value <= 0) {
    r.problem(
      path,
      `${path.join('.')} must be a positive number of seconds or null, got ${JSON.stringify(value)}`,
    );
    return null;
  }
  return value;
}

function readLocalized(r: Reader, path: Path, value: unknown): Localized | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (isRecord(value) && Object.values(value).every((v) => typeof v === 'string')) {
    const out: { zh?: string; en?: string } = {};
    if (typeof value.zh === 'string') out.zh = value.zh;
    if (typeof value.en === 'string') out.en = value.en;
    return out;
  }
  r.problem(path, `${path.join('.')} must be a string or { zh, en }`);
  return undefined;
}

function readBackend(r: Reader, path: Path, value: unknown): BackendSpec {
  const spec = defaultBackend();
  if (value === null || value === undefined) return spec;
  if (!isRecord(value)) {
    r.problem(path, `backend ${String(path.at(-1))} must be a mapping (kind, handshake_delay, …)`);
    return spec;
  }
  const known = new Set(Object.keys(spec));
  for (const key of Object.keys(value)) {
    if (!known.has(key))
      r.problem([...path, key], `unknown backend field "${key}" (known: ${[...known].join(', ')})`);
  }
  if (value.kind !== undefined) {
    if (typeof value.kind === 'string' && (BACKEND_KINDS as readonly string[]).includes(value.kind)) {
      spec.kind = value.kind as BackendKind;
    } else {
      r.problem(
        [...path, 'kind'],
        `backend kind must be one of ${BACKEND_KINDS.join(', ')}, got ${JSON.stringify(value.kind)}`,
      );
    }
  }
  spec.handshake_delay = readNumber(r, [...path, 'handshake_delay'], value.handshake_delay, 0, { min: 0 });
  spec.plain_status = readNumber(r, [...path, 'plain_status'], value.plain_status, 426, {
    integer: true,
    min: 100,
    max: 599,
  });
  if (value.echo !== undefined) {
    if (typeof value.echo === 'boolean') spec.echo = value.echo;
    else r.problem([...path, 'echo'], 'echo must be true or false');
  }
  spec.send_every = readPeriod(r, [...path, 'send_every'], value.send_every);
  spec.ping_every = readPeriod(r, [...path, 'ping_every'], value.ping_every);
  if (value.close_after !== undefined && value.close_after !== null) {
    spec.close_after = readNumber(r, [...path, 'close_after'], value.close_after, 0, { min: 0 });
  }
  return spec;
}

/**
 * The first `max` entries of a list or mapping from the scenario, with a problem naming the
 * count when there are more (a scenario from code still runs with the first ones).
 */
function capped<T>(r: Reader, path: Path, entries: T[], max: number, what: string): T[] {
  if (entries.length <= max) return entries;
  r.problem(path, `${path.join('.')} has ${entries.length} ${what}; the simulator reads at most ${max}`);
  return entries.slice(0, max);
}

function readHeaders(r: Reader, path: Path, input: unknown): Array<[string, string]> {
  if (input === undefined || input === null) return [];
  const value = isRecord(input)
    ? Object.fromEntries(capped(r, path, Object.entries(input), MAX_SCENARIO_ENTRIES, 'headers'))
    : Array.isArray(input)
      ? capped(r, path, input, MAX_SCENARIO_ENTRIES, 'headers')
      : input;
  const out: Array<[string, string]> = [];
  const scalar = (v: unknown): v is string | number | boolean =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (isRecord(value)) {
    for (const [name, v] of Object.entries(value)) {
      if (scalar(v)) out.push([name, String(v)]);
      else r.problem([...path, name], `header ${name} must have a text value`);
    }
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && scalar(item[1])) {
        out.push([item[0], String(item[1])]);
      } else if (isRecord(item) && Object.keys(item).length === 1) {
        const [name, v] = Object.entries(item)[0]!;
        if (scalar(v)) out.push([name, String(v)]);
        else r.problem([...path, i], `header ${name} must have a text value`);
      } else {
        r.problem([...path, i], 'each header must be a [name, value] pair');
      }
    });
    return out;
  }
  r.problem(path, 'headers must be a mapping or a list of [name, value] pairs');
  return out;
}

function readRequest(r: Reader, path: Path, value: unknown): ClientRequest {
  const request: ClientRequest = { method: 'GET', path: '/', http_version: '1.1', headers: [] };
  if (!isRecord(value)) {
    r.problem(path, 'client.request is required (at least a path)');
    return request;
  }
  if (value.method !== undefined) {
    if (typeof value.method === 'string' && /^[A-Z]{1,20}$/.test(value.method)) request.method = value.method;
    else
      r.problem(
        [...path, 'method'],
        `method must be an upper-case HTTP method, got ${JSON.stringify(value.method)}`,
      );
  }
  if (typeof value.path === 'string' && isRequestTarget(value.path, request.method)) {
    request.path = value.path;
  } else {
    r.problem(
      [...path, 'path'],
      value.path === undefined
        ? 'client.request.path is required, e.g. /chat/'
        : `path must start with "/" (or be an absolute URI, http://host/path, or host:port after CONNECT) and contain no spaces, got ${JSON.stringify(value.path)}`,
    );
  }
  if (value.http_version !== undefined) {
    const v = String(value.http_version);
    if (v === '1.0' || v === '1.1') request.http_version = v;
    else
      r.problem(
        [...path, 'http_version'],
        `http_version must be "1.0" or "1.1", got ${JSON.stringify(value.http_version)}`,
      );
  }
  request.headers = readHeaders(r, [...path, 'headers'], value.headers);
  return request;
}

function readSteps(r: Reader, path: Path, value: unknown): ClientStep[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    r.problem(path, 'steps must be a list such as - { at: 1, send: "hello" }');
    return [];
  }
  const steps: ClientStep[] = [];
  capped(r, path, value, MAX_STEPS, 'steps').forEach((item, i) => {
    const p = [...path, i];
    if (!isRecord(item)) {
      r.problem(p, 'each step must be a mapping with `at` and one of send, ping, close');
      return;
    }
    const at = readNumber(r, [...p, 'at'], item.at, Number.NaN, { min: 0 });
    if (item.at === undefined) r.problem(p, 'step needs `at` (seconds from the start)');
    const actions = ['send', 'ping', 'close'].filter((k) => item[k] !== undefined);
    if (actions.length !== 1) {
      r.problem(p, 'each step needs exactly one of send, ping, close');
      return;
    }
    if (Number.isNaN(at)) return;
    if (item.send !== undefined) {
      if (typeof item.send === 'string' || typeof item.send === 'number')
        steps.push({ at, send: String(item.send) });
      else r.problem([...p, 'send'], 'send must be text');
    } else if (item.ping !== undefined) {
      if (item.ping === null || typeof item.ping === 'string' || typeof item.ping === 'number') {
        steps.push({ at, ping: item.ping === null ? '' : String(item.ping) });
      } else r.problem([...p, 'ping'], 'ping must be text (may be empty)');
    } else {
      const code = readNumber(r, [...p, 'close'], item.close, Number.NaN, {
        integer: true,
        min: 1000,
        max: 4999,
      });
      if (!Number.isNaN(code)) steps.push({ at, close: code });
    }
  });
  return steps;
}

function readClient(r: Reader, value: unknown): ScenarioClient {
  const path: Path = ['client'];
  if (!isRecord(value)) {
    r.problem(path, 'client is required (request.path at least)');
    return { request: readRequest(r, [...path, 'request'], {}), steps: [], until: DEFAULT_UNTIL };
  }
  const client: ScenarioClient = {
    request: readRequest(r, [...path, 'request'], value.request),
    steps: readSteps(r, [...path, 'steps'], value.steps),
    until: readNumber(r, [...path, 'until'], value.until, DEFAULT_UNTIL, { min: 0, max: MAX_UNTIL }),
  };
  if (value.port !== undefined && value.port !== null) {
    const port = readNumber(r, [...path, 'port'], value.port, 0, { integer: true, min: 1, max: 65535 });
    if (port > 0) client.port = port;
  }
  return client;
}

function readStringMap(r: Reader, path: Path, value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    r.problem(path, `${path.join('.')} must map names to text`);
    return undefined;
  }
  return Object.fromEntries(
    capped(r, path, Object.entries(value as Record<string, string>), MAX_SCENARIO_ENTRIES, 'files'),
  );
}

/** Parses and validates a scenario; see the module comment. */
export function loadScenario(text: string): LoadResult {
  if (exceedsBytes(String(text), MAX_SCENARIO_BYTES)) {
    const message = tooLargeMessage('the scenario', utf8Bytes(String(text)), MAX_SCENARIO_BYTES);
    return { scenario: null, errors: [{ line: null, path: '(top)', message }] };
  }
  // Counted before parsing: parsing a 30,000-entry list takes seconds.
  const tooMany = tooManyYamlValues(String(text));
  if (tooMany) return { scenario: null, errors: [{ line: null, path: '(top)', message: tooMany }] };
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(String(text), { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return {
      scenario: null,
      errors: [{ line: null, path: '(top)', message: `cannot read scenario: ${(error as Error).message}` }],
    };
  }
  if (doc.errors.length > 0) {
    return {
      scenario: null,
      errors: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        path: '(top)',
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const r = new Reader(doc, lines);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      scenario: null,
      errors: [{ line: null, path: '(top)', message: `YAML: ${(error as Error).message}` }],
    };
  }
  if (!isRecord(data)) {
    return {
      scenario: null,
      errors: [
        {
          line: r.lineOf([]),
          path: '(top)',
          message: 'a scenario is a mapping with config, backends and client',
        },
      ],
    };
  }
  const read = readScenario(r, data);
  return { scenario: read.errors.length === 0 ? read.scenario : null, errors: read.errors };
}

/**
 * A scenario object from code (not text) with v1 defaults applied and every field coerced to
 * its type; problems are listed (without lines) and bad fields fall back to defaults.
 */
export function coerceScenario(value: unknown): { scenario: Scenario; errors: ScenarioProblem[] } {
  const r = new Reader(null, new LineCounter());
  return readScenario(r, isRecord(value) ? value : {});
}

function readScenario(
  r: Reader,
  data: Record<string, unknown>,
): { scenario: Scenario; errors: ScenarioProblem[] } {
  const scenario: Scenario = {
    title: readLocalized(r, ['title'], data.title) ?? '',
    config: '',
    backends: {},
    client: readClient(r, data.client),
  };
  if (typeof data.config === 'string') scenario.config = data.config;
  else r.problem(['config'], 'config is required: the nginx config as text (use `config: |`)');
  if (data.backends !== undefined && data.backends !== null) {
    if (isRecord(data.backends)) {
      const entries = capped(
        r,
        ['backends'],
        Object.entries(data.backends),
        MAX_SCENARIO_ENTRIES,
        'backends',
      );
      for (const [address, spec] of entries) {
        scenario.backends[address] = readBackend(r, ['backends', address], spec);
      }
    } else {
      r.problem(['backends'], 'backends must map an address ("127.0.0.1:18081") to a backend');
    }
  }
  if (data.nginx_version !== undefined) {
    const v = String(data.nginx_version);
    if (/^\d+\.\d+(\.\d+)?$/.test(v)) scenario.nginx_version = v;
    else
      r.problem(
        ['nginx_version'],
        `nginx_version must look like 1.22.1, got ${JSON.stringify(data.nginx_version)}`,
      );
  }
  const description = readLocalized(r, ['description'], data.description);
  if (description !== undefined) scenario.description = description;
  if (data.expect !== undefined && data.expect !== null) {
    if (isRecord(data.expect)) scenario.expect = data.expect as Scenario['expect'] & object;
    else r.problem(['expect'], 'expect must be a mapping of goals');
  }
  const files = readStringMap(r, ['files'], data.files);
  if (files) scenario.files = files;
  return { scenario, errors: r.errors };
}

/** Writes a scenario back as YAML that `loadScenario` reads into the same value. */
export function scenarioToYaml(s: Scenario): string {
  const client: Record<string, unknown> = {};
  if (s.client.port !== undefined) client.port = s.client.port;
  client.request = {
    method: s.client.request.method,
    path: s.client.request.path,
    http_version: s.client.request.http_version,
    headers: s.client.request.headers.map(([n, v]) => [n, v]),
  };
  client.steps = s.client.steps;
  client.until = s.client.until;
  const out: Record<string, unknown> = { title: s.title };
  if (s.description !== undefined) out.description = s.description;
  if (s.nginx_version !== undefined) out.nginx_version = s.nginx_version;
  out.config = s.config;
  out.backends = s.backends;
  out.client = client;
  if (s.expect !== undefined) out.expect = s.expect;
  if (s.files !== undefined) out.files = s.files;
  // doubleQuotedAsJSON: yaml 2.9 folds long double-quoted strings (used for text with control
  // characters) and then misprints a line holding only a space as `\\ `, so the text read back
  // differs (found by tests/fuzz/scenario-loader). JSON-style escapes keep such strings on one line.
  return stringify(out, { lineWidth: 0, blockQuote: 'literal', doubleQuotedAsJSON: true });
}
