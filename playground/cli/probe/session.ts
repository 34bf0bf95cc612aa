/**
 * The upgraded connection, seen from the client: frames both ways, answered as a browser
 * answers them (a pong for each ping, a close frame for a close frame), and one record of
 * how the connection ended — which is the point of the probe: a close frame with its code
 * and reason, a TCP FIN without one (the browser's 1006), a reset, or the probe's own close.
 */
import type { Socket } from 'node:net';
import { encodeFrame, type Frame } from '../conformance/ws-frames';
import { closePayload, OP, ProtocolError, type WireFrame, WireFrameReader } from './frame-reader';
import type { Nested } from './messages';

export type FrameKind = 'text' | 'binary' | 'ping' | 'pong' | 'close';

export interface FrameEvent {
  /** Seconds on the probe's clock. */
  at: number;
  dir: '>' | '<';
  kind: FrameKind;
  /** Text of text/ping/pong frames; for binary, its length. */
  data: string;
  bytes: number;
  /** Close frames: the code (null when the frame carries none) and reason. */
  code?: number | null;
  reason?: string;
}

export type EndHow = 'close-frame' | 'fin' | 'reset' | 'error' | 'protocol' | 'probe' | 'interrupted';

export interface End {
  at: number;
  how: EndHow;
  /** The close frame's code (null: none, 1005); 1006 when TCP ended without one. */
  code: number | null;
  reason: string;
  /** What failed, for `error` (the errno) and `protocol` (which rule the server broke). */
  why: Nested | null;
  /** When the probe closed: how long the server took to answer its close frame. */
  close_reply_ms: number | null;
  /** The last frame either way before the end: the idle time is `at - last_traffic_at`. */
  last_traffic_at: number;
}

/** How long the closing side waits for the other's close frame and TCP close. */
export const CLOSE_GRACE_MS = 1000;
/** Messages longer than this are not kept whole (only counted). */
const KEEP_CHARS = 200;

type Decided = Omit<End, 'last_traffic_at' | 'close_reply_ms'>;

export class Session {
  readonly frames: FrameEvent[] = [];
  lastTrafficAt: number;
  private readonly reader = new WireFrameReader();
  private fragments: { opcode: number; parts: Buffer[]; bytes: number } | null = null;
  private waiters = new Set<{ match: (f: FrameEvent) => boolean; done: (f: FrameEvent | null) => void }>();
  private decided: Decided | null = null;
  private closeSentAt: number | null = null;
  private closeReplyMs: number | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  readonly ended: Promise<End>;

