/**
 * Who likely ended the connection: from the wire alone, and, with --config, by holding what
 * happened against what the user's nginx config predicts. A close frame comes from the
 * WebSocket server (nginx never writes one); a FIN without one from a proxy's idle timeout
 * (nginx's proxy_read_timeout, a load balancer's, a CDN's); a reset from a hop that dropped
 * the connection. The config tells whether nginx's own timer fits the time it happened.
 */
import { TIME_TOLERANCE } from '../../src/index';
import type { MessageCode, Params } from './messages';
import type { Prediction } from './prediction';
import type { End } from './session';

export interface Finding {
  code: MessageCode;
  params: Params;
}

/** Idle timeouts people meet often, within a second or two. */
const KNOWN_IDLE: Array<{ seconds: number; code: MessageCode }> = [
  { seconds: 60, code: 'likely-known-60' },
  { seconds: 100, code: 'likely-known-100' },
];

export interface Observed {
  end: End;
  /** Seconds without traffic before the end. */
  idle: number;
  /** Frames the server sent during the hold (pings, pushes). */
  serverFramesInHold: number;
  hold: number;
}

/** The likely cause, from what the wire showed. */
export function likely(o: Observed, withConfig: boolean): Finding[] {
  const out: Finding[] = [];
  switch (o.end.how) {
    case 'close-frame':
      out.push({ code: 'likely-close-frame', params: {} });
      break;
    case 'fin':
      out.push({ code: 'likely-fin', params: {} });
      for (const k of KNOWN_IDLE)
        if (Math.abs(o.idle - k.seconds) <= 2) out.push({ code: k.code, params: {} });
      if (!withConfig) out.push({ code: 'likely-add-config', params: {} });
      break;
    case 'reset':
      out.push({ code: 'likely-reset', params: {} });
      break;
    case 'probe':
      out.push({ code: 'likely-probe', params: {} });
      break;
    default:
      break;
  }
  if (o.serverFramesInHold > 0)
    out.push({ code: 'likely-server-traffic', params: { count: o.serverFramesInHold } });
  return out;
}

export type VerdictKind = 'agree' | 'disagree' | 'explained';

export interface Verdict extends Finding {
  kind: VerdictKind;
}

/** How close the wire must come to nginx's timer: the simulator's tolerance, or 2 % of long timers. */
export function tolerance(seconds: number): number {
  return Math.max(TIME_TOLERANCE, seconds * 0.02);
}

/** The tunnel's end against the prediction; null when there is nothing to compare. */
export function tunnelVerdict(o: Observed, p: Prediction): Verdict | null {
  if (p.config_error || p.status === null) return null;
  if (!p.tunnel) return { kind: 'disagree', code: 'verdict-no-tunnel', params: { status: p.status } };
  const t = p.timeout!;
  const timer = { value: t.value, where: t.where };
  const observed = fmt(o.idle);
  const predicted = p.closes_after_idle;
  const how = o.end.how;
  if (how === 'probe' || how === 'interrupted') {
    if (predicted === null)
      return { kind: 'agree', code: 'verdict-agree-open', params: { seconds: fmt(o.hold), ...timer } };
    if (how === 'interrupted' && o.idle < predicted) return null;
    if (o.serverFramesInHold > 0) {
      return {
        kind: 'explained',
        code: 'verdict-stayed-open-traffic',
        params: { seconds: fmt(o.hold), predicted: fmt(predicted), count: o.serverFramesInHold, ...timer },
      };
    }
    return {
      kind: 'disagree',
      code: 'verdict-stayed-open',
      params: { seconds: fmt(o.hold), predicted: fmt(predicted), ...timer },
    };
  }
  if (how === 'protocol' || how === 'error') return null;
  const late = predicted !== null && o.idle > predicted + tolerance(predicted);
  if (late)
    return {
      kind: 'disagree',
      code: 'verdict-late',
      params: { predicted: fmt(predicted), observed, ...timer },
    };
  if (how === 'close-frame') {
    return {
      kind: 'explained',
      code: 'verdict-app-closed',
      params: { code: o.end.code ?? 1005, observed, ...timer },
    };
  }
  if (how === 'fin' && predicted !== null && Math.abs(o.idle - predicted) <= tolerance(predicted)) {
    return { kind: 'agree', code: 'verdict-agree-timeout', params: { observed, ...timer } };
  }
  const howCode: MessageCode = how === 'reset' ? 'how-reset' : 'how-no-close-frame';
  return {
    kind: 'disagree',
    code: 'verdict-hop-in-front',
    params: { observed, how: { code: howCode }, ...timer },
  };
}

/** A handshake that did not end in 101, against the predicted status. */
export function statusVerdict(observedStatus: number, observedLine: string, p: Prediction): Verdict | null {
  if (p.config_error || p.status === null) return null;
  if (p.status === observedStatus)
    return { kind: 'agree', code: 'verdict-agree-status', params: { status: p.status } };
  return {
    kind: 'disagree',
    code: 'verdict-status',
    params: { predicted: p.status, observed: observedLine },
  };
}

/** Seconds for people: one decimal, more below a second. */
export function fmt(seconds: number): string {
  return seconds < 0.1 ? String(Math.round(seconds * 1000) / 1000) : seconds.toFixed(1);
}
