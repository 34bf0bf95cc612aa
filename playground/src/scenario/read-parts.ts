/**
 * Readers for the parts of a scenario both versions share: backends (with v2's scripted
 * `answers`, allowed in v1 files too), a client's request and its steps. See reader.ts for how
 * problems are reported.
 */
import { MAX_STEPS } from '../limits/counts';
import { SCENARIO_LIMITS } from '../limits/scenario';
import {
  capped,
  isRecord,
  type Path,
  type Reader,
  readHeaders,
  readList,
  readNumber,
  readPeriod,
  refuseUnknown,
} from './reader';
import type { BackendAnswer, BackendKind, BackendSpec, ClientRequest, ClientStepV2 } from './types';

export const BACKEND_KINDS: readonly BackendKind[] = ['websocket', 'refused', 'silent', 'http'];

/** The window a client keeps its connection when the scenario does not say. */
export const DEFAULT_UNTIL = 10;

/** A scenario longer than this would only slow the playground down; nginx runs are seconds long. */
export const MAX_UNTIL = 86400;

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

const BACKEND_FIELDS = [...Object.keys(defaultBackend()), 'answers'];

export function readBackend(r: Reader, path: Path, value: unknown): BackendSpec {
  const spec = defaultBackend();
  if (value === null || value === undefined) return spec;
  if (!isRecord(value)) {
    r.problem(path, `backend ${String(path.at(-1))} must be a mapping (kind, handshake_delay, …)`);
    return spec;
  }
  refuseUnknown(r, path, value, BACKEND_FIELDS, 'backend');
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
  if (value.answers !== undefined && value.answers !== null) {
    const items = readList(
      r,
      [...path, 'answers'],
      value.answers,
      SCENARIO_LIMITS.answersPerBackend,
      '[{ status: 200, body: "ok" }]',
    );
    if (Array.isArray(value.answers) && value.answers.length === 0) {
      r.problem([...path, 'answers'], 'answers must hold at least one answer (or leave it out)');
    }
    if (spec.kind === 'refused' && items.length > 0) {
      r.problem([...path, 'answers'], 'a refused backend never answers: remove kind: refused or the answers');
    }
    spec.answers = items.map((item, i) => readAnswer(r, [...path, 'answers', i], item));
  }
  return spec;
}

const ANSWER_FIELDS = {
  response: [
    'status',
    'headers',
    'body',
    'body_size',
    'framing',
    'delay',
    'early',
    'body_delay',
    'keep_alive',
    'stop_reading',
  ],
  upgrade: ['upgrade', 'delay', 'early', 'stop_reading'],
  close: ['close', 'delay', 'early', 'stop_reading'],
  hang: ['hang', 'stop_reading'],
} as const;

const FRAMINGS = ['length', 'chunked', 'close'] as const;

function readFlag(r: Reader, path: Path, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  r.problem(path, `${path.join('.')} must be true or false, got ${JSON.stringify(value)}`);
  return fallback;
}

/** `body` (text) or `body_size` (bytes of `x`), never both. */
export function readBody(
  r: Reader,
  path: Path,
  value: Record<string, unknown>,
): { body: string | null; body_size: number | null } {
  const out = { body: null as string | null, body_size: null as number | null };
  if (value.body !== undefined && value.body !== null) {
    if (typeof value.body === 'string' || typeof value.body === 'number') out.body = String(value.body);
    else r.problem([...path, 'body'], `${[...path, 'body'].join('.')} must be text`);
  }
  if (value.body_size !== undefined && value.body_size !== null) {
    out.body_size = readNumber(r, [...path, 'body_size'], value.body_size, 0, {
      integer: true,
      min: 0,
      max: SCENARIO_LIMITS.bodyBytes,
    });
    if (out.body !== null) {
      r.problem([...path, 'body_size'], 'give body or body_size, not both');
      out.body_size = null;
    }
  }
  return out;
}

