/**
 * Scenario v2 (docs/scenario-format.md, "Scenario v2"): several clients, each with a sequence of
 * requests on its connection, scripted backends, and events (reload, restart, a backend going
 * down or up). Stricter than v1: an unknown field is refused with the list of known ones, and the
 * counts are limited (limits/scenario.ts). Problems name the YAML line, as in v1.
 */
import { SCENARIO_LIMITS, tooManyMessage } from '../limits/scenario';
import { DEFAULT_UNTIL, MAX_UNTIL, readBackend, readBody, readRequest, readSteps } from './read-parts';
import {
  isRecord,
  type Path,
  type Reader,
  readList,
  readLocalized,
  readNginxVersion,
  readNumber,
  readStringMap,
  refuseUnknown,
  type ScenarioProblem,
} from './reader';
import type {
  BackendSpec,
  BodyPart,
  ClientRequestV2,
  ScenarioClientV2,
  ScenarioEvent,
  ScenarioV2,
} from './types';

/** A scenario is v2 exactly when it has `clients` or `events`. */
export function isV2Document(data: Record<string, unknown>): boolean {
  return 'clients' in data || 'events' in data;
}

const TOP_FIELDS = [
  'title',
  'description',
  'nginx_version',
  'config',
  'files',
  'backends',
  'client',
  'clients',
  'events',
  'until',
];
const CLIENT_FIELDS = [
  'name',
  'start',
  'after',
  'port',
  'address',
  'request',
  'requests',
  'steps',
  'stop_reading_at',
  'until',
];
const REQUEST_FIELDS = [
  'method',
  'path',
  'http_version',
  'headers',
  'body',
  'body_size',
  'body_parts',
  'at',
  'pipelined',
];
const EVENT_ACTIONS = ['reload', 'restart', 'backend_down', 'backend_up'] as const;

/** A v2 request's headers when it gives none. */
export const DEFAULT_HEADERS: ReadonlyArray<[string, string]> = [['Host', 'localhost']];

const NAME = /^[A-Za-z0-9_-]{1,32}$/;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const HOST_OCTET = '(?:25[0-4]|2[0-4]\\d|1\\d\\d|[1-9]\\d|[1-9])';
/** Any loopback address but a network or broadcast one, no leading zeros: the client binds to it. */
export const CLIENT_ADDRESS = new RegExp(`^127\\.${OCTET}\\.${OCTET}\\.${HOST_OCTET}$`);

export function isClientAddress(address: string): boolean {
  return CLIENT_ADDRESS.test(address);
}

export function readScenarioV2(
  r: Reader,
  data: Record<string, unknown>,
): { scenario: ScenarioV2; errors: ScenarioProblem[] } {
  refuseUnknown(r, [], data, TOP_FIELDS, 'scenario v2');
  const scenario: ScenarioV2 = {
    title: readLocalized(r, ['title'], data.title) ?? '',
    config: '',
    backends: {},
    clients: [],
    events: [],
    until: DEFAULT_UNTIL,
  };
  if (typeof data.config === 'string') scenario.config = data.config;
  else r.problem(['config'], 'config is required: the nginx config as text (use `config: |`)');
  const description = readLocalized(r, ['description'], data.description);
  if (description !== undefined) scenario.description = description;
  const version = readNginxVersion(r, data.nginx_version);
  if (version !== undefined) scenario.nginx_version = version;
  const files = readStringMap(r, ['files'], data.files);
  if (files) scenario.files = files;
  scenario.backends = readBackends(r, data.backends);

  const raw = clientList(r, data);
  const untils = raw.map((c) =>
    isRecord(c.value) && c.value.until !== undefined
      ? readNumber(r, [...c.path, 'until'], c.value.until, Number.NaN, { min: 0, max: MAX_UNTIL })
      : Number.NaN,
  );
  const explicit = untils.filter((u) => !Number.isNaN(u));
  scenario.until =
    data.until === undefined
      ? explicit.length
        ? Math.max(...explicit)
        : DEFAULT_UNTIL
      : readNumber(r, ['until'], data.until, DEFAULT_UNTIL, { min: 0, max: MAX_UNTIL });
  scenario.clients = raw.map((c, i) =>
    readClient(r, c.path, c.value, i, Number.isNaN(untils[i]!) ? scenario.until : untils[i]!),
  );
  checkClients(r, raw, scenario);
  scenario.events = readList(
    r,
    ['events'],
    data.events,
    SCENARIO_LIMITS.events,
    '[{ at: 2, reload: {} }]',
  ).map((e, i) => readEvent(r, ['events', i], e));
  scenario.events.forEach((e, i) => {
    if (e.at > scenario.until) {
      r.problem(['events', i, 'at'], `events.${i}.at is ${e.at}, after the window (until ${scenario.until})`);
    }
    if ((e.kind === 'backend_down' || e.kind === 'backend_up') && !(e.backend in scenario.backends)) {
      r.problem(
        ['events', i, e.kind],
        `${e.kind} names "${e.backend}", which is not in backends (${Object.keys(scenario.backends).join(', ') || 'none'})`,
      );
    }
  });
  return { scenario, errors: r.errors };
}

