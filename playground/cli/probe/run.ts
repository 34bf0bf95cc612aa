/**
 * One probe of a live chain: connect (TLS for wss://), the upgrade handshake, an echo, a
 * ping, then an idle hold until something closes the connection or the hold ends; with a
 * config, the simulator's prediction for the same request and times, and the verdict.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { ClientStep } from '../../src/index';
import { openConnection } from './connection';
import { EXIT, ProbeFailure } from './failure';
import {
  buildRequest,
  checkResponse,
  type RequestOptions,
  readResponse,
  readSomeBody,
  requestBytes,
  type UpgradeResponse,
} from './handshake';
import { CLOSE_CODE_NAMES, say } from './messages';
import type { Output } from './output';
import { type LoadedConfig, type Prediction, predict } from './prediction';
import { emptyReport, endSummary, type ProbeReport, said } from './report';
import { frameText, Session } from './session';
import type { Target } from './target';
import { likely, statusVerdict, tunnelVerdict, type Verdict } from './verdict';

export interface ProbeOptions {
  target: Target;
  request: RequestOptions;
  insecure: boolean;
  /** Seconds. */
  connectTimeout: number;
  handshakeTimeout: number;
  replyTimeout: number;
  hold: number;
  /** Send a text message and wait for its echo. */
  echo: boolean;
  message: string | null;
  config: LoadedConfig | null;
  /** The path nginx sees (--location), when it differs from the URL's. */
  location: string | null;
  listen: number | null;
  /** The nginx version the config runs on (the simulator's default when null). */
  nginxVersion: string | null;
}

/** Ctrl-C: ends the probe early, with a report of what was seen so far. */
export class Interrupt {
  private readonly controller = new AbortController();
  private handlers: Array<() => void> = [];
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  fire(): void {
    if (this.signal.aborted) return;
    this.controller.abort();
    for (const h of this.handlers) h();
  }
  on(h: () => void): void {
    if (this.signal.aborted) h();
    else this.handlers.push(h);
  }
}

const PING_DATA = 'nginx-ws-lab';
/** Bytes of a refusal's body shown in the transcript. */
const BODY_BYTES = 512;

export async function probe(o: ProbeOptions, out: Output, interrupt: Interrupt): Promise<ProbeReport> {
  const t0 = performance.now();
  const clock = () => (performance.now() - t0) / 1000;
  const report = emptyReport(o.target.url);
  let socket: Socket | null = null;
  try {
    const opened = await openConnection(o.target, {
      timeoutMs: o.connectTimeout * 1000,
      insecure: o.insecure,
      signal: interrupt.signal,
      note: (code, params) => out.note(clock(), code, params),
    });
    socket = opened.socket;
    report.connection = {
      address: opened.address,
      port: o.target.port,
      connect_ms: round(opened.connectMs),
      tls: opened.tls,
    };
    const req = buildRequest(o.target, o.request);
    report.request = { line: req.line, headers: req.headers };
    const sentAt = clock();
    for (const l of [req.line, ...req.headers.map(([n, v]) => `${n}: ${v}`), '']) out.line(sentAt, '>', l);
    socket.write(requestBytes(req));
    const res = await readResponse(socket, o.handshakeTimeout * 1000, interrupt.signal);
    const gotAt = clock();
    for (const l of [res.statusLine, ...res.headers.map(([n, v]) => `${n}: ${v}`), ''])
      out.line(gotAt, '<', l);
    report.response = {
      status_line: res.statusLine,
      status: res.status,
      headers: res.headers,
      ms: round((gotAt - sentAt) * 1000),
    };
    report.hops = hops(res);
    const problems = checkResponse(req, res);
    if (problems.length) {
      if (res.status !== 101) await showBody(socket, res, out, clock);
      const first = problems[0]!;
      for (const p of problems) out.note(gotAt, p.code, p.params);
      for (const h of first.hints) out.note(gotAt, h.code, h.params);
      report.failure = {
        ...said(first.code, first.params),
        hints: first.hints.map((h) => said(h.code, h.params)),
      };
      report.exit = EXIT.handshake;
      if (o.config && res.status !== 101) {
        const p = prediction(o, report, [], 1);
        setVerdict(report, statusVerdict(res.status, res.statusLine.slice(9), p));
      }
      return report;
    }
    out.note(gotAt, 'handshake-ok', { ms: report.response.ms.toFixed(1) });
    const protocol = res.headers.find(([n]) => n.toLowerCase() === 'sec-websocket-protocol')?.[1] ?? null;
    report.subprotocol = protocol;
    if (protocol) out.note(gotAt, 'handshake-subprotocol', { protocol });
    else if (req.protocols.length)
      out.note(gotAt, 'handshake-no-subprotocol', { offered: req.protocols.join(', ') });
    await tunnel(o, report, socket, res.rest, gotAt, out, clock, interrupt);
  } catch (e) {
    if (!(e instanceof ProbeFailure)) throw e;
    out.note(clock(), e.code, e.params);
    for (const h of e.hints) out.note(clock(), h, {});
    report.failure = { ...said(e.code, e.params), hints: e.hints.map((h) => said(h)) };
    report.exit = e.exit;
  } finally {
    socket?.destroy();
    report.transcript = out.transcript;
  }
  return report;
}

