/**
 * Real upstream servers for conformance runs, one per `backends` entry, all on 127.0.0.1.
 * Each records the request line and headers exactly as nginx sent them, then behaves as its
 * kind says (see docs/scenario-format.md).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { BackendSpec } from '../../src/index';
import { hasToken, headerValue, REASONS, readHead } from './http-head';
import type { Recorder } from './recorder';
import { acceptKey, encodeFrame, type Frame, FrameReader } from './ws-frames';

export interface RunningBackend {
  stop(): Promise<void>;
}

/** Body of a websocket backend's refusal: 24 bytes, like the recorded expected outcomes. */
export const REFUSAL_BODY = 'expected websocket only\n';
export const HTTP_BODY = 'ok\n';

/** Where a tunnel reports the frames it received and who started closing it. */
export interface TunnelSink {
  frame(from: 'client' | 'backend', kind: Frame['kind'], data: string): void;
  startClose(by: 'client' | 'backend', code: string): void;
}

/**
 * Starts the backend that `name` (the address as the scenario writes it) denotes, listening
 * on `port`. `refused` starts nothing: a closed port is what refuses.
 */
export async function startBackend(
  name: string,
  port: number,
  spec: BackendSpec,
  rec: Recorder,
): Promise<RunningBackend> {
  if (spec.kind === 'refused') return { stop: async () => {} };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    serve(sock, name, spec, rec, timers);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) =>
      reject(new Error(`backend ${name}: cannot listen on 127.0.0.1:${port}: ${e.message}`)),
    );
    server.listen({ port, host: '127.0.0.1', exclusive: true }, resolve);
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function serve(
  sock: Socket,
  name: string,
  spec: BackendSpec,
  rec: Recorder,
  timers: Set<NodeJS.Timeout>,
): void {
  let buf: Buffer = Buffer.alloc(0);
  let busy = false;
  const later = (seconds: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!sock.destroyed) fn();
    }, seconds * 1000);
    timers.add(t);
  };

  const onData = (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    if (busy) return;
    const head = readHead(buf);
    if (!head) return;
    const bodyLength = Number(headerValue(head.headers, 'content-length') ?? 0) || 0;
    if (head.rest.length < bodyLength) return;
    buf = head.rest.subarray(bodyLength);
    rec.upstream.push({
      backend: name,
      request_line: head.startLine,
      headers: head.headers.map(([n, v]) => [n.toLowerCase(), v]),
    });
    if (spec.kind === 'silent') {
      busy = true;
      return;
    }
    busy = true;
    const version = head.startLine.split(' ')[2] ?? '';
    const keepAlive = version === 'HTTP/1.1' && !hasToken(headerValue(head.headers, 'connection'), 'close');
    later(spec.handshake_delay, () => {
      if (spec.kind === 'websocket' && isUpgrade(head.startLine, head.headers)) {
        const key = headerValue(head.headers, 'sec-websocket-key') ?? '';
        sock.write(
          'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
        );
        sock.off('data', onData);
        rec.backendUpgraded = true;
        tunnel(sock, spec, rec, later, timers, buf);
        return;
      }
      const status = spec.kind === 'http' ? 200 : spec.plain_status;
      const body = spec.kind === 'http' ? HTTP_BODY : REFUSAL_BODY;
      sock.write(
        `HTTP/1.1 ${status} ${REASONS[status] ?? 'Status'}\r\nContent-Type: text/plain\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n${keepAlive ? '' : 'Connection: close\r\n'}\r\n${body}`,
      );
      if (!keepAlive) {
        sock.end();
        return;
      }
      busy = false;
      if (buf.length) onData(Buffer.alloc(0));
    });
  };
  sock.on('data', onData);
}

/** What a WebSocket server accepts as an opening handshake (RFC 6455 §4.2.1). */
export function isUpgrade(startLine: string, headers: Array<[string, string]>): boolean {
  const [method, , version] = startLine.split(' ');
  return (
    method === 'GET' &&
    version === 'HTTP/1.1' &&
    hasToken(headerValue(headers, 'upgrade'), 'websocket') &&
    hasToken(headerValue(headers, 'connection'), 'upgrade') &&
    Boolean(headerValue(headers, 'sec-websocket-key')) &&
    headerValue(headers, 'sec-websocket-version') === '13'
  );
}

/** The backend's half of a WebSocket tunnel: echo, pongs, ticks, pings and close as `spec` says. */
export function tunnel(
  sock: Socket,
  spec: BackendSpec,
  rec: TunnelSink,
  later: (seconds: number, fn: () => void) => void,
  timers: Set<NodeJS.Timeout>,
  pending: Buffer,
): void {
  const reader = new FrameReader();
  let closing = false;
  const repeating: NodeJS.Timeout[] = [];
  const send = (f: Frame) => {
    if (!closing && !sock.destroyed) sock.write(encodeFrame(f, false));
  };
  const every = (seconds: number | null, fn: () => void) => {
    if (!seconds) return;
    const t = setInterval(fn, seconds * 1000);
    repeating.push(t);
    timers.add(t);
  };
  const stopRepeating = () => {
    for (const t of repeating) clearInterval(t);
  };

  let tick = 0;
  every(spec.send_every, () => send({ kind: 'text', data: `tick ${++tick}` }));
  every(spec.ping_every, () => send({ kind: 'ping', data: '' }));
  if (spec.close_after !== null) {
    later(spec.close_after, () => {
      if (closing) return;
      send({ kind: 'close', data: '1000' });
      closing = true;
      rec.startClose('backend', '1000');
      stopRepeating();
    });
  }

  const onFrames = (chunk: Buffer) => {
    let frames: Frame[];
    try {
      frames = reader.push(chunk);
    } catch {
      sock.destroy();
      return;
    }
    for (const f of frames) {
      rec.frame('client', f.kind, f.data);
      if (f.kind === 'text' && spec.echo) send(f);
      else if (f.kind === 'ping') send({ kind: 'pong', data: f.data });
      else if (f.kind === 'close') {
        // Answer with the same code (unless we started the handshake), then close TCP first,
        // as a server should.
        send(f);
        closing = true;
        stopRepeating();
        sock.end();
        return;
      }
    }
  };
  sock.on('data', onFrames);
  sock.on('close', stopRepeating);
  if (pending.length) onFrames(pending);
}