function readBackends(r: Reader, value: unknown): Record<string, BackendSpec> {
  const out: Record<string, BackendSpec> = {};
  if (value === undefined || value === null) return out;
  if (!isRecord(value)) {
    r.problem(['backends'], 'backends must map an address ("127.0.0.1:18081") to a backend');
    return out;
  }
  for (const [address, spec] of Object.entries(value))
    out[address] = readBackend(r, ['backends', address], spec);
  return out;
}

/** `clients` (a list) or `client` (short for a list of one), with the path of each. */
function clientList(r: Reader, data: Record<string, unknown>): Array<{ path: Path; value: unknown }> {
  if (data.client !== undefined && data.clients !== undefined) {
    r.problem(['client'], 'give clients (a list) or client (one), not both');
    return [];
  }
  if (data.clients === undefined) {
    if (data.client === undefined) {
      r.problem([], 'clients is required: a list of clients, each with request or requests');
      return [];
    }
    return [{ path: ['client'], value: data.client }];
  }
  if (!Array.isArray(data.clients) || data.clients.length === 0) {
    r.problem(['clients'], 'clients must be a list of at least one client, e.g. [{ request: { path: / } }]');
    return [];
  }
  const list = readList(r, ['clients'], data.clients, SCENARIO_LIMITS.clients, '[{ request: { path: / } }]');
  return list.map((value, i) => ({ path: ['clients', i], value }));
}

function readClient(r: Reader, path: Path, value: unknown, index: number, until: number): ScenarioClientV2 {
  const client: ScenarioClientV2 = {
    name: `c${index + 1}`,
    start: 0,
    after: null,
    address: '127.0.0.1',
    requests: [],
    steps: [],
    stop_reading_at: null,
    until,
  };
  if (!isRecord(value)) {
    r.problem(path, 'each client must be a mapping with request or requests');
    return client;
  }
  refuseUnknown(r, path, value, CLIENT_FIELDS, 'client');
  if (value.name !== undefined) {
    if (typeof value.name === 'string' && NAME.test(value.name)) client.name = value.name;
    else
      r.problem(
        [...path, 'name'],
        `name must be 1 to 32 letters, digits, "_" or "-", got ${JSON.stringify(value.name)}`,
      );
  }
  client.start = readNumber(r, [...path, 'start'], value.start, 0, { min: 0, max: MAX_UNTIL });
  if (value.after !== undefined && value.after !== null) {
    if (typeof value.after === 'string' && NAME.test(value.after)) client.after = value.after;
    else r.problem([...path, 'after'], `after must name a client, got ${JSON.stringify(value.after)}`);
  }
  if (value.port !== undefined && value.port !== null) {
    const port = readNumber(r, [...path, 'port'], value.port, 0, { integer: true, min: 1, max: 65535 });
    if (port > 0) client.port = port;
  }
  if (value.address !== undefined) {
    if (typeof value.address === 'string' && isClientAddress(value.address)) client.address = value.address;
    else
      r.problem(
        [...path, 'address'],
        `address must be a loopback address 127.x.y.z (z from 1 to 254), got ${JSON.stringify(value.address)}`,
      );
  }
  if (value.request !== undefined && value.requests !== undefined) {
    r.problem([...path, 'requests'], 'give request (one) or requests (a list), not both');
  } else if (value.request !== undefined) {
    client.requests = [readRequestV2(r, [...path, 'request'], value.request)];
  } else if (value.requests !== undefined) {
    client.requests = readList(
      r,
      [...path, 'requests'],
      value.requests,
      SCENARIO_LIMITS.requestsPerClient,
      '[{ path: /one }, { path: /two }]',
    ).map((q, i) => readRequestV2(r, [...path, 'requests', i], q));
  } else {
    r.problem(path, 'a client needs request (one) or requests (a list; [] for none)');
  }
  const steps = readList(
    r,
    [...path, 'steps'],
    value.steps,
    SCENARIO_LIMITS.stepsPerClient,
    '[{ at: 1, send: hi }]',
  );
  if (steps.length) client.steps = readSteps(r, [...path, 'steps'], steps, true);
  if (value.stop_reading_at !== undefined && value.stop_reading_at !== null) {
    client.stop_reading_at = readNumber(r, [...path, 'stop_reading_at'], value.stop_reading_at, 0, {
      min: 0,
      max: MAX_UNTIL,
    });
  }
  return client;
}

