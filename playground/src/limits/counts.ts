/**
 * Count limits: how many of a thing the engine or its hosts handle before they stop with a
 * message. Each is far above what a real config or scenario needs and far below what would
 * freeze a browser tab or a CI job. The security review of 2026-12-03 (F4, F6, F7) measured
 * what the lack of each cost: 30,000 steps took 25 s, 30,000 YAML entries froze a page for 2 s,
 * a tick every microsecond froze the Timeline for 6 s, `include` of a glob walked the disk.
 */

/** Directory entries one `include` glob may visit (a `*` at every level of a path would walk the disk). */
export const MAX_GLOB_ENTRIES = 10_000;

/**
 * Values (scalars, aliases, list items, flow collections) in one scenario's YAML, counted
 * before it is parsed: the YAML library needs about 30 µs a value, and the playground parses
 * the scenario on the page's own thread, three times when a link opens. 5,000 values (500
 * steps take 2,500) parse in about 0.15 s.
 */
export const MAX_YAML_VALUES = 5_000;

/** Client steps in one scenario. */
export const MAX_STEPS = 500;

/** Backends, request headers and extra files in one scenario, each. */
export const MAX_SCENARIO_ENTRIES = 200;

/**
 * Directives in a config the simulator runs (a paste or a scenario; the command line reads
 * files on disk without this cap). 10,000 is a config of several thousand lines.
 */
export const MAX_DIRECTIVES = 10_000;

/**
 * Timeline events one simulation records. A backend ticking every microsecond for a day
 * would otherwise produce billions; the run stops at the event that passes the cap and says
 * when (`engine-event-limit`).
 */
export const MAX_SIMULATED_EVENTS = 10_000;

/** Longest text a timeline note quotes (a rewritten URI, say) before it is shortened with `…`. */
export const MAX_NOTE_TEXT = 200;

/**
 * Rows each playground view draws (timeline events, diagram messages, transcript lines,
 * error.log lines); the rest is counted in one "N more not shown" line.
 */
export const MAX_VIEW_ROWS = 500;

/**
 * Messages in a sequence diagram: mermaid lays out every message on the page's thread and
 * refuses diagram texts over 50,000 characters anyway.
 */
export const MAX_DIAGRAM_MESSAGES = 200;

/** Upstream requests the Headers view draws a table for (failover can try thousands of servers). */
export const MAX_VIEW_TABLES = 20;

/** Characters of outcome JSON the Outcome view shows (Copy and Download still give all of it). */
export const MAX_VIEW_CHARS = 100_000;
