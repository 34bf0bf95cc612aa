import type { RegexRun } from '../../playground/src/index';
import type { SimRequest, SimResponse, WorkerMessage } from './protocol';
import { type WorkerLike as GenericWorker, realTimers, type Timers, WatchdogWorker } from './watchdog-worker';

/**
 * Talks to the simulation worker: hands each request to a `WatchdogWorker`, which drops
 * stale answers and restarts a stuck worker. (Pausing for typing is the page's job: it joins
 * the scenario only once typing pauses, see `edited` in app.ts.)
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

export class EngineClient {
  private readonly worker: WatchdogWorker<SimRequest, SimResponse>;
  private readonly timers: Timers;
  private nextId = 1;

  constructor(options: EngineClientOptions) {
    this.timers = options.timers ?? realTimers;
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

  /** Simulates `scenario`; an answer to an older request is dropped. */
  send(scenario: string, config: string): void {
    this.worker.send({ id: this.nextId++, scenario, config });
  }

  dispose(): void {
    this.worker.dispose();
  }
}
