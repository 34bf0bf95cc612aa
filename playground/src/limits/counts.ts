/**
 * Count limits: how many of a thing the engine or its hosts handle before they stop with a
 * message. Each one is far above what a real config or scenario needs and far below what
 * would freeze a browser tab or a CI job.
 */

/** Directory entries one `include` glob may visit (a `*` at every level of a path would walk the disk). */
export const MAX_GLOB_ENTRIES = 10_000;
