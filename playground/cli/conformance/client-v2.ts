/**
 * One scenario v2 client: a raw TCP connection from its own loopback address that sends its
 * requests one after another (each once the previous response is complete and not before its
 * `at`), with bodies (Content-Length or chunked, later pieces at their times), reads each
 * response to its end, switches to WebSocket frames after a 101, stops reading at
 * `stop_reading_at`, and hangs up at `until`. Header names go out exactly as written, plus the
 * request tag (v2-recorder.ts).
 */
import { connect, type Socket } from 'node:net';
import type { ClientRequestV2, OutcomeResponseV2, ScenarioClientV2 } from '../../src/index';
import { hasToken, headerValue, readHead } from './http-head';
import { BodyReader, responseFraming } from './http-wire';
import { watchPeerClose } from './tcp-state';
import { REQUEST_TAG, tagValue, type V2Recorder } from './v2-recorder';
import { encodeFrame, type Frame, FrameReader } from './ws-frames';

export interface SentRequest {
  sent_at: number;
  request_line: string;
  response: OutcomeResponseV2 | null;
}

export interface ClientRun {
  name: string;
  connected_at: number | null;
  requests: SentRequest[];
  not_sent: number;
  /** The client got a 101 and switched to frames. */
  upgraded: boolean;
  closed: { at: number; by: 'client' | 'nginx' } | null;
}

/** Waits until every event due at or before `seconds` has been carried out. */
export type Gate = (seconds: number) => Promise<void>;

/** Extra time past `until` before giving up on a socket that will not close. */
const CLOSE_GRACE_MS = 1000;

function bodyBytes(part: { body: string | null; body_size: number | null }): Buffer {
  if (part.body !== null) return Buffer.from(part.body);
  return Buffer.alloc(part.body_size ?? 0, 'x');
}

/** The request head and the bytes to send with it, plus the later pieces (already framed). */
export function encodeRequest(
  q: ClientRequestV2,
  tag: string,
): { head: Buffer; later: Array<{ at: number; bytes: Buffer }> } {
  const first = bodyBytes(q);
  const parts = q.body_parts.map((p) => ({ at: p.at, bytes: bodyBytes(p) }));
  const chunked = hasToken(headerValue(q.headers, 'transfer-encoding'), 'chunked');
  const hasBody = q.body !== null || q.body_size !== null || parts.length > 0;
  const lines = [`${q.method} ${q.path} HTTP/${q.http_version}`, ...q.headers.map(([n, v]) => `${n}: ${v}`)];
  const framed =
    headerValue(q.headers, 'content-length') !== undefined ||
    headerValue(q.headers, 'transfer-encoding') !== undefined;
  if (hasBody && !framed) {
    lines.push(`Content-Length: ${first.length + parts.reduce((n, p) => n + p.bytes.length, 0)}`);
  }
  lines.push(`${REQUEST_TAG}: ${tag}`);
  const chunk = (b: Buffer) =>
    b.length ? Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]) : b;
  const end = Buffer.from('0\r\n\r\n');
  if (!chunked) {
    return { head: Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), first]), later: parts };
  }
  const later = parts.map((p, i) => ({
    at: p.at,
    bytes: i === parts.length - 1 ? Buffer.concat([chunk(p.bytes), end]) : chunk(p.bytes),
  }));
  const firstBytes = parts.length ? chunk(first) : Buffer.concat([chunk(first), end]);
  return { head: Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), firstBytes]), later };
}

/** After this response the connection will not carry another request. */
function closesAfter(q: ClientRequestV2, r: OutcomeResponseV2): boolean {
  const connection = r.headers.connection;
  if (hasToken(connection, 'close')) return true;
  return q.http_version === '1.0' && !hasToken(connection, 'keep-alive');
}

/** Ordering between clients (`after`): what this client waits for, and how it says it is done. */
export interface ClientOrder {
  /** Resolves when the client named by `after` is done; null without `after`. */
  after: Promise<void> | null;
  /** Called once this client is done: its requests answered (or not sendable), or its connection gone. */
  done: () => void;
}

