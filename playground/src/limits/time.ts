/**
 * How long one engine call (simulate, check, diagnose) may run before its host gives up on
 * it. The engine never reads a clock (it runs the same in Node, a page and a worker); the
 * hosts enforce this: the browser's `WatchdogWorker` and the CLI's time limit, both naming
 * the regex that was running when it fired (`watchedRegexRunner`). Real configs take
 * milliseconds; only a runaway regex or a runaway input comes near it.
 */
export const ENGINE_TIME_LIMIT_MS = 2000;
