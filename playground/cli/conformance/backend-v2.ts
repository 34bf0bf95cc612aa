/**
 * A scenario v2 backend on 127.0.0.1: it numbers the connections nginx opens, records every
 * request as it arrived (head, body, times, which client request it carries), and answers by its
 * script (`answers`: the Nth request over any connection gets the Nth answer, the last repeats)
 * or, without one, as its v1 kind. It can go down (connections reset, new ones refused) and come
 * back up.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { BackendAnswer, BackendSpec, ResponseAnswer } from '../../src/index';
import { HTTP_BODY, isUpgrade, REFUSAL_BODY, tunnel } from './backends';
import { hasToken, headerValue, REASONS, readHead } from './http-head';
import { BodyReader, lowerNames, requestFraming } from './http-wire';
import { watchPeerClose } from './tcp-state';
import {
  type ConnectionRecord,
  parseTag,
  REQUEST_TAG,
  type UpstreamRecord,
  type V2Recorder,
} from './v2-recorder';
import { acceptKey } from './ws-frames';

/** Chunk size for generated chunked bodies. */
const CHUNK = 16 * 1024;

/** What a backend without a script does, as an answer (v1 kinds, scenario-format.md). */
export function kindAnswer(spec: BackendSpec): BackendAnswer {
  const timed = { delay: spec.handshake_delay, early: false, stop_reading: false };
  if (spec.kind === 'silent') return { kind: 'hang', stop_reading: false };
  if (spec.kind === 'websocket') return { kind: 'upgrade', ...timed };
  return {
    kind: 'response',
    status: 200,
    headers: [['Content-Type', 'text/plain']],
    body: HTTP_BODY,
    body_size: null,
    framing: 'length',
    body_delay: 0,
    keep_alive: true,
    ...timed,
  };
}

export class ScriptedBackend {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly watchers = new Set<() => void>();
  /** Requests received over all connections: picks the answer. */
  private received = 0;

  constructor(
    /** The address as the scenario writes it (outcomes use it). */
    readonly name: string,
    private readonly port: number,
    private readonly spec: BackendSpec,
    private readonly rec: V2Recorder,
  ) {}

