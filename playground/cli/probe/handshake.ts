/**
 * The opening handshake as a browser sends it (RFC 6455 §4.1), with the user's -H, Origin
 * and subprotocols, and the checks a browser makes on the answer (§4.1 point 5 onwards).
 * The response head is kept as it came: header names as sent, in order, duplicates kept.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { hasToken, headerValue, readHead } from '../conformance/http-head';
import { acceptKey } from '../conformance/ws-frames';
import { EXIT, ProbeFailure } from './failure';
import type { MessageCode, Params } from './messages';
import type { Target } from './target';

export const USER_AGENT = 'nginx-ws-lab-probe';

export interface UpgradeRequest {
  line: string;
  headers: Array<[string, string]>;
  key: string;
  protocols: string[];
}

export interface RequestOptions {
  /** -H values: replace a default header of the same name, remove it when empty, else add. */
  extra: Array<[string, string]>;
  origin: string | null;
  protocols: string[];
}

export function buildRequest(t: Target, o: RequestOptions): UpgradeRequest {
  const key = randomBytes(16).toString('base64');
  const headers: Array<[string, string]> = [
    ['Host', t.hostHeader],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', key],
    ['Sec-WebSocket-Version', '13'],
  ];
  if (o.origin !== null) headers.push(['Origin', o.origin]);
  if (o.protocols.length) headers.push(['Sec-WebSocket-Protocol', o.protocols.join(', ')]);
  headers.push(['User-Agent', USER_AGENT]);
  // -H replaces a default once (curl's rule); a second -H of the same name adds another line.
  const defaults = new Set(headers.map(([n]) => n.toLowerCase()));
  for (const [name, value] of o.extra) {
    const lower = name.toLowerCase();
    const at = defaults.has(lower) ? headers.findIndex(([n]) => n.toLowerCase() === lower) : -1;
    defaults.delete(lower);
    if (at >= 0 && value === '') headers.splice(at, 1);
    else if (at >= 0) headers[at] = [name, value];
    else if (value !== '') headers.push([name, value]);
  }
  const sentKey = headerValue(headers, 'sec-websocket-key') ?? key;
  const sentProtocols = (headerValue(headers, 'sec-websocket-protocol') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return { line: `GET ${t.path} HTTP/1.1`, headers, key: sentKey, protocols: sentProtocols };
}

export function requestBytes(r: UpgradeRequest): string {
  return `${[r.line, ...r.headers.map(([n, v]) => `${n}: ${v}`)].join('\r\n')}\r\n\r\n`;
}

export interface UpgradeResponse {
  statusLine: string;
  status: number;
  headers: Array<[string, string]>;
  /** Bytes after the head: the first frames of a 101, or the start of a body. */
  rest: Buffer;
}

/** A head larger than this is not an HTTP response worth reading on. */
export const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Reads the response head within `ms`. Listeners are removed once it is in, so the socket
 * goes on to the frame reader with nothing attached but what the caller adds.
 */
export function readResponse(socket: Socket, ms: number, signal?: AbortSignal): Promise<UpgradeResponse> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const done = (f: () => void) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    const onAbort = () =>
      done(() => {
        socket.destroy();
        reject(new ProbeFailure('fail-interrupted', {}, EXIT.interrupted));
      });
    signal?.addEventListener('abort', onAbort);
    const timer = setTimeout(
      () =>
        done(() => {
          socket.destroy();
          reject(new ProbeFailure('fail-handshake-timeout', { seconds: seconds(ms) }, EXIT.handshake));
        }),
      ms,
    );
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const head = readHead(buf);
      if (!head) {
        if (buf.length > MAX_HEAD_BYTES)
          done(() => {
            socket.destroy();
            reject(new ProbeFailure('fail-head-too-large', { bytes: MAX_HEAD_BYTES }, EXIT.handshake));
          });
        return;
      }
      const match = /^HTTP\/\d\.\d (\d{3})/.exec(head.startLine);
      done(() => {
        if (!match) {
          socket.destroy();
          reject(new ProbeFailure('fail-not-http', { start: head.startLine.slice(0, 60) }, EXIT.handshake));
          return;
        }
        resolve({
          statusLine: head.startLine,
          status: Number(match[1]),
          headers: head.headers,
          rest: head.rest,
        });
      });
    };
    const onEnd = () =>
      done(() => {
        socket.destroy();
        reject(new ProbeFailure('fail-handshake-closed', { bytes: buf.length }, EXIT.handshake));
      });
    const onError = (e: NodeJS.ErrnoException) =>
      done(() => {
        socket.destroy();
        reject(
          e.code === 'ECONNRESET'
            ? new ProbeFailure('fail-handshake-reset', {}, EXIT.handshake)
            : new ProbeFailure('fail-handshake-closed', { bytes: buf.length }, EXIT.handshake),
        );
      });
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onError);
  });
}

/** Up to `max` bytes of a non-101 response's body, waiting at most `ms`: enough to show. */
export function readSomeBody(socket: Socket, first: Buffer, max: number, ms: number): Promise<Buffer> {
  return new Promise((resolve) => {
    let buf = first;
    const finish = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', finish);
      socket.off('error', finish);
      resolve(buf.subarray(0, max));
    };
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= max) finish();
    };
    const timer = setTimeout(finish, buf.length >= max ? 0 : ms);
    socket.on('data', onData);
    socket.once('end', finish);
    socket.once('error', finish);
  });
}

export interface HandshakeProblem {
  code: MessageCode;
  params: Params;
  hints: Array<{ code: MessageCode; params: Params }>;
}

/** What a browser would object to in this answer; empty when the WebSocket is open. */
export function checkResponse(req: UpgradeRequest, res: UpgradeResponse): HandshakeProblem[] {
  if (res.status !== 101) {
    return [
      {
        code: 'fail-status',
        params: { status: res.statusLine.slice(9) || String(res.status) },
        hints: statusHints(res),
      },
    ];
  }
  const problems: HandshakeProblem[] = [];
  const add = (code: MessageCode, params: Params) => problems.push({ code, params, hints: [] });
  const upgrade = headerValue(res.headers, 'upgrade');
  if (!hasToken(upgrade, 'websocket')) add('fail-no-upgrade', { value: upgrade ?? '' });
  const connection = headerValue(res.headers, 'connection');
  if (!hasToken(connection, 'upgrade')) add('fail-no-connection', { value: connection ?? '' });
  const expected = acceptKey(req.key);
  const got = headerValue(res.headers, 'sec-websocket-accept') ?? '';
  if (got !== expected) add('fail-accept', { got, expected });
  const protocol = headerValue(res.headers, 'sec-websocket-protocol');
  if (protocol !== undefined && !req.protocols.includes(protocol)) add('fail-protocol', { protocol });
  const extension = headerValue(res.headers, 'sec-websocket-extensions');
  if (extension) add('fail-extension', { extension });
  return problems;
}

function statusHints(res: UpgradeResponse): Array<{ code: MessageCode; params: Params }> {
  const s = res.status;
  if ([301, 302, 303, 307, 308].includes(s)) {
    return [
      { code: 'status-hint-redirect', params: { location: headerValue(res.headers, 'location') ?? '?' } },
    ];
  }
  const code = `status-hint-${s}` as MessageCode;
  return [
    'status-hint-200',
    'status-hint-400',
    'status-hint-403',
    'status-hint-404',
    'status-hint-426',
    'status-hint-502',
    'status-hint-503',
    'status-hint-504',
  ].includes(code)
    ? [{ code, params: {} }]
    : [];
}

function seconds(ms: number): string {
  return String(Number((ms / 1000).toFixed(3)));
}
