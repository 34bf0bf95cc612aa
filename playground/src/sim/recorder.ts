/**
 * Collects what a simulation observes, in virtual milliseconds: outcome frames and requests,
 * the timeline, the client's transcript and nginx's error log.
 */
import type { Source } from '../config/tree';
import type { ReasonCode } from '../explain/reasons';
import type { HeaderDecision } from '../explain/types';
import { MAX_NOTE_TEXT, MAX_SIMULATED_EVENTS } from '../limits/counts';
import type { FrameKind, OutcomeFrame, OutcomeResponse, UpstreamRequest } from '../scenario/types';
import type { Lane, TimelineEvent, TranscriptLine } from './types';

export function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

export function toMs(s: number): number {
  return Math.round(s * 1000);
}

/** Text parameters of a note, each cut to `MAX_NOTE_TEXT` characters with `…`. */
export function shortenParams<T extends Record<string, string | number>>(params: T): T {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = typeof v === 'string' && v.length > MAX_NOTE_TEXT ? `${v.slice(0, MAX_NOTE_TEXT - 1)}…` : v;
  }
  return out as T;
}

/** error_log levels, most verbose first (ngx_log.c's err_levels, debug aside). */
const LOG_LEVELS = ['debug', 'info', 'notice', 'warn', 'error', 'crit', 'alert', 'emerg'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(s: string): s is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(s);
}

/** A `[level] message` line passes an error_log of `level`. */
function logged(line: string, level: LogLevel): boolean {
  const at = /^\[(\w+)\]/.exec(line)?.[1] ?? '';
  return !isLogLevel(at) || LOG_LEVELS.indexOf(at) >= LOG_LEVELS.indexOf(level);
}

export class Recorder {
  readonly timeline: TimelineEvent[] = [];
  readonly transcript: TranscriptLine[] = [];
  readonly errorLog: string[] = [];
  readonly frames: OutcomeFrame[] = [];
  readonly upstream: UpstreamRequest[] = [];
  readonly headers: HeaderDecision[][] = [];
  readonly responseHeaders: HeaderDecision[] = [];
  response: OutcomeResponse | null = null;
  /**
   * The level of the error_log that applies to the request (its location's): nginx writes only
   * lines at that level or above, so `error_log file;` (level error) drops the info lines.
   */
  logLevel: LogLevel = 'info';
  /**
   * Set (in ms) when the timeline reached `MAX_SIMULATED_EVENTS`: a note says so and nothing
   * after that moment is recorded; the simulation loops check it and stop.
   */
  stoppedAt: number | null = null;

  constructor(private readonly maxEvents = MAX_SIMULATED_EVENTS) {}

  event(
    at: number,
    from: Lane,
    to: Lane | null,
    kind: string,
    label: string,
    extra?: Pick<TimelineEvent, 'timer' | 'source' | 'explain'>,
  ): void {
    if (this.stoppedAt !== null) return;
    if (this.timeline.length >= this.maxEvents - 1) {
      this.stoppedAt = at;
      this.timeline.push({
        at: seconds(at),
        from: 'nginx',
        to: null,
        kind: 'note',
        label: `more than ${this.maxEvents} events: the simulation stops at ${seconds(at)} s`,
        explain: { code: 'event-limit', params: { limit: this.maxEvents, at: seconds(at) } },
      });
      return;
    }
    const e: TimelineEvent = { at: seconds(at), from, to, kind, label };
    if (extra?.timer) e.timer = extra.timer;
    if (extra?.source) e.source = extra.source;
    if (extra?.explain) e.explain = extra.explain;
    this.timeline.push(e);
  }

  say(at: number, dir: TranscriptLine['dir'], text: string): void {
    if (this.stoppedAt !== null) return;
    this.transcript.push({ at: seconds(at), dir, text });
  }

  log(line: string): void {
    if (this.stoppedAt !== null || this.errorLog.length >= this.maxEvents) return;
    if (!logged(line, this.logLevel)) return;
    this.errorLog.push(line);
  }

  timerArmed(at: number, name: string, deadline: number, source: Source | null, code: ReasonCode): void {
    this.event(at, 'nginx', null, 'timer-armed', `${name} → ${seconds(deadline)} s`, {
      timer: { name, deadline: seconds(deadline) },
      ...(source ? { source } : {}),
      explain: { code },
    });
  }

  timerFired(at: number, name: string, source: Source | null): void {
    this.event(at, 'nginx', null, 'timer-fired', `${name} expired`, {
      timer: { name, deadline: seconds(at) },
      ...(source ? { source } : {}),
    });
  }

  /** A frame delivered through nginx: two hops on the timeline, one line in the transcript. */
  frame(at: number, from: 'client' | 'backend', kind: FrameKind, data: string): void {
    if (this.stoppedAt !== null) return;
    this.frames.push({ at: seconds(at), from, kind, data });
    const label = kind === 'close' ? `close ${data}` : data === '' ? kind : `${kind} ${JSON.stringify(data)}`;
    const to = from === 'client' ? 'backend' : 'client';
    this.event(at, from, 'nginx', 'frame', label);
    this.event(at, 'nginx', to, 'frame', label);
    this.say(
      at,
      from === 'client' ? '>' : '<',
      `[${kind}] ${kind === 'close' ? data : JSON.stringify(data)}`,
    );
  }
}