function readRequestV2(r: Reader, path: Path, value: unknown): ClientRequestV2 {
  if (!isRecord(value)) {
    r.problem(path, 'each request must be a mapping with at least a path, e.g. { path: / }');
    return {
      ...readRequest(r, path, {}),
      at: null,
      body: null,
      body_size: null,
      body_parts: [],
      pipelined: false,
    };
  }
  refuseUnknown(r, path, value, REQUEST_FIELDS, 'request');
  const request: ClientRequestV2 = {
    ...readRequest(r, path, value),
    at: null,
    ...readBody(r, path, value),
    body_parts: [],
    pipelined: false,
  };
  if (value.pipelined !== undefined) {
    if (typeof value.pipelined === 'boolean') request.pipelined = value.pipelined;
    else
      r.problem(
        [...path, 'pipelined'],
        `pipelined must be true or false, got ${JSON.stringify(value.pipelined)}`,
      );
  }
  // Without headers a request still needs Host to be valid HTTP/1.1; written headers go as they are.
  if (value.headers === undefined) request.headers = [...DEFAULT_HEADERS];
  if (value.at !== undefined && value.at !== null) {
    request.at = readNumber(r, [...path, 'at'], value.at, 0, { min: 0, max: MAX_UNTIL });
  }
  request.body_parts = readList(
    r,
    [...path, 'body_parts'],
    value.body_parts,
    SCENARIO_LIMITS.bodyParts,
    '[{ at: 1, body: "rest" }]',
  ).map((part, i) => readBodyPart(r, [...path, 'body_parts', i], part));
  return request;
}

function readBodyPart(r: Reader, path: Path, value: unknown): BodyPart {
  if (!isRecord(value)) {
    r.problem(path, 'each body part must be a mapping with at and body or body_size');
    return { at: 0, body: null, body_size: null };
  }
  refuseUnknown(r, path, value, ['at', 'body', 'body_size'], 'body part');
  if (value.at === undefined) r.problem(path, 'a body part needs `at` (seconds from the start)');
  const part: BodyPart = {
    at: readNumber(r, [...path, 'at'], value.at, 0, { min: 0, max: MAX_UNTIL }),
    ...readBody(r, path, value),
  };
  if (part.body === null && part.body_size === null) r.problem(path, 'a body part needs body or body_size');
  return part;
}

/** Unique names, counts within limits, every client's times inside the window. */
function checkClients(r: Reader, raw: Array<{ path: Path }>, s: ScenarioV2): void {
  const seen = new Map<string, number>();
  s.clients.forEach((c, i) => {
    const path = raw[i]!.path;
    const first = seen.get(c.name);
    if (first !== undefined) {
      r.problem(
        [...path, 'name'],
        `client name "${c.name}" is taken by client ${first + 1}; names must be unique`,
      );
    } else seen.set(c.name, i);
    if (c.until > s.until) {
      r.problem(
        [...path, 'until'],
        `${path.join('.')}.until is ${c.until}, after the window (until ${s.until})`,
      );
    }
    if (c.after !== null && !s.clients.slice(0, i).some((other) => other.name === c.after)) {
      r.problem([...path, 'after'], `after names "${c.after}", which is not a client listed before this one`);
    }
    if (c.start > c.until) {
      r.problem(
        [...path, 'start'],
        `${path.join('.')}.start is ${c.start}, after the client's until (${c.until})`,
      );
    }
  });
  const total = s.clients.reduce((n, c) => n + c.requests.length, 0);
  if (total > SCENARIO_LIMITS.requests) {
    r.problem(['clients'], tooManyMessage('the requests of all clients', total, SCENARIO_LIMITS.requests));
  }
}

