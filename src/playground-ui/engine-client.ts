import type { SimRequest, SimResponse, WorkerMessage } from './protocol';

/**
 * Talks to the simulation worker. Only the newest request matters: older answers are
 * dropped. A watchdog terminates the worker when an answer takes longer than `timeoutMs`
 * (a runaway regex or a huge input would otherwise spin forever) and starts a fresh one.
 */

export interface WorkerLike {
  postMessage(message: SimRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface EngineClientOptions {
  createWorker: () => WorkerLike;
  onResult: (response: SimResponse) => void;
  onTimeout: (ms: number) => void;
  onCrash: (message: string) => void;
  timeoutMs?: number;
  /** How long a new worker may take to load before it counts as stuck. */
  startupMs?: number;
  debounceMs?: number;
  timers?: Timers;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class EngineClient {
  private worker: WorkerLike | null = null;
  private ready = false;
  /** A request waiting for the worker to finish loading. */
  private queued: SimRequest | null = null;
  private nextId = 1;
  private pendingId = 0;
  private watchdog: unknown = null;
  private debounce: unknown = null;
  private readonly timers: Timers;
  private readonly timeoutMs: number;
  private readonly startupMs: number;
  private readonly debounceMs: number;

  constructor(private readonly options: EngineClientOptions) {
    this.timers = options.timers ?? realTimers;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.startupMs = options.startupMs ?? 20_000;
    this.debounceMs = options.debounceMs ?? 300;
  }

  /** Schedules a simulation after the debounce delay; a newer call replaces it. */
  request(scenario: string, config: string, lang: 'zh' | 'en' = 'en'): void {
    if (this.debounce !== null) this.timers.clear(this.debounce);
    this.debounce = this.timers.set(() => {
      this.debounce = null;
      this.send(scenario, config, lang);
    }, this.debounceMs);
  }

  /** Simulates at once (first load, preset choice). */
  send(scenario: string, config: string, lang: 'zh' | 'en' = 'en'): void {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    this.pendingId = id;
    const request: SimRequest = { id, scenario, config, lang };
    if (!this.ready) {
      this.queued = request;
      this.armWatchdog(this.startupMs);
      return;
    }
    this.armWatchdog(this.timeoutMs);
    worker.postMessage(request);
  }

  dispose(): void {
    if (this.debounce !== null) this.timers.clear(this.debounce);
    if (this.watchdog !== null) this.timers.clear(this.watchdog);
    this.restart();
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.options.createWorker();
    worker.onmessage = (event) => {
      const response = event.data;
      if (response.kind === 'ready') {
        this.ready = true;
        const queued = this.queued;
        this.queued = null;
        if (queued) {
          this.armWatchdog(this.timeoutMs);
          worker.postMessage(queued);
        }
        return;
      }
      if (response.id !== this.pendingId) return;
      this.disarmWatchdog();
      this.pendingId = 0;
      this.options.onResult(response);
    };
    worker.onerror = (event) => {
      this.disarmWatchdog();
      this.restart();
      this.options.onCrash(event.message || 'worker error');
    };
    this.worker = worker;
    return worker;
  }

  private armWatchdog(ms: number): void {
    this.disarmWatchdog();
    this.watchdog = this.timers.set(() => {
      this.watchdog = null;
      this.pendingId = 0;
      this.restart();
      this.options.onTimeout(ms);
    }, ms);
  }

  private disarmWatchdog(): void {
    if (this.watchdog !== null) this.timers.clear(this.watchdog);
    this.watchdog = null;
  }

  /** Kills the stuck worker; the next request starts a fresh one. */
  private restart(): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = false;
    this.queued = null;
  }
}
