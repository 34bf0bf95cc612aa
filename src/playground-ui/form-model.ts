import {
  headersToLines,
  linesToHeaders,
  linesToSteps,
  parseDocumentSafe,
  readRest,
  setIn,
  stepsToLines,
} from './scenario-text';

/**
 * The scenario form's values, read from and written to the scenario YAML. The YAML is the
 * single source of truth: the form shows it and each field edit rewrites one YAML path, so
 * comments and fields the form does not know survive. The form edits the first backend;
 * more backends are edited in the YAML.
 */

export interface FormValues {
  method: string;
  path: string;
  http_version: string;
  headers: string;
  steps: string;
  until: string;
  address: string;
  kind: string;
  handshake_delay: string;
  plain_status: string;
  echo: boolean;
  send_every: string;
  ping_every: string;
  close_after: string;
}

export type FieldName = keyof FormValues;

const str = (v: unknown, fallback = ''): string => (v === undefined || v === null ? fallback : String(v));

/** The scenario (without its config) is v2: it has `clients` or `events` (docs/scenario-format.md). */
export function isV2Rest(rest: string): boolean {
  const data = readRest(rest);
  return data !== null && ('clients' in data || 'events' in data);
}

export function readForm(rest: string): FormValues | null {
  const data = readRest(rest);
  if (!data) return null;
  const client = (data.client ?? {}) as Record<string, unknown>;
  const request = (client.request ?? {}) as Record<string, unknown>;
  const backends = (data.backends ?? {}) as Record<string, unknown>;
  const address = Object.keys(backends)[0] ?? '';
  const backend = (backends[address] ?? {}) as Record<string, unknown>;
  return {
    method: str(request.method, 'GET'),
    path: str(request.path),
    http_version: str(request.http_version, '1.1'),
    headers: headersToLines(request.headers),
    steps: stepsToLines(client.steps),
    until: str(client.until),
    address,
    kind: str(backend.kind, 'websocket'),
    handshake_delay: str(backend.handshake_delay),
    plain_status: str(backend.plain_status),
    echo: backend.echo !== false,
    send_every: str(backend.send_every),
    ping_every: str(backend.ping_every),
    close_after: str(backend.close_after),
  };
}

export type FieldResult = { ok: true; rest: string } | { ok: false; error: { line: number; text: string } };

/** Number fields: empty means "not set" (the field is removed and the default applies). */
function num(value: string): number | undefined {
  const t = value.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export function applyField(rest: string, field: FieldName, value: string | boolean): FieldResult {
  const v = value;
  switch (field) {
    case 'method':
    case 'path':
      return { ok: true, rest: setIn(rest, ['client', 'request', field], String(v)) };
    case 'http_version':
      return { ok: true, rest: setIn(rest, ['client', 'request', 'http_version'], String(v)) };
    case 'headers':
      return { ok: true, rest: setIn(rest, ['client', 'request', 'headers'], linesToHeaders(String(v))) };
    case 'steps': {
      const parsed = linesToSteps(String(v));
      if (!parsed.ok) return { ok: false, error: { line: parsed.line, text: parsed.text } };
      return { ok: true, rest: setIn(rest, ['client', 'steps'], parsed.steps) };
    }
    case 'until':
      return { ok: true, rest: setIn(rest, ['client', 'until'], num(String(v))) };
    case 'address':
      return { ok: true, rest: renameBackend(rest, String(v).trim()) };
    default: {
      const address = readForm(rest)?.address || '127.0.0.1:18081';
      if (field === 'echo') return { ok: true, rest: setIn(rest, ['backends', address, 'echo'], Boolean(v)) };
      if (field === 'kind') return { ok: true, rest: setIn(rest, ['backends', address, 'kind'], String(v)) };
      return { ok: true, rest: setIn(rest, ['backends', address, field], num(String(v))) };
    }
  }
}

/** Renames the first backend, keeping its settings and its place. */
function renameBackend(rest: string, to: string): string {
  if (to === '') return rest;
  const doc = parseDocumentSafe(rest);
  if (!doc) return rest;
  const from = readForm(rest)?.address;
  if (!from) return setIn(rest, ['backends', to, 'kind'], 'websocket');
  if (from === to) return rest;
  const spec = doc.getIn(['backends', from]);
  doc.deleteIn(['backends', from]);
  doc.setIn(['backends', to], spec ?? doc.createNode({ kind: 'websocket' }));
  return doc.toString({ lineWidth: 0 });
}
