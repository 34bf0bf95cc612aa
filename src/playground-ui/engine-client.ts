import type { RegexRun } from '../../playground/src/index';
import type { SimRequest, SimResponse, WorkerMessage } from './protocol';
import { type WorkerLike as GenericWorker, realTimers, type Timers, WatchdogWorker } from './watchdog-worker';

/**
 * Talks to the simulation worker. Every request goes through a `WatchdogWorker`, which drops
 * stale answers and restarts a stuck worker. `send` goes at once and abandons what was
 * pending (first load, a preset); `request` is for edits: at once when the worker is idle,
 * and while it works only the newest edit waits, sent as soon as the answer is in. (Pausing
 * for typing on large scenarios is the page's job, see `edited` in app.ts.)
 */

export type { Timers } from './watchdog-worker';
export type WorkerLike = GenericWorker<SimRequest, WorkerMessage>;

export interface EngineClientOptions {
  createWorker: () => WorkerLike;
  onResult: (response: SimResponse) => void;
  /** No answer within `ms`; `regex` is the config regex that was running, if one was. */
  onTimeout: (ms: number, regex: RegexRun | null) => void;
  onCrash: (message: string) => void;
  timeoutMs?: number;
  /** How long a new worker may take to load before it counts as stuck. */
  startupMs?: number;
  timers?: Timers;
  now?: () => number;
}

/** What one simulation needs: a whole scenario, or the config and the rest apart (see protocol.ts). */
type Job = DistributiveOmit<SimRequest, 'id'>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class EngineClient {
  private readonly worker: WatchdogWorker<SimRequest, SimResponse>;
  private nextId = 1;
  /** A request is with the worker and has not been answered (nor timed out, nor crashed). */
  private busy = false;
  /** The newest edit made while the worker was busy. */
  private waiting: Job | null = null;

  constructor(options: EngineClientOptions) {
    const settle = () => {
      this.busy = false;
      const next = this.waiting;
      if (next) this.post(next);
    };
    this.worker = new WatchdogWorker<SimRequest, SimResponse>({
      createWorker: options.createWorker,
      onAnswer: (response) => {
        options.onResult(response);
        settle();
      },
      onTimeout: (ms: number, _id: number, regex: RegexRun | null) => {
        options.onTimeout(ms, regex);
        settle();
      },
      onCrash: (message: string) => {
        options.onCrash(message);
        settle();
      },
      timers: options.timers ?? realTimers,
      ...(options.now ? { now: options.now } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.startupMs !== undefined ? { startupMs: options.startupMs } : {}),
    });
  }

  /** A newer edit is waiting for the worker (the answer being shown is not the last). */
  get behind(): boolean {
    return this.waiting !== null;
  }

  /** An edit: simulated at once when the worker is idle, else after its current answer. */
  request(scenario: string, config: string): void {
    this.queue({ scenario, config });
  }

  /** An edit given as the config and the rest of the scenario: the worker joins them. */
  requestParts(config: string, rest: string): void {
    this.queue({ config, rest });
  }

  /** Simulates `scenario` at once; an answer to an older request is dropped. */
  send(scenario: string, config: string): void {
    this.post({ scenario, config });
  }

  /** Like `send`, with the config and the rest of the scenario apart. */
  sendParts(config: string, rest: string): void {
    this.post({ config, rest });
  }

  private queue(job: Job): void {
    if (this.busy) this.waiting = job;
    else this.post(job);
  }

  private post(job: Job): void {
    this.waiting = null;
    this.busy = true;
    this.worker.send({ id: this.nextId++, ...job } as SimRequest);
  }

  dispose(): void {
    this.waiting = null;
    this.worker.dispose();
  }
}