function readEvent(r: Reader, path: Path, value: unknown): ScenarioEvent {
  const fallback: ScenarioEvent = { at: 0, kind: 'restart' };
  if (!isRecord(value)) {
    r.problem(path, `each event must be a mapping with at and one of ${EVENT_ACTIONS.join(', ')}`);
    return fallback;
  }
  refuseUnknown(r, path, value, ['at', ...EVENT_ACTIONS], 'event');
  if (value.at === undefined) r.problem(path, 'an event needs `at` (seconds from the start)');
  const at = readNumber(r, [...path, 'at'], value.at, 0, { min: 0, max: MAX_UNTIL });
  const actions = EVENT_ACTIONS.filter((a) => value[a] !== undefined);
  if (actions.length !== 1) {
    r.problem(path, `each event needs exactly one of ${EVENT_ACTIONS.join(', ')}`);
    return { ...fallback, at };
  }
  const action = actions[0]!;
  const arg = value[action];
  if (action === 'backend_down' || action === 'backend_up') {
    if (typeof arg !== 'string') {
      r.problem([...path, action], `${action} must name a backend address, e.g. "127.0.0.1:18081"`);
      return { ...fallback, at };
    }
    return { at, kind: action, backend: arg };
  }
  if (arg !== null && !isRecord(arg)) {
    r.problem([...path, action], `${action} must be a mapping ({} for none)`);
    return { ...fallback, at };
  }
  if (action === 'restart') {
    if (arg && Object.keys(arg).length) refuseUnknown(r, [...path, action], arg, [], 'restart');
    return { at, kind: 'restart' };
  }
  const event: ScenarioEvent = { at, kind: 'reload', config: null, files: null };
  if (arg) {
    refuseUnknown(r, [...path, action], arg, ['config', 'files'], 'reload');
    if (arg.config !== undefined && arg.config !== null) {
      if (typeof arg.config === 'string') event.config = arg.config;
      else r.problem([...path, action, 'config'], 'reload.config must be the new nginx config as text');
    }
    event.files = readStringMap(r, [...path, action, 'files'], arg.files) ?? null;
  }
  return event;
}

/** A v2 scenario as a file writes it (the inverse of readScenarioV2), every default spelled out. */
export function scenarioV2ToPlain(
  s: ScenarioV2,
  backendToPlain: (b: BackendSpec) => Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { title: s.title };
  if (s.description !== undefined) out.description = s.description;
  if (s.nginx_version !== undefined) out.nginx_version = s.nginx_version;
  out.config = s.config;
  if (s.files !== undefined) out.files = s.files;
  out.backends = Object.fromEntries(Object.entries(s.backends).map(([a, b]) => [a, backendToPlain(b)]));
  out.clients = s.clients.map((c) => {
    const client: Record<string, unknown> = { name: c.name, start: c.start };
    if (c.after !== null) client.after = c.after;
    if (c.port !== undefined) client.port = c.port;
    client.address = c.address;
    client.requests = c.requests.map((q) => {
      const request: Record<string, unknown> = {
        method: q.method,
        path: q.path,
        http_version: q.http_version,
        headers: q.headers.map(([n, v]) => [n, v]),
      };
      if (q.at !== null) request.at = q.at;
      if (q.pipelined) request.pipelined = true;
      if (q.body !== null) request.body = q.body;
      if (q.body_size !== null) request.body_size = q.body_size;
      request.body_parts = q.body_parts.map((p) => ({
        at: p.at,
        ...(p.body !== null ? { body: p.body } : {}),
        ...(p.body_size !== null ? { body_size: p.body_size } : {}),
      }));
      return request;
    });
    client.steps = c.steps;
    client.stop_reading_at = c.stop_reading_at;
    client.until = c.until;
    return client;
  });
  out.events = s.events.map((e) => {
    if (e.kind === 'reload') {
      const reload: Record<string, unknown> = {};
      if (e.config !== null) reload.config = e.config;
      if (e.files !== null) reload.files = e.files;
      return { at: e.at, reload };
    }
    if (e.kind === 'restart') return { at: e.at, restart: {} };
    return { at: e.at, [e.kind]: e.backend };
  });
  out.until = s.until;
  return out;
}
