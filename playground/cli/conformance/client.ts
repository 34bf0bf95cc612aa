/**
 * The scripted client of a conformance run, over a raw TCP socket so that the request goes
 * out exactly as the scenario writes it (HTTP/1.0, odd header casing and duplicates included).
 * It behaves as a browser does once upgraded: masks frames, answers pings and close frames.
 */
import { connect } from 'node:net';
import type { OutcomeResponse, ScenarioClient } from '../../src/index';
import { readHead } from './http-head';
import type { Recorder } from './recorder';
import { encodeFrame, type Frame, FrameReader } from './ws-frames';

export interface ClientResult {
  response: OutcomeResponse | null;
  /** The client received 101 and switched to frames. */
  upgraded: boolean;
  /** When the TCP connection ended, and whether the client hung up at `until` or the peer closed it. */
  closedAt: number;
  closedBy: 'until' | 'peer';
}

/** Extra time past `until` before giving up on a socket that will not close (bounded waits). */
const CLOSE_GRACE_MS = 1000;

export function runClient(port: number, client: ScenarioClient, rec: Recorder): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    rec.start();
    const sock = connect({ port, host: '127.0.0.1' });
    const timers: NodeJS.Timeout[] = [];
    let response: OutcomeResponse | null = null;
    let upgraded = false;
    let closeSent = false;
    let closedBy: ClientResult['closedBy'] = 'peer';
    let connected = false;
    let buf = Buffer.alloc(0);
    const reader = new FrameReader();

    const at = (seconds: number, fn: () => void) => {
      timers.push(setTimeout(fn, Math.max(0, seconds * 1000 - rec.now() * 1000)));
    };
    const send = (f: Frame) => {
      if (!sock.destroyed) sock.write(encodeFrame(f, true));
    };

    sock.on('connect', () => {
      connected = true;
      const { method, path, http_version, headers } = client.request;
      const head = [`${method} ${path} HTTP/${http_version}`, ...headers.map(([n, v]) => `${n}: ${v}`)];
      sock.write(`${head.join('\r\n')}\r\n\r\n`);
    });

    const onFrames = (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = reader.push(chunk);
      } catch {
        sock.destroy();
        return;
      }
      for (const f of frames) {
        rec.frame('backend', f.kind, f.data);
        if (closeSent) continue;
        if (f.kind === 'ping') send({ kind: 'pong', data: f.data });
        else if (f.kind === 'close') {
          // Answer with the same code, then wait for the server side to close TCP.
          send(f);
          closeSent = true;
        }
      }
    };

    sock.on('data', (chunk: Buffer) => {
      if (upgraded) return onFrames(chunk);
      if (response) return; // body of a plain response: not part of the outcome
      buf = Buffer.concat([buf, chunk]);
      const head = readHead(buf);
      if (!head) return;
      const status = Number(head.startLine.split(' ')[1]);
      const headers: Record<string, string> = {};
      for (const [n, v] of head.headers) {
        const name = n.toLowerCase();
        if (name === 'date') continue; // differs on every run, says nothing about nginx
        headers[name] = name in headers ? `${headers[name]}, ${v}` : v;
      }
      response = { at: rec.now(), status, headers };
      if (status === 101) {
        upgraded = true;
        if (head.rest.length) onFrames(head.rest);
      }
    });

    for (const step of client.steps) {
      at(step.at, () => {
        if (!upgraded || closeSent || sock.destroyed) return;
        if (step.send !== undefined) send({ kind: 'text', data: step.send });
        else if (step.ping !== undefined) send({ kind: 'ping', data: step.ping });
        else if (step.close !== undefined) {
          send({ kind: 'close', data: String(step.close) });
          closeSent = true;
          rec.startClose('client', String(step.close));
        }
      });
    }
    at(client.until, () => {
      if (sock.destroyed) return;
      closedBy = 'until';
      sock.destroy();
    });
    at(client.until + CLOSE_GRACE_MS / 1000, () => sock.destroy());

    sock.on('error', (e) => {
      if (!connected) {
        for (const t of timers) clearTimeout(t);
        reject(new Error(`client: cannot connect to nginx on 127.0.0.1:${port}: ${e.message}`));
      }
    });
    sock.on('close', () => {
      const closedAt = closedBy === 'until' ? client.until : rec.now();
      for (const t of timers) clearTimeout(t);
      if (connected) resolve({ response, upgraded, closedAt, closedBy });
      // Destroyed at `until` before the connection opened (a busy machine can delay it that
      // long): no 'error' comes, so say so here, or the run would wait forever.
      else
        reject(
          new Error(
            `client: the connection to nginx on 127.0.0.1:${port} had not opened by until (${client.until} s); the machine is too busy, try fewer --jobs`,
          ),
        );
    });
  });
}
