import type { RegexRun } from '../../playground/src/index';
import type { SimRequest, SimResponse, WorkerMessage } from './protocol';
import { type WorkerLike as GenericWorker, realTimers, type Timers, WatchdogWorker } from './watchdog-worker';

/**
 * Talks to the simulation worker: debounces edits and hands each request to a
 * `WatchdogWorker`, which drops stale answers and restarts a stuck worker.
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
  debounceMs?: number;
  timers?: Timers;
  now?: () => number;
}

export class EngineClient {
  private readonly worker: WatchdogWorker<SimRequest, SimResponse>;
  private readonly timers: Timers;
  private readonly debounceMs: number;
  private nextId = 1;
  private debounce: unknown = null;

  constructor(options: EngineClientOptions) {
    this.timers = options.timers ?? realTimers;
    this.debounceMs = options.debounceMs ?? 300;
    const base = {
      createWorker: options.createWorker,
      onAnswer: options.onResult,
      onTimeout: (ms: number, _id: number, regex: RegexRun | null) => options.onTimeout(ms, regex),
      onCrash: (message: string) => options.onCrash(message),
      timers: this.timers,
      ...(options.now ? { now: options.now } : {}),
    };
    this.worker = new WatchdogWorker<SimRequest, SimResponse>({
      ...base,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.startupMs !== undefined ? { startupMs: options.startupMs } : {}),
    });
  }

  /** Schedules a simulation after the debounce delay; a newer call replaces it. */
  request(scenario: string, config: string): void {
    if (this.debounce !== null) this.timers.clear(this.debounce);
    this.debounce = this.timers.set(() => {
      this.debounce = null;
      this.send(scenario, config);
    }, this.debounceMs);
  }

  /** Simulates at once (first load, preset choice). */
  send(scenario: string, config: string): void {
    this.worker.send({ id: this.nextId++, scenario, config });
  }

  dispose(): void {
    if (this.debounce !== null) this.timers.clear(this.debounce);
    this.worker.dispose();
  }
}
