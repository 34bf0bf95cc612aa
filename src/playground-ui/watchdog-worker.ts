/**
 * A Web Worker that must never hang the page: one request at a time, answers to older
 * requests dropped, and a watchdog that terminates the worker when an answer takes longer
 * than `timeoutMs` (a runaway regex, a huge input); the next request starts a fresh worker.
 * Loading the worker's script can be slow on a weak device, so the worker announces
 * `{ kind: 'ready' }` and until then the watchdog allows `startupMs` instead. While it works,
 * the worker reports each config regex it starts and finishes (`{ kind: 'regex' }`, from the
 * engine's `watchedRegexRunner`; a busy worker's messages still arrive), so a timeout can
 * name the regex that ran away. Used by the playground, the embeds and the exercises.
 */
import type { RegexRun } from '../../playground/src/index';
import { ENGINE_TIME_LIMIT_MS, REGEX_BLAME_MS } from '../../playground/src/index';

export interface WorkerLike<Req, Msg> {
  postMessage(message: Req): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<Msg>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface WatchdogWorkerOptions<Req, Res> {
  createWorker: () => WorkerLike<Req, Res | WorkerNote>;
  /** The answer to the newest request. */
  onAnswer: (response: Res) => void;
  /**
   * The newest request got no answer within `ms`; the worker has been terminated. `regex` is
   * the config regex that was running then, null when it was none.
   */
  onTimeout: (ms: number, id: number, regex: RegexRun | null) => void;
  /** The worker threw; it has been terminated. */
  onCrash: (message: string, id: number) => void;
  timeoutMs?: number;
  startupMs?: number;
  timers?: Timers;
  /** Milliseconds now (tests pass their own clock). */
  now?: () => number;
}

/** What a worker posts while it works on request `id`: the regex it starts (or null, done). */
export interface RegexProgress {
  kind: 'regex';
  id: number;
  run: RegexRun | null;
  /** When the worker started it (`Date.now()`): the page may read the message late. */
  at?: number;
}

/** Messages a worker posts besides its answers. */
export type WorkerNote = { kind: 'ready' } | RegexProgress;

/**
 * Parameters for a timeout message that names the regex: `{file}`, `{line}`, `{pattern}` (a
 * long one shortened), `{length}` (subject characters) and `{seconds}`.
 */
export function regexTimeoutParams(run: RegexRun, ms: number): Record<string, string | number> {
  const pattern = run.pattern.length > 80 ? `${run.pattern.slice(0, 79)}…` : run.pattern;
  return {
    file: run.origin?.file ?? 'nginx.conf',
    line: run.origin?.line ?? '?',
    pattern,
    length: run.subjectLength,
    seconds: ms / 1000,
  };
}

function kindOf(message: unknown): unknown {
  return typeof message === 'object' && message !== null ? (message as { kind?: unknown }).kind : undefined;
}

function isReady(message: unknown): message is { kind: 'ready' } {
  return kindOf(message) === 'ready';
}

function isRegexProgress(message: unknown): message is RegexProgress {
  return kindOf(message) === 'regex';
}

export class WatchdogWorker<Req extends { id: number }, Res extends { id: number }> {
  private worker: WorkerLike<Req, Res | WorkerNote> | null = null;
  private ready = false;
  /** A request waiting for the worker to finish loading. */
  private queued: Req | null = null;
  private pendingId = 0;
  /** The regex the worker said it is running for the pending request, and since when. */
  private running: { run: RegexRun; since: number } | null = null;
  private watchdog: unknown = null;
  private readonly timers: Timers;
  private readonly timeoutMs: number;
  private readonly startupMs: number;
  private readonly now: () => number;

  constructor(private readonly options: WatchdogWorkerOptions<Req, Res>) {
    this.timers = options.timers ?? realTimers;
    this.timeoutMs = options.timeoutMs ?? ENGINE_TIME_LIMIT_MS;
    this.startupMs = options.startupMs ?? 20_000;
    this.now = options.now ?? (() => Date.now());
  }

  /** Sends a request; whatever was pending is abandoned (its answer will be dropped). */
  send(request: Req): void {
    const worker = this.ensureWorker();
    this.pendingId = request.id;
    this.running = null;
    if (!this.ready) {
      this.queued = request;
      this.armWatchdog(this.startupMs);
      return;
    }
    this.armWatchdog(this.timeoutMs);
    worker.postMessage(request);
  }

  /** Abandons the pending request without an answer. */
  forget(): void {
    this.pendingId = 0;
    this.queued = null;
    this.disarmWatchdog();
  }

  dispose(): void {
    this.forget();
    this.restart();
  }

  private ensureWorker(): WorkerLike<Req, Res | WorkerNote> {
    if (this.worker) return this.worker;
    const worker = this.options.createWorker();
    worker.onmessage = (event) => {
      const message = event.data;
      if (isReady(message)) {
        this.ready = true;
        const queued = this.queued;
        this.queued = null;
        if (queued) {
          this.armWatchdog(this.timeoutMs);
          worker.postMessage(queued);
        }
        return;
      }
      if (isRegexProgress(message)) {
        if (message.id === this.pendingId)
          this.running = message.run ? { run: message.run, since: message.at ?? this.now() } : null;
        return;
      }
      if (message.id !== this.pendingId) return;
      this.disarmWatchdog();
      this.pendingId = 0;
      this.options.onAnswer(message);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      const id = this.pendingId;
      this.forget();
      this.restart();
      this.options.onCrash(event.message || 'worker error', id);
    };
    this.worker = worker;
    return worker;
  }

  private armWatchdog(ms: number): void {
    this.disarmWatchdog();
    this.watchdog = this.timers.set(() => {
      this.watchdog = null;
      const id = this.pendingId;
      // Only a regex that had been running a while is to blame, not the last of many quick ones.
      const blameAfter = Math.min(REGEX_BLAME_MS, ms / 2);
      const running = this.running && this.now() - this.running.since >= blameAfter ? this.running.run : null;
      this.pendingId = 0;
      this.running = null;
      this.restart();
      this.options.onTimeout(ms, id, running);
    }, ms);
  }

  private disarmWatchdog(): void {
    if (this.watchdog !== null) this.timers.clear(this.watchdog);
    this.watchdog = null;
  }

  /** Kills the worker; the next request starts a fresh one. */
  private restart(): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = false;
    this.queued = null;
  }
}
