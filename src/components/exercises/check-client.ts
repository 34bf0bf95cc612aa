import type { CheckRequest, CheckResponse } from './protocol';

/**
 * Sends checks to the worker, one at a time. A watchdog terminates the worker when a check
 * takes longer than `timeoutMs` (a pathological config must never freeze the page) and the
 * next check starts a fresh one. The first check on a new worker also pays for loading the
 * worker's script, so it gets `startupMs` more (the playground learned this on slow devices).
 */

export interface WorkerLike {
  postMessage(message: CheckRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<CheckResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export type CheckOutcome = CheckResponse | { id: number; ok: false; timeout: true; message: string };

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class CheckClient {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private pending: { id: number; resolve: (r: CheckOutcome) => void; watchdog: unknown } | null = null;

  constructor(
    private readonly createWorker: () => WorkerLike,
    private readonly timeoutMs = 2000,
    private readonly timers: Timers = realTimers,
    private readonly startupMs = 20_000,
  ) {}

  /** Checks `config`; a check still running is abandoned (its answer is dropped). */
  check(exercise: string, config: string): Promise<CheckOutcome> {
    this.settle({ id: this.pending?.id ?? 0, ok: false, message: 'superseded' });
    const fresh = this.worker === null;
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const limit = fresh ? this.timeoutMs + this.startupMs : this.timeoutMs;
    return new Promise((resolve) => {
      const watchdog = this.timers.set(() => {
        this.worker?.terminate();
        this.worker = null;
        this.settle({ id, ok: false, timeout: true, message: `no answer within ${limit} ms` });
      }, limit);
      this.pending = { id, resolve, watchdog };
      worker.postMessage({ id, exercise, config });
    });
  }

  dispose(): void {
    this.settle({ id: this.pending?.id ?? 0, ok: false, message: 'disposed' });
    this.worker?.terminate();
    this.worker = null;
  }

  private settle(outcome: CheckOutcome): void {
    const pending = this.pending;
    if (!pending || pending.id !== outcome.id) return;
    this.timers.clear(pending.watchdog);
    this.pending = null;
    pending.resolve(outcome);
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.onmessage = (event) => this.settle(event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.worker?.terminate();
      this.worker = null;
      this.settle({ id: this.pending?.id ?? 0, ok: false, message: event.message || 'worker error' });
    };
    this.worker = worker;
    return worker;
  }
}
