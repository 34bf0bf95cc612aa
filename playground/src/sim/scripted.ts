/**
 * What a scenario backend does with one request (scenario v2): its scripted `answers` in order of
 * arrival, or its v1 kind when it has none. Times are virtual milliseconds, counted from the
 * moment the backend has the whole request (or only its head: `early`, `stop_reading`).
 */
import type { BackendAnswer, BackendSpec } from '../scenario/types';
import { backendAnswer } from './exchange';
import { BACKEND_BODIES, byteLength } from './pages';
import { toMs } from './recorder';

/** Bodies and frames keep this many bytes in an outcome. */
export const KEPT_BYTES = 1024;

export type BackendAct =
  | {
      kind: 'respond';
      /** ms after the request (or its head, `fromHead`) before the head of the answer goes out. */
      afterMs: number;
      fromHead: boolean;
      status: number;
      /** As the backend sends them, lower-case names, framing and Connection included. */
      headers: Array<[string, string]>;
      /** The first KEPT_BYTES of the body. */
      body: string;
      bodyLength: number;
      /** ms between the head and the end of the body. */
      bodyDelayMs: number;
      /** The backend closes the connection once the answer is out. */
      closes: boolean;
      /** The backend reads nothing after the request head. */
      stopReading: boolean;
      /** A 101 from the websocket behaviour: the tunnel follows. */
      upgraded: boolean;
      /** Why a websocket backend refused the upgrade, if it did. */
      problem: string | null;
    }
  | { kind: 'close'; afterMs: number; fromHead: boolean; stopReading: boolean }
  | { kind: 'hang'; stopReading: boolean };

/** What the request itself asks of the connection: HTTP/1.0 without keep-alive, or `Connection: close`. */
export function requestAsksClose(requestLine: string, headers: Array<[string, string]>): boolean {
  const connection = headers
    .filter(([n]) => n.toLowerCase() === 'connection')
    .map(([, v]) => v.toLowerCase())
    .join(',');
  const tokens = connection.split(',').map((t) => t.trim());
  if (requestLine.endsWith('HTTP/1.0')) return !tokens.includes('keep-alive');
  return tokens.includes('close');
}

/** The answer for the backend's `index`-th request (0-based): the last one repeats. */
export function answerFor(spec: BackendSpec, index: number): BackendAnswer | null {
  const answers = spec.answers;
  if (!answers || answers.length === 0) return null;
  return answers[Math.min(index, answers.length - 1)]!;
}

const NO_BODY_STATUS = (status: number) => status < 200 || status === 204 || status === 304;

export function backendAct(
  spec: BackendSpec,
  answer: BackendAnswer | null,
  method: string,
  requestLine: string,
  headers: Array<[string, string]>,
): BackendAct {
  const asksClose = requestAsksClose(requestLine, headers);
  if (answer === null || answer.kind === 'upgrade') {
    const v1 = backendAnswer(
      answer ? { ...spec, kind: 'websocket' } : spec,
      requestLine,
      headers.map(([n, v]) => [n.toLowerCase(), v]),
    );
    const stopReading = answer?.stop_reading ?? false;
    if (v1.answerAfter === null) return { kind: 'hang', stopReading };
    const body =
      v1.status === 101 ? '' : spec.kind === 'http' && !answer ? BACKEND_BODIES.http : BACKEND_BODIES.plain;
    const sent = method === 'HEAD' || NO_BODY_STATUS(v1.status) ? '' : body;
    return {
      kind: 'respond',
      afterMs: answer ? toMs(answer.delay) : v1.answerAfter,
      fromHead: answer ? answer.early || answer.stop_reading : false,
      status: v1.status,
      headers: v1.headers,
      body: sent,
      bodyLength: byteLength(sent),
      bodyDelayMs: 0,
      closes: v1.status !== 101 && asksClose,
      stopReading,
      upgraded: v1.status === 101,
      problem: v1.problem,
    };
  }
  if (answer.kind === 'hang') return { kind: 'hang', stopReading: answer.stop_reading };
  if (answer.kind === 'close') {
    return {
      kind: 'close',
      afterMs: toMs(answer.delay),
      fromHead: answer.early || answer.stop_reading,
      stopReading: answer.stop_reading,
    };
  }
  const noBody = method === 'HEAD' || NO_BODY_STATUS(answer.status);
  const fullLength = answer.body !== null ? byteLength(answer.body) : (answer.body_size ?? 0);
  const out: Array<[string, string]> = answer.headers.map(([n, v]) => [n.toLowerCase(), v]);
  const has = (name: string) => out.some(([n]) => n === name);
  if (!NO_BODY_STATUS(answer.status) && !has('content-length') && !has('transfer-encoding')) {
    if (answer.framing === 'length') out.push(['content-length', String(fullLength)]);
    else if (answer.framing === 'chunked') out.push(['transfer-encoding', 'chunked']);
  }
  const closes = !answer.keep_alive || answer.framing === 'close' || asksClose;
  if (closes && !has('connection')) out.push(['connection', 'close']);
  const bodyLength = noBody ? 0 : fullLength;
  const text = answer.body ?? 'x'.repeat(Math.min(bodyLength, KEPT_BYTES));
  return {
    kind: 'respond',
    afterMs: toMs(answer.delay),
    fromHead: answer.early || answer.stop_reading,
    status: answer.status,
    headers: out,
    body: noBody ? '' : keep(text),
    bodyLength,
    bodyDelayMs: toMs(answer.body_delay),
    closes,
    stopReading: answer.stop_reading,
    upgraded: false,
    problem: null,
  };
}

/** The first KEPT_BYTES bytes of a text, as text. */
export function keep(text: string): string {
  if (text.length <= KEPT_BYTES / 4) return text;
  if (byteLength(text) <= KEPT_BYTES) return text;
  return new TextDecoder().decode(new TextEncoder().encode(text).slice(0, KEPT_BYTES));
}
