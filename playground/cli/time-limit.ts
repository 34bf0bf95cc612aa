/**
 * Engine calls under a time limit. The engine is synchronous and some regexes take forever
 * on some subjects (`^.*a.*a.*a.*b$` on 500 a's is polynomial, which no shape check
 * catches), so every command runs it through `withinTimeLimit`: Node's vm watchdog thread
 * interrupts V8 after `ENGINE_TIME_LIMIT_MS`, even inside a regex, and the error names the
 * regex the engine reported last (through `cliRegexRunner`). A terminated call's locals are
 * simply dropped; the engine's caches are only written once an entry is complete.
 */
import { createContext, Script } from 'node:vm';
import {
  CONFIG_FILE,
  defaultRegexRunner,
  ENGINE_TIME_LIMIT_MS,
  REGEX_BLAME_MS,
  type RegexRun,
  watchedRegexRunner,
} from '../src/index';

export class EngineTimeout extends Error {
  constructor(
    readonly ms: number,
    /** The regex that was running when time ran out; null when it was no regex. */
    readonly regex: RegexRun | null,
  ) {
    super(`the engine ran for more than ${ms / 1000} s`);
  }
}

let running: { run: RegexRun; since: number } | null = null;

/** The regex runner every CLI engine call uses, so a timeout can say which regex ran away. */
export const cliRegexRunner = watchedRegexRunner(defaultRegexRunner, (run) => {
  running = run ? { run, since: performance.now() } : null;
});

/** The regex to blame when time ran out: one that had been running a while (`REGEX_BLAME_MS`). */
function culprit(ms: number): RegexRun | null {
  const blameAfter = Math.min(REGEX_BLAME_MS, ms / 2);
  return running && performance.now() - running.since >= blameAfter ? running.run : null;
}

const context = createContext({ call: null as (() => unknown) | null });
const callInContext = new Script('call()');

/** Runs `fn` (synchronous engine work); throws `EngineTimeout` when it takes longer than `ms`. */
export function withinTimeLimit<T>(fn: () => T, ms = ENGINE_TIME_LIMIT_MS): T {
  running = null;
  context.call = fn;
  try {
    return callInContext.runInContext(context, { timeout: ms }) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      throw new EngineTimeout(ms, culprit(ms));
    throw error;
  } finally {
    context.call = null;
    running = null;
  }
}

/**
 * `where: regular expression "…" ran for more than 2 s on a 500-character subject…`, or the
 * general message when no regex was running. `place(origin)` words a config location for
 * the command (a file:line, or a scenario's config line).
 */
export function timeoutMessage(
  timeout: EngineTimeout,
  place: (origin: { file: string; line: number } | null) => string,
): string {
  return `${place(timeout.regex?.origin ?? null)}: ${timeoutReason(timeout)}`;
}

/** The message without its place (for callers that say where on their own). */
export function timeoutReason(timeout: EngineTimeout): string {
  const seconds = timeout.ms / 1000;
  const r = timeout.regex;
  if (!r)
    return `the simulator ran for more than ${seconds} s and was stopped; make the scenario or config smaller`;
  return (
    `regular expression "${r.pattern}" ran for more than ${seconds} s ` +
    `on a ${r.subjectLength}-character subject (catastrophic backtracking); simplify it`
  );
}

/** A place in a scenario file's config: `scenario.yaml (config line 7)`, or a file of its `files`. */
export function scenarioPlace(file: string, origin: { file: string; line: number } | null): string {
  if (!origin) return file;
  return origin.file === CONFIG_FILE
    ? `${file} (config line ${origin.line})`
    : `${file} (files: ${origin.file} line ${origin.line})`;
}
