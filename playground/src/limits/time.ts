/**
 * How long one engine call (simulate, check, diagnose) may run before its host gives up on
 * it. The engine never reads a clock (it runs the same in Node, a page and a worker); the
 * hosts enforce this: the browser's `WatchdogWorker` and the CLI's time limit, both naming
 * the regex that was running when it fired (`watchedRegexRunner`). Real configs take
 * milliseconds; only a runaway regex or a runaway input comes near it.
 */
export const ENGINE_TIME_LIMIT_MS = 2000;

/**
 * How long a regex must have been running when the time limit fires to be named as the cause.
 * A sane pattern on a capped subject takes microseconds, so one still running after this long
 * is the runaway, not the last of thousands of quick ones (20,000 rewrites are slow, not
 * catastrophic). Well under the limit, because on a busy machine the regex may start late.
 */
export const REGEX_BLAME_MS = 200;