  /** Listens, unless the backend is `refused` (a closed port is what refuses). */
  async up(): Promise<void> {
    if (this.spec.kind === 'refused' || this.server) return;
    const server = createServer({ allowHalfOpen: true }, (sock) => this.accept(sock));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) =>
        reject(new Error(`backend ${this.name}: cannot listen on 127.0.0.1:${this.port}: ${e.message}`)),
      );
      server.listen({ port: this.port, host: '127.0.0.1', exclusive: true }, resolve);
    });
    this.server = server;
  }

  /** Stops listening and resets every open connection. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.resetAndDestroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const stop of this.watchers) stop();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private later(sock: Socket, seconds: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!sock.destroyed) fn();
    }, seconds * 1000);
    this.timers.add(t);
  }

  private answerFor(n: number): BackendAnswer {
    const answers = this.spec.answers;
    if (!answers?.length) return kindAnswer(this.spec);
    return answers[Math.min(n, answers.length - 1)]!;
  }

  private accept(sock: Socket): void {
    this.sockets.add(sock);
    const conn = this.rec.openConnection(this.name);
    let closedByUs = false;
    const closeOurs = (how: 'end' | 'destroy') => {
      if (!closedByUs) this.rec.closeConnection(conn, 'backend');
      closedByUs = true;
      if (how === 'end') sock.end();
      else sock.destroy();
    };
    sock.on('end', () => {
      // nginx half-closed: it will not send more. Close our side too (as servers do).
      this.rec.closeConnection(conn, 'nginx');
      sock.end();
    });
    sock.on('error', () => this.rec.closeConnection(conn, 'nginx'));
    sock.on('close', () => {
      this.sockets.delete(sock);
      this.rec.closeConnection(conn, closedByUs ? 'backend' : 'nginx');
    });
    this.serve(sock, conn, closeOurs);
  }

  private serve(sock: Socket, conn: ConnectionRecord, close: (how: 'end' | 'destroy') => void): void {
    let buf: Buffer = Buffer.alloc(0);
    let busy = false;
    let body: BodyReader | null = null;
    let current: UpstreamRecord | null = null;
    let onBodyDone: (() => void) | null = null;

    const feedBody = (chunk: Buffer): Buffer => {
      if (!body || !current) return chunk;
      const rest = body.push(chunk);
      current.body_length = body.length;
      current.body = body.text();
      if (body.done && current.complete_at === null) {
        current.complete_at = this.rec.now();
        const done = onBodyDone;
        onBodyDone = null;
        done?.();
      }
      return rest;
    };

    const onData = (chunk: Buffer) => {
      if (body && !body.done) {
        chunk = feedBody(chunk);
        if (!chunk.length) return;
      }
      buf = Buffer.concat([buf, chunk]);
      if (busy) return;
      const head = readHead(buf);
      if (!head) return;
      busy = true;
      buf = Buffer.alloc(0);
      const tag = parseTag(headerValue(head.headers, REQUEST_TAG));
      const headers = lowerNames(head.headers).filter(([n]) => n !== REQUEST_TAG.toLowerCase());
      const at = this.rec.now();
      const answer = this.answerFor(this.received++);
      current = {
        backend: this.name,
        connection: conn.id,
        at,
        request_line: head.startLine,
        headers,
        body: '',
        body_length: 0,
        complete_at: null,
        tag,
        answeredStatus: null,
      };
      this.rec.addUpstream(current, conn);
      const record = current;
      body = new BodyReader(requestFraming(head.headers));
      const rest = () => {
        const pending = buf;
        buf = Buffer.alloc(0);
        return pending;
      };
      const act = () => this.act(sock, head, record, answer, close, next, rest);
      const next = () => {
        busy = false;
        if (buf.length) onData(Buffer.alloc(0));
      };
      if (answer.stop_reading) {
        // Nothing after the head is read, or counted: the rest stays in the socket buffers.
        sock.pause();
        const stop = watchPeerClose(sock, () => this.rec.closeConnection(conn, 'nginx'));
        this.watchers.add(stop);
        if (body.done) record.complete_at = at;
        body = null;
        if (answer.kind !== 'hang') this.later(sock, answer.delay, act);
        return;
      }
      const after = feedBody(head.rest);
      if (body.done && record.complete_at === null) record.complete_at = at;
      buf = after;
      if (answer.kind === 'hang') return;
      if (answer.early || body.done) this.later(sock, answer.delay, act);
      else onBodyDone = () => this.later(sock, answer.delay, act);
    };
    sock.on('data', onData);
  }

  private act(
    sock: Socket,
    head: NonNullable<ReturnType<typeof readHead>>,
    record: UpstreamRecord,
    answer: BackendAnswer,
    close: (how: 'end' | 'destroy') => void,
    next: () => void,
    rest: () => Buffer,
  ): void {
    const [method = 'GET', , version = 'HTTP/1.1'] = head.startLine.split(' ');
    const wantsClose =
      version !== 'HTTP/1.1'
        ? !hasToken(headerValue(head.headers, 'connection'), 'keep-alive')
        : hasToken(headerValue(head.headers, 'connection'), 'close');
    if (answer.kind === 'close') {
      close('end');
      return;
    }
    if (answer.kind === 'upgrade') {
      if (isUpgrade(head.startLine, head.headers)) {
        record.answeredStatus = 101;
        const key = headerValue(head.headers, 'sec-websocket-key') ?? '';
        sock.write(
          'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
        );
        sock.removeAllListeners('data');
        const client = record.tag?.client ?? '?';
        const timers = new Set<NodeJS.Timeout>();
        tunnel(
          sock,
          this.spec,
          {
            frame: (from, kind, data) => this.rec.frame(client, from, kind, data),
            startClose: (by, code) => this.rec.startClose(client, by, code),
          },
          (seconds, fn) => this.later(sock, seconds, fn),
          timers,
          rest(),
        );
        for (const t of timers) this.timers.add(t);
        if (answer.stop_reading) sock.pause();
        return;
      }
      this.respond(sock, method, record, refusal(this.spec.plain_status), wantsClose, close, next);
      return;
    }
    if (answer.kind === 'hang') return;
    this.respond(sock, method, record, answer, wantsClose, close, next);
  }

  private respond(
    sock: Socket,
    method: string,
    record: UpstreamRecord,
    a: ResponseAnswer,
    wantsClose: boolean,
    close: (how: 'end' | 'destroy') => void,
    next: () => void,
  ): void {
    record.answeredStatus = a.status;
    const bodyBytes = a.body_size ?? Buffer.byteLength(a.body ?? '');
    const noBody =
      method === 'HEAD' || (a.status >= 100 && a.status < 200) || a.status === 204 || a.status === 304;
    const given = (name: string) => a.headers.some(([n]) => n.toLowerCase() === name);
    const closing = !a.keep_alive || wantsClose || a.framing === 'close';
    const lines = [
      `HTTP/1.1 ${a.status} ${REASONS[a.status] ?? 'Status'}`,
      ...a.headers.map(([n, v]) => `${n}: ${v}`),
    ];
    const framingGiven = given('content-length') || given('transfer-encoding');
    if (!framingGiven && a.status !== 204 && a.status !== 304 && !(a.status >= 100 && a.status < 200)) {
      if (a.framing === 'length') lines.push(`Content-Length: ${bodyBytes}`);
      if (a.framing === 'chunked') lines.push('Transfer-Encoding: chunked');
    }
    if (closing && !given('connection')) lines.push('Connection: close');
    sock.write(`${lines.join('\r\n')}\r\n\r\n`);
    const finish = () => {
      if (closing) close('end');
      else next();
    };
    if (noBody || bodyBytes === 0) {
      if (a.framing === 'chunked' && !noBody) sock.write('0\r\n\r\n');
      finish();
      return;
    }
    const writeBody = () => {
      const body = a.body !== null ? Buffer.from(a.body) : Buffer.alloc(bodyBytes, 'x');
      if (a.framing === 'chunked') {
        for (let i = 0; i < body.length; i += CHUNK) {
          const part = body.subarray(i, i + CHUNK);
          sock.write(`${part.length.toString(16)}\r\n`);
          sock.write(part);
          sock.write('\r\n');
        }
        sock.write('0\r\n\r\n', finish);
      } else sock.write(body, finish);
    };
    if (a.body_delay > 0) this.later(sock, a.body_delay, writeBody);
    else writeBody();
  }
}

/** The websocket kind's answer to a request that is not an upgrade (as v1's backend). */
function refusal(status: number): ResponseAnswer {
  return {
    kind: 'response',
    status,
    headers: [['Content-Type', 'text/plain']],
    body: REFUSAL_BODY,
    body_size: null,
    framing: 'length',
    delay: 0,
    early: false,
    body_delay: 0,
    keep_alive: true,
    stop_reading: false,
  };
}