async function tunnel(
  o: ProbeOptions,
  report: ProbeReport,
  socket: Socket,
  rest: Buffer,
  upgradeAt: number,
  out: Output,
  clock: () => number,
  interrupt: Interrupt,
): Promise<void> {
  const session = new Session(socket, rest, clock, (f) => out.line(f.at, f.dir, frameText(f)));
  interrupt.on(() => {
    if (session.open) out.note(clock(), 'closing-interrupted');
    void session.hangUp('interrupted');
  });
  const steps: ClientStep[] = [];
  const replyMs = o.replyTimeout * 1000;
  if (o.echo && session.open) {
    const text = o.message ?? `nginx-ws-lab probe ${randomBytes(4).toString('hex')}`;
    const before = session.frames.length;
    const at = clock();
    session.send({ kind: 'text', data: text });
    steps.push({ at: at - upgradeAt, send: text });
    const got = await session.waitFor((f) => f.kind === 'text' && f.data === text, replyMs);
    const others = session.frames
      .slice(before)
      .filter((f) => f.dir === '<' && (f.kind === 'text' || f.kind === 'binary') && f !== got).length;
    report.echo = {
      sent: text,
      echoed: got !== null,
      ms: got ? round((got.at - at) * 1000) : null,
      waited: o.replyTimeout,
      other_messages: others,
    };
    if (got) out.note(clock(), 'echo-ok', { ms: report.echo.ms!.toFixed(1) });
    else if (session.open)
      out.note(clock(), others ? 'echo-other' : 'echo-none', { seconds: o.replyTimeout, count: others });
  }
  if (session.open) {
    const at = clock();
    session.send({ kind: 'ping', data: PING_DATA });
    steps.push({ at: at - upgradeAt, ping: PING_DATA });
    const got = await session.waitFor((f) => f.kind === 'pong' && f.data === PING_DATA, replyMs);
    report.ping = {
      pong: got !== null,
      ms: got ? round((got.at - at) * 1000) : null,
      waited: o.replyTimeout,
    };
    if (got) out.note(clock(), 'pong-ok', { ms: report.ping.ms!.toFixed(1) });
    else if (session.open) out.note(clock(), 'pong-none', { seconds: o.replyTimeout });
  }
  let holdStart: number | null = null;
  if (session.open) {
    holdStart = clock();
    report.hold = { seconds: o.hold, started_at: round(holdStart) };
    out.note(holdStart, 'idle-start', { seconds: o.hold });
    const start = holdStart;
    const stop = out.progress(
      o.hold,
      () => clock() - start,
      () => session.frames.filter((f) => f.dir === '<' && f.at >= start).length,
    );
    let timer: NodeJS.Timeout | undefined;
    const held = await Promise.race([
      session.ended.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), o.hold * 1000);
      }),
    ]);
    clearTimeout(timer);
    stop();
    if (held && session.open) {
      out.note(clock(), 'closing-probe', { seconds: o.hold });
      void session.hangUp('probe');
    }
  }
  const end = await session.ended;
  const { last_traffic_at, ...rest_ } = end;
  const since = end.at - upgradeAt;
  const idle = end.at - last_traffic_at;
  const summary = endSummary(end, since, idle, o.hold);
  out.line(clock(), '*', summary.message);
  report.frames = session.frames;
  report.end = {
    ...rest_,
    at: round(end.at),
    close_reply_ms: end.close_reply_ms === null ? null : round(end.close_reply_ms),
    since_upgrade: round(since),
    idle: round(idle),
    by: end.how === 'probe' || end.how === 'interrupted' || end.how === 'protocol' ? 'probe' : 'peer',
    code_name: end.code === null ? null : (CLOSE_CODE_NAMES[end.code] ?? null),
    summary,
  };
  const serverFramesInHold =
    holdStart === null
      ? 0
      : session.frames.filter((f) => f.dir === '<' && f.kind !== 'close' && f.at >= holdStart).length;
  const observed = { end, idle, serverFramesInHold, hold: o.hold };
  report.likely = likely(observed, o.config !== null).map((f) => said(f.code, f.params));
  report.exit = end.how === 'probe' ? EXIT.open : end.how === 'interrupted' ? EXIT.interrupted : EXIT.closed;
  if (o.config) {
    const until = (holdStart ?? end.at) - upgradeAt + o.hold;
    const p = prediction(o, report, steps, until);
    setVerdict(report, tunnelVerdict(observed, p));
  }
}

function prediction(o: ProbeOptions, report: ProbeReport, steps: ClientStep[], until: number): Prediction {
  const p = predict(o.config!, {
    urlPort: o.target.port,
    listen: o.listen,
    nginxVersion: o.nginxVersion,
    path: o.location ?? o.target.path,
    headers: report.request?.headers ?? [],
    steps,
    until,
    echoes: report.echo?.echoed ?? true,
  });
  report.prediction = { ...p, notes: p.notes.map((n) => said(n.code, n.params)) };
  return p;
}

function setVerdict(report: ProbeReport, v: Verdict | null): void {
  if (!v) return;
  report.verdict = { ...said(v.code, v.params), kind: v.kind };
  if (v.kind === 'disagree' && report.exit !== EXIT.interrupted && report.exit !== EXIT.handshake) {
    report.exit = EXIT.disagrees;
  }
}

/** The hops a response names: Server and Via headers, and CDNs known by their own header. */
function hops(res: UpgradeResponse): string[] {
  const seen: string[] = [];
  for (const [n, v] of res.headers) {
    const name = n.toLowerCase();
    if (name === 'server' || name === 'via') seen.push(`${n}: ${v}`);
    if (name === 'cf-ray') seen.push(say('hop-cloudflare', { value: v }));
  }
  return seen;
}

async function showBody(
  socket: Socket,
  res: UpgradeResponse,
  out: Output,
  clock: () => number,
): Promise<void> {
  const body = await readSomeBody(socket, res.rest, BODY_BYTES, 300);
  if (!body.length) return;
  const at = clock();
  const lines = body.toString('utf8').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  for (const l of lines.slice(0, 12)) out.line(at, '<', l);
  if (body.length >= BODY_BYTES || lines.length > 12) out.line(at, '<', '…');
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
