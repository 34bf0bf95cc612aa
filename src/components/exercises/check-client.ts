import type { RegexRun } from '../../../playground/src/index';
import { ENGINE_TIME_LIMIT_MS } from '../../../playground/src/index';
import {
  type WorkerLike as GenericWorker,
  type Timers,
  WatchdogWorker,
  type WorkerNote,
} from '../../playground-ui/watchdog-worker';
import type { CheckRequest, CheckResponse } from './protocol';

/**
 * Sends checks to the exercise worker, one at a time, as promises. The worker lifecycle
 * (start-up allowance, 2 s watchdog, fresh worker after a hang or crash) is the playground's
 * `WatchdogWorker`, so a pathological config never freezes the page.
 */

export type { Timers } from '../../playground-ui/watchdog-worker';
export type WorkerLike = GenericWorker<CheckRequest, CheckResponse | WorkerNote>;

export type CheckOutcome =
  | CheckResponse
  | {
      id: number;
      ok: false;
      timeout: true;
      message: string;
      /** The config regex that was running when time ran out. */
      regex: RegexRun | null;
      ms: number;
    };

export class CheckClient {
  private readonly worker: WatchdogWorker<CheckRequest, CheckResponse>;
  private nextId = 1;
  private pending: { id: number; resolve: (r: CheckOutcome) => void } | null = null;

  constructor(
    createWorker: () => WorkerLike,
    timeoutMs = ENGINE_TIME_LIMIT_MS,
    timers?: Timers,
    startupMs = 20_000,
  ) {
    this.worker = new WatchdogWorker<CheckRequest, CheckResponse>({
      createWorker,
      timeoutMs,
      startupMs,
      ...(timers ? { timers } : {}),
      onAnswer: (response) => this.settle(response),
      onTimeout: (ms, id, regex) =>
        this.settle({ id, ok: false, timeout: true, message: `no answer within ${ms} ms`, regex, ms }),
      onCrash: (message, id) => this.settle({ id, ok: false, message }),
    });
  }

  /** Checks `config`; a check still running is abandoned (its answer is dropped). */
  check(exercise: string, config: string): Promise<CheckOutcome> {
    this.settle({ id: this.pending?.id ?? 0, ok: false, message: 'superseded' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending = { id, resolve };
      this.worker.send({ id, exercise, config });
    });
  }

  dispose(): void {
    this.settle({ id: this.pending?.id ?? 0, ok: false, message: 'disposed' });
    this.worker.dispose();
  }

  private settle(outcome: CheckOutcome): void {
    const pending = this.pending;
    if (!pending || pending.id !== outcome.id) return;
    this.pending = null;
    pending.resolve(outcome);
  }
}