  constructor(
    private readonly socket: Socket,
    rest: Buffer,
    private readonly clock: () => number,
    private readonly onFrame: (f: FrameEvent) => void,
  ) {
    this.lastTrafficAt = clock();
    this.ended = new Promise<End>((resolve) => {
      socket.once('close', () => {
        if (this.killTimer) clearTimeout(this.killTimer);
        const d = this.decided ?? this.decide({ how: 'fin', code: 1006, reason: '', why: null });
        resolve({ ...d, close_reply_ms: this.closeReplyMs, last_traffic_at: this.lastTrafficBefore(d.at) });
      });
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => {
      // A FIN after the close handshake is the orderly end; before it, the abnormal 1006.
      if (!this.decided) this.decide({ how: 'fin', code: 1006, reason: '', why: null });
      socket.destroy();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (!this.decided) {
        this.decide(
          e.code === 'ECONNRESET' || e.code === 'EPIPE'
            ? { how: 'reset', code: 1006, reason: '', why: null }
            : {
                how: 'error',
                code: 1006,
                reason: '',
                why: { code: 'why-errno', params: { errno: e.code ?? e.message } },
              },
        );
      }
      socket.destroy();
    });
    if (rest.length) queueMicrotask(() => this.onData(rest));
  }

  get open(): boolean {
    return this.decided === null;
  }

  send(frame: Frame): void {
    if (this.socket.destroyed || this.closeSentAt !== null) return;
    const at = this.clock();
    this.socket.write(encodeFrame(frame, true));
    if (frame.kind === 'close') this.closeSentAt = at;
    this.record({
      at,
      dir: '>',
      kind: frame.kind,
      data: frame.kind === 'close' ? '' : frame.data,
      bytes: Buffer.byteLength(frame.data),
      ...(frame.kind === 'close' ? { code: frame.data === '' ? null : Number(frame.data), reason: '' } : {}),
    });
  }

  /** The next received frame that matches, or null after `ms` or when the connection ends. */
  waitFor(match: (f: FrameEvent) => boolean, ms: number): Promise<FrameEvent | null> {
    if (!this.open) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = {
        match,
        done: (f: FrameEvent | null) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(f);
        },
      };
      const timer = setTimeout(() => waiter.done(null), ms);
      this.waiters.add(waiter);
    });
  }

  /** Ends the connection from the probe's side: a close frame 1000, then TCP after a grace. */
  hangUp(how: 'probe' | 'interrupted'): Promise<End> {
    if (!this.decided) {
      this.decide({ how, code: 1000, reason: '', why: null });
      this.send({ kind: 'close', data: '1000' });
    }
    return this.ended;
  }

  private decide(how: Omit<Decided, 'at'>): Decided {
    const d = { ...how, at: this.clock() };
    this.decided = d;
    for (const w of [...this.waiters]) w.done(null);
    this.killTimer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    return d;
  }

  /** The last traffic before `at` (a close handshake is not traffic of the idle connection). */
  private lastTrafficBefore(at: number): number {
    const before = this.frames.filter((f) => f.kind !== 'close' && f.at <= at);
    return before.length ? before.at(-1)!.at : this.lastTrafficAt;
  }

  private record(f: FrameEvent): void {
    this.frames.push(f);
    if (f.kind !== 'close') this.lastTrafficAt = f.at;
    this.onFrame(f);
    if (f.dir === '<') for (const w of [...this.waiters]) if (w.match(f)) w.done(f);
  }

  private onData(chunk: Buffer): void {
    let frames: WireFrame[];
    try {
      frames = this.reader.push(chunk);
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      this.protocolError({ code: e.code, params: e.params });
      return;
    }
    for (const f of frames) {
      if (this.socket.destroyed) return;
      this.onWireFrame(f);
    }
  }

  private protocolError(why: Nested): void {
    if (!this.decided) this.decide({ how: 'protocol', code: 1002, reason: '', why });
    this.send({ kind: 'close', data: '1002' });
  }

  private onWireFrame(f: WireFrame): void {
    const at = this.clock();
    if (f.opcode === OP.ping || f.opcode === OP.pong) {
      const data = f.payload.toString('utf8');
      this.record({
        at,
        dir: '<',
        kind: f.opcode === OP.ping ? 'ping' : 'pong',
        data,
        bytes: f.payload.length,
      });
      if (f.opcode === OP.ping && this.open) this.send({ kind: 'pong', data });
      return;
    }
    if (f.opcode === OP.close) {
      const { code, reason } = closePayload(f.payload);
      this.record({ at, dir: '<', kind: 'close', data: '', bytes: f.payload.length, code, reason });
      if (this.closeSentAt !== null) {
        this.closeReplyMs = (at - this.closeSentAt) * 1000;
        return;
      }
      if (!this.decided) this.decide({ how: 'close-frame', code, reason, why: null });
      // Answer with the same code, as browsers do, then wait for the server to close TCP.
      this.send({ kind: 'close', data: code === null ? '' : String(code) });
      return;
    }
    if (f.opcode === OP.continuation) {
      if (!this.fragments) {
        this.protocolError({ code: 'protocol-continuation' });
        return;
      }
      this.fragments.parts.push(f.payload);
      this.fragments.bytes += f.payload.length;
    } else {
      if (this.fragments) {
        this.protocolError({ code: 'protocol-interleaved' });
        return;
      }
      this.fragments = { opcode: f.opcode, parts: [f.payload], bytes: f.payload.length };
    }
    if (!f.fin) return;
    const { opcode, parts, bytes } = this.fragments;
    this.fragments = null;
    const whole = Buffer.concat(parts);
    const kind = opcode === OP.text ? 'text' : 'binary';
    const data = kind === 'text' ? whole.toString('utf8') : `${bytes} bytes`;
    this.record({
      at,
      dir: '<',
      kind,
      data: data.length > KEEP_CHARS ? data.slice(0, KEEP_CHARS) : data,
      bytes,
    });
  }
}

/** One frame as a transcript line, like the simulator's: `[text] "hello"`, `[close] 1001 "bye"`. */
export function frameText(f: FrameEvent): string {
  if (f.kind === 'close') {
    const code = f.code === null || f.code === undefined ? '(no code)' : String(f.code);
    return `[close] ${code}${f.reason ? ` ${JSON.stringify(f.reason)}` : ''}`;
  }
  if (f.kind === 'binary') return `[binary] ${f.data}`;
  const more = f.bytes > Buffer.byteLength(f.data) ? ` (${f.bytes} bytes)` : '';
  return `[${f.kind}] ${JSON.stringify(f.data)}${more}`;
}