export function runClientV2(
  client: ScenarioClientV2,
  port: number,
  rec: V2Recorder,
  gate: Gate,
  order: ClientOrder = { after: null, done: () => {} },
): Promise<ClientRun> {
  const run: ClientRun = {
    name: client.name,
    connected_at: null,
    requests: [],
    not_sent: client.requests.length,
    upgraded: false,
    closed: null,
  };
  const timers: NodeJS.Timeout[] = [];
  const at = (seconds: number, fn: () => void) => timers.push(setTimeout(fn, rec.msUntil(seconds)));
  const sleepUntil = (seconds: number) => new Promise<void>((resolve) => at(seconds, resolve));

  return new Promise((resolve) => {
    let sock: Socket | null = null;
    let ended = false;
    let hungUp = false;
    let stopWatching = () => {};
    const finish = () => {
      for (const t of timers) clearTimeout(t);
      stopWatching();
      order.done();
      resolve(run);
    };
    const peerClosed = () => {
      if (run.closed === null && !hungUp) run.closed = { at: rec.now(), by: 'nginx' };
    };

    // Requests sent and not yet answered, oldest first (more than one when pipelined).
    interface Outstanding {
      q: ClientRequestV2;
      sent: SentRequest;
      body: BodyReader | null;
      done: () => void;
      completed: Promise<void>;
    }
    const queue: Outstanding[] = [];
    let buf: Buffer = Buffer.alloc(0);
    const frames = new FrameReader();
    let closeSent = false;
    const sendFrame = (f: Frame) => {
      if (sock && !sock.destroyed) sock.write(encodeFrame(f, true));
    };

    const onFrames = (chunk: Buffer) => {
      let list: Frame[];
      try {
        list = frames.push(chunk);
      } catch {
        sock?.destroy();
        return;
      }
      for (const f of list) {
        rec.frame(client.name, 'backend', f.kind, f.data);
        if (closeSent) continue;
        if (f.kind === 'ping') sendFrame({ kind: 'pong', data: f.data });
        else if (f.kind === 'close') {
          sendFrame(f);
          closeSent = true;
        }
      }
    };

    /** The oldest outstanding request got its whole response: on to the next one. */
    const complete = () => {
      const o = queue.shift();
      o?.done();
    };

    /** The connection ended: a close-delimited body is complete now, every other request is over. */
    const endAll = () => {
      const first = queue[0];
      first?.body?.end();
      if (first?.body?.done && first.sent.response && first.sent.response.complete_at === null) {
        first.sent.response.complete_at = rec.now();
      }
      while (queue.length) complete();
    };

    const onData = (chunk: Buffer) => {
      if (run.upgraded) return onFrames(chunk);
      buf = Buffer.concat([buf, chunk]);
      while (buf.length && queue.length) {
        const current = queue[0]!;
        if (current.body) {
          const rest = current.body.push(buf);
          buf = rest;
          const r = current.sent.response!;
          r.body_length = current.body.length;
          r.body = current.body.text();
          if (!current.body.done) return;
          r.complete_at = rec.now();
          complete();
          continue;
        }
        const head = readHead(buf);
        if (!head) return;
        const status = Number(head.startLine.split(' ')[1]);
        buf = head.rest;
        if (status >= 100 && status < 200 && status !== 101) continue; // 100 Continue and the like
        const headers: Record<string, string> = {};
        for (const [n, v] of head.headers) {
          const name = n.toLowerCase();
          if (name === 'date') continue; // differs on every run, says nothing about nginx
          headers[name] = name in headers ? `${headers[name]}, ${v}` : v;
        }
        const now = rec.now();
        const response: OutcomeResponseV2 = {
          at: now,
          status,
          headers,
          body: '',
          body_length: 0,
          complete_at: null,
        };
        current.sent.response = response;
        if (status === 101) {
          run.upgraded = true;
          response.complete_at = now;
          complete();
          const rest = buf;
          buf = Buffer.alloc(0);
          if (rest.length) onFrames(rest);
          return;
        }
        current.body = new BodyReader(responseFraming(current.q.method, status, head.headers));
        if (current.body.done) {
          response.complete_at = now;
          complete();
        }
      }
    };

    const connectAndPlay = async () => {
      let start = client.start;
      if (order.after) {
        await order.after;
        start = rec.now() + client.start;
      }
      await sleepUntil(start);
      await gate(start);
      if (rec.now() >= client.until) {
        finish();
        return;
      }
      const s = connect({ port, host: '127.0.0.1', localAddress: client.address });
      sock = s;
      s.on('data', onData);
      s.on('end', () => {
        ended = true;
        peerClosed();
        endAll();
        s.end();
      });
      s.on('error', () => {
        ended = true;
        if (run.connected_at === null) {
          run.closed = { at: rec.now(), by: 'nginx' }; // refused: nothing listened
        } else peerClosed();
        endAll();
      });
      s.on('close', () => {
        ended = true;
        peerClosed();
        endAll();
        finish();
      });
      at(client.until, () => {
        if (s.destroyed) return;
        hungUp = true;
        if (run.closed === null) run.closed = { at: client.until, by: 'client' };
        s.destroy();
      });
      at(client.until + CLOSE_GRACE_MS / 1000, () => {
        s.destroy();
        finish();
      });
      if (client.stop_reading_at !== null) {
        at(client.stop_reading_at, () => {
          if (s.destroyed) return;
          s.pause();
          stopWatching = watchPeerClose(s, peerClosed);
        });
      }
      for (const step of client.steps) {
        at(step.at, () => {
          if (!run.upgraded || closeSent || s.destroyed) return;
          if (step.send !== undefined) sendFrame({ kind: 'text', data: step.send });
          else if (step.send_size !== undefined)
            sendFrame({ kind: 'text', data: 'x'.repeat(step.send_size) });
          else if (step.ping !== undefined) sendFrame({ kind: 'ping', data: step.ping });
          else if (step.close !== undefined) {
            sendFrame({ kind: 'close', data: String(step.close) });
            closeSent = true;
            rec.startClose(client.name, 'client', String(step.close));
          }
        });
      }
      await new Promise<void>((resolveConnect) => {
        s.once('connect', () => {
          run.connected_at = rec.now();
          resolveConnect();
        });
        s.once('close', () => resolveConnect());
      });
      if (run.connected_at === null) {
        order.done();
        return;
      }
      let previous: Outstanding | null = null;
      for (const [index, q] of client.requests.entries()) {
        if (q.at !== null) {
          await sleepUntil(q.at);
          await gate(q.at);
        }
        if (!q.pipelined && previous) {
          // Once the previous response is complete, and only if the connection will carry more.
          await previous.completed;
          const r = previous.sent.response;
          if (!r || r.complete_at === null || closesAfter(previous.q, r)) break;
        }
        if (ended || run.upgraded || s.destroyed || rec.now() >= client.until) break;
        const { head, later } = encodeRequest(q, tagValue({ client: client.name, index }));
        const sent: SentRequest = {
          sent_at: rec.now(),
          request_line: `${q.method} ${q.path} HTTP/${q.http_version}`,
          response: null,
        };
        run.requests.push(sent);
        run.not_sent--;
        let done = () => {};
        const completed = new Promise<void>((resolveDone) => {
          done = resolveDone;
        });
        const o: Outstanding = { q, sent, body: null, done, completed };
        queue.push(o);
        previous = o;
        s.write(head);
        for (const part of later) at(part.at, () => s.destroyed || s.write(part.bytes));
      }
      await previous?.completed;
      order.done();
    };
    void connectAndPlay();
  });
}

/**
 * All clients of a scenario at once, each connecting to `portOf(client)`, with `after` wired:
 * a client named by another's `after` tells it when it is done.
 */
export function runClientsV2(
  clients: ScenarioClientV2[],
  portOf: (client: ScenarioClientV2) => number,
  rec: V2Recorder,
  gate: Gate,
): Promise<ClientRun[]> {
  const done = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  for (const client of clients) {
    let resolve = () => {};
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    done.set(client.name, { promise, resolve });
  }
  return Promise.all(
    clients.map((client) =>
      runClientV2(client, portOf(client), rec, gate, {
        after: client.after === null ? null : (done.get(client.after)?.promise ?? null),
        done: done.get(client.name)!.resolve,
      }),
    ),
  );
}