function readAnswer(r: Reader, path: Path, value: unknown): BackendAnswer {
  const fallback: BackendAnswer = { kind: 'hang', stop_reading: false };
  if (!isRecord(value)) {
    r.problem(path, 'each answer must be a mapping, e.g. { status: 200, body: "ok" } or { close: true }');
    return fallback;
  }
  const kinds = (['upgrade', 'close', 'hang'] as const).filter((k) => value[k] !== undefined);
  if (kinds.length > 1) {
    r.problem(path, `an answer is one of upgrade, close or hang, not ${kinds.join(' and ')}`);
    return fallback;
  }
  const kind = kinds[0] ?? 'response';
  refuseUnknown(r, path, value, ANSWER_FIELDS[kind], kind === 'response' ? 'answer' : `${kind} answer`);
  if (kind !== 'response' && value[kind] !== true) {
    r.problem([...path, kind], `${kind} must be true, got ${JSON.stringify(value[kind])}`);
  }
  const stop_reading = readFlag(r, [...path, 'stop_reading'], value.stop_reading, false);
  const delay = readNumber(r, [...path, 'delay'], value.delay, 0, { min: 0, max: MAX_UNTIL });
  if (kind === 'hang') return { kind, stop_reading };
  const early = readFlag(r, [...path, 'early'], value.early, false);
  if (kind === 'upgrade' || kind === 'close') return { kind, delay, early, stop_reading };
  let framing: (typeof FRAMINGS)[number] = 'length';
  if (value.framing !== undefined) {
    if ((FRAMINGS as readonly unknown[]).includes(value.framing)) framing = value.framing as typeof framing;
    else
      r.problem(
        [...path, 'framing'],
        `framing must be one of ${FRAMINGS.join(', ')}, got ${JSON.stringify(value.framing)}`,
      );
  }
  return {
    kind,
    status: readNumber(r, [...path, 'status'], value.status, 200, { integer: true, min: 100, max: 599 }),
    headers: readHeaders(r, [...path, 'headers'], value.headers),
    ...readBody(r, path, value),
    framing,
    delay,
    early,
    body_delay: readNumber(r, [...path, 'body_delay'], value.body_delay, 0, { min: 0, max: MAX_UNTIL }),
    keep_alive: readFlag(r, [...path, 'keep_alive'], value.keep_alive, true),
    stop_reading,
  };
}

/** The answer as a file writes it (the inverse of readAnswer). */
export function answerToPlain(a: BackendAnswer): Record<string, unknown> {
  if (a.kind === 'hang') return { hang: true, stop_reading: a.stop_reading };
  if (a.kind === 'upgrade' || a.kind === 'close')
    return { [a.kind]: true, delay: a.delay, stop_reading: a.stop_reading };
  const out: Record<string, unknown> = { status: a.status, headers: a.headers.map(([n, v]) => [n, v]) };
  if (a.body !== null) out.body = a.body;
  if (a.body_size !== null) out.body_size = a.body_size;
  out.framing = a.framing;
  out.delay = a.delay;
  out.early = a.early;
  out.body_delay = a.body_delay;
  out.keep_alive = a.keep_alive;
  out.stop_reading = a.stop_reading;
  return out;
}

/**
 * A request target as the client writes it on the request line: origin-form (`/chat/?a=b`),
 * absolute-form (`http://host/chat/`), which clients send to proxies and nginx accepts too, and
 * after CONNECT the authority-form (`host:443`) or whatever else a client may send there.
 */
function isRequestTarget(target: string, method: string): boolean {
  if (target === '' || /\s/.test(target)) return false;
  return method === 'CONNECT' || /^(?:\/|https?:\/\/)/i.test(target);
}

export function readRequest(r: Reader, path: Path, value: unknown): ClientRequest {
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
    // YAML reads an unquoted 1.1 as a number; 1.0 becomes 1 and must be quoted.
    const v = typeof value.http_version === 'number' ? String(value.http_version) : value.http_version;
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

/** v1 steps; with `v2`, also `send_size` (a text frame of that many bytes of `x`). */
export function readSteps(r: Reader, path: Path, value: unknown, v2 = false): ClientStepV2[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    r.problem(path, 'steps must be a list such as - { at: 1, send: "hello" }');
    return [];
  }
  const steps: ClientStepV2[] = [];
  // v2 has its own, larger limit on steps (SCENARIO_LIMITS, checked by its loader).
  (v2 ? value : capped(r, path, value, MAX_STEPS, 'steps')).forEach((item, i) => {
    const p = [...path, i];
    if (!isRecord(item)) {
      r.problem(p, 'each step must be a mapping with `at` and one of send, ping, close');
      return;
    }
    const at = readNumber(r, [...p, 'at'], item.at, Number.NaN, { min: 0 });
    if (item.at === undefined) r.problem(p, 'step needs `at` (seconds from the start)');
    const names = v2 ? ['send', 'send_size', 'ping', 'close'] : ['send', 'ping', 'close'];
    if (v2) refuseUnknown(r, p, item, ['at', ...names], 'step');
    const actions = names.filter((k) => item[k] !== undefined);
    if (actions.length !== 1) {
      r.problem(p, `each step needs exactly one of ${names.join(', ')}`);
      return;
    }
    if (Number.isNaN(at)) return;
    if (item.send_size !== undefined) {
      const size = readNumber(r, [...p, 'send_size'], item.send_size, Number.NaN, {
        integer: true,
        min: 0,
        max: SCENARIO_LIMITS.bodyBytes,
      });
      if (!Number.isNaN(size)) steps.push({ at, send_size: size });
    } else if (item.send !== undefined) {
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
