/**
 * The upgraded connection (`ngx_http_upstream_process_upgraded`): frames cross nginx at once,
 * both ends answer pings and close frames, and nginx's only armed timer is the upstream read
 * timer (proxy_read_timeout), re-armed after traffic in either direction — lazily: a move of
 * less than 300 ms is skipped (NGX_TIMER_LAZY_DELAY). proxy_send_timeout and send_timeout are
 * armed only while a write blocks, which never happens here. Times are virtual milliseconds.
 */
import type { Source } from '../config/tree';
import type { BackendSpec, ClientStep, OutcomeEnd } from '../scenario/types';
import { EventQueue } from './event-queue';
import { type Recorder, seconds, toMs } from './recorder';

/** nginx does not move a timer by less than this (ms). */
export const TIMER_LAZY_DELAY = 300;

type TunnelEvent =
  | { at: number; order: number; seq: number; kind: 'step'; step: ClientStep }
  | { at: number; order: number; seq: number; kind: 'tick'; n: number }
  | { at: number; order: number; seq: number; kind: 'ping' }
  | { at: number; order: number; seq: number; kind: 'backend-close' }
  | { at: number; order: number; seq: number; kind: 'until' };

/**
 * Same-instant order: the client's hang-up ends the window first (the recorded run with
 * until 5 and a ping every 1 s saw no ping at 5 s), then the client's own steps, then the
 * backend's. Traffic at the read timer's deadline still re-arms it (events before timers).
 */
const ORDER = { until: 0, step: 1, tick: 2, ping: 2, 'backend-close': 2 } as const;

export interface TunnelResult {
  /** null when the recorder's event cap stopped the run before the connection ended. */
  end: OutcomeEnd | null;
}

export function runTunnel(
  start: number,
  untilMs: number,
  steps: ClientStep[],
  backend: BackendSpec,
  readTimeout: { ms: number; source: Source | null },
  rec: Recorder,
): TunnelResult {
  const byOrder = (a: TunnelEvent, b: TunnelEvent) => a.at - b.at || a.order - b.order || a.seq - b.seq;
  const queue = new EventQueue<TunnelEvent>(byOrder);
  let seq = 0;
  const push = (e: Omit<TunnelEvent, 'seq' | 'order'> & { kind: TunnelEvent['kind'] }) => {
    queue.push({ ...e, order: ORDER[e.kind], seq: seq++ } as TunnelEvent);
  };
  for (const step of steps) {
    const at = toMs(step.at);
    if (at < start) {
      rec.event(at, 'client', null, 'skipped', 'step before the tunnel', {
        explain: { code: 'step-skipped' },
      });
      continue;
    }
    push({ at, kind: 'step', step } as TunnelEvent);
  }
  if (backend.send_every !== null)
    push({ at: start + toMs(backend.send_every), kind: 'tick', n: 1 } as TunnelEvent);
  if (backend.ping_every !== null)
    push({ at: start + toMs(backend.ping_every), kind: 'ping' } as TunnelEvent);
  if (backend.close_after !== null)
    push({ at: start + toMs(backend.close_after), kind: 'backend-close' } as TunnelEvent);
  push({ at: untilMs, kind: 'until' } as TunnelEvent);

  let deadline = start + readTimeout.ms;
  rec.timerArmed(start, 'proxy_read_timeout', deadline, readTimeout.source, 'timer-tunnel');
  const traffic = (at: number) => {
    const next = at + readTimeout.ms;
    if (Math.abs(next - deadline) < TIMER_LAZY_DELAY) return;
    deadline = next;
    rec.timerArmed(at, 'proxy_read_timeout', deadline, readTimeout.source, 'timer-tunnel');
  };

  // A runaway scenario (a tick every microsecond for a day) stops when the recorder is full.
  while (rec.stoppedAt === null) {
    const e = queue.shift();
    if (!e) break;
    // The read timer fires before anything later than its deadline; traffic at the same instant wins.
    if (deadline < e.at || (deadline === e.at && e.kind === 'until')) {
      rec.timerFired(deadline, 'proxy_read_timeout', readTimeout.source);
      rec.log('[info] upstream timed out (110: Connection timed out) while proxying upgraded connection');
      rec.event(deadline, 'nginx', 'client', 'close', 'close (no close frame)');
      rec.event(deadline, 'nginx', 'backend', 'close', 'close');
      rec.say(deadline, '*', 'connection closed by nginx without a close frame (1006)');
      return { end: { at: seconds(deadline), by: 'nginx', reason: 'proxy_read_timeout' } };
    }
    switch (e.kind) {
      case 'until':
        rec.event(e.at, 'client', 'nginx', 'close', 'client drops TCP');
        rec.event(e.at, 'nginx', 'backend', 'close', 'close');
        rec.say(e.at, '*', 'client closes the connection (until)');
        return { end: { at: seconds(e.at), by: 'client', reason: 'until' } };
      case 'step': {
        const { step } = e;
        if (step.send !== undefined) {
          rec.frame(e.at, 'client', 'text', step.send);
          if (backend.echo) rec.frame(e.at, 'backend', 'text', step.send);
        } else if (step.ping !== undefined) {
          rec.frame(e.at, 'client', 'ping', step.ping);
          rec.frame(e.at, 'backend', 'pong', step.ping);
        } else if (step.close !== undefined) {
          const code = String(step.close);
          rec.frame(e.at, 'client', 'close', code);
          rec.frame(e.at, 'backend', 'close', code);
          rec.event(e.at, 'backend', 'nginx', 'close', 'backend closes TCP');
          rec.event(e.at, 'nginx', 'client', 'close', 'close');
          return { end: { at: seconds(e.at), by: 'client', reason: `close frame ${code}` } };
        }
        traffic(e.at);
        break;
      }
      case 'tick':
        rec.frame(e.at, 'backend', 'text', `tick ${e.n}`);
        traffic(e.at);
        push({
          at: e.at + Math.max(1, toMs(backend.send_every ?? 1)),
          kind: 'tick',
          n: e.n + 1,
        } as TunnelEvent);
        break;
      case 'ping':
        rec.frame(e.at, 'backend', 'ping', '');
        rec.frame(e.at, 'client', 'pong', '');
        traffic(e.at);
        push({ at: e.at + Math.max(1, toMs(backend.ping_every ?? 1)), kind: 'ping' } as TunnelEvent);
        break;
      case 'backend-close':
        rec.frame(e.at, 'backend', 'close', '1000');
        rec.frame(e.at, 'client', 'close', '1000');
        rec.event(e.at, 'backend', 'nginx', 'close', 'backend closes TCP');
        rec.event(e.at, 'nginx', 'client', 'close', 'close');
        return { end: { at: seconds(e.at), by: 'backend', reason: 'close frame 1000' } };
    }
  }
  return { end: rec.stoppedAt === null ? { at: seconds(untilMs), by: 'client', reason: 'until' } : null };
}
