import { isDeepStrictEqual } from 'node:util';
import type fc from 'fast-check';

/**
 * Shared rules of every fuzz target: each case must return (no uncaught exception), give a
 * deep-equal answer when run again on the same input, and finish within `SLOW_MS`.
 * Case counts come from the environment so CI runs the default and `npm run fuzz` many more:
 *   FUZZ_RUNS   cases per property (default 10,000)
 *   FUZZ_SEED   replay a failure fast-check reported
 */

/** A single input taking longer than this is a finding (see `timeCase`). */
export const SLOW_MS = 100;

/** How many times a slow case is re-timed alone before it counts: GC pauses and a busy CI box are noise. */
const RETIMES = 3;

export function fuzzRuns(): number {
  const raw = process.env.FUZZ_RUNS;
  const n = raw === undefined ? 10_000 : Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`FUZZ_RUNS must be a positive whole number, got "${raw}"`);
  return n;
}

/** fast-check parameters shared by all targets. */
export function fuzzParameters(): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED;
  return {
    numRuns: fuzzRuns(),
    ...(seed !== undefined ? { seed: Number(seed) } : {}),
    // A failing input is printed by fast-check; shrinking it keeps the report readable. A
    // timing failure on a busy machine shrinks slowly (each step is re-timed), so the run is
    // cut, and reported as a failure, before vitest's own timeout would hide the input.
    endOnFailure: false,
    interruptAfterTimeLimit: Math.floor(propertyTimeout() * 0.85),
    markInterruptAsFailure: true,
  };
}

/** Vitest timeout for one property: generous, the properties themselves bound each case. */
export function propertyTimeout(): number {
  return Math.max(120_000, fuzzRuns() * 20);
}

function preview(input: unknown): string {
  const text = typeof input === 'string' ? JSON.stringify(input) : JSON.stringify(input, null, 0);
  return text === undefined
    ? String(input)
    : text.length > 400
      ? `${text.slice(0, 400)}… (${text.length} chars)`
      : text;
}

/**
 * Runs `run(input)` and checks the three rules. `fresh` (default `run`) repeats the work
 * without any cache the first run filled, so a re-timed slow case is really re-done.
 */
export function checkCase<I, O>(input: I, run: (input: I) => O, fresh: (input: I) => O = run): O {
  const start = performance.now();
  const first = run(input);
  const elapsed = performance.now() - start;
  const second = fresh(input);
  if (
    !isDeepStrictEqual(first, second) &&
    !isDeepStrictEqual(withoutFunctions(first), withoutFunctions(second))
  ) {
    throw new Error(
      `not deterministic: two runs on the same input differ at ${firstDifference(first, second)}; input ${preview(input)}`,
    );
  }
  if (elapsed > SLOW_MS) timeCase(input, fresh, elapsed);
  return first;
}

/**
 * A copy with every function replaced by its name: compiled regexes come out of a bounded
 * cache, so two equal results may hold different (but equivalent) closures. Used only when
 * the plain comparison failed, so the common case stays cheap.
 */
function withoutFunctions(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof value === 'function') return `[function ${value.name}]`;
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (value instanceof Set) return new Set([...value].map((v) => withoutFunctions(v, seen)));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, withoutFunctions(v, seen)]));
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  seen.set(value, copy);
  for (const [key, v] of Object.entries(value))
    (copy as Record<string, unknown>)[key] = withoutFunctions(v, seen);
  return copy;
}

/** Where two values first differ, as a path such as `.handling.headers[2]`, with both values. */
export function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (isDeepStrictEqual(a, b)) return '(nowhere)';
  if (a instanceof Set && b instanceof Set) return firstDifference([...a], [...b], `${path}<set>`);
  if (a instanceof Map && b instanceof Map) return firstDifference([...a], [...b], `${path}<map>`);
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const x = (a as Record<string, unknown>)[key];
      const y = (b as Record<string, unknown>)[key];
      if (!isDeepStrictEqual(x, y))
        return firstDifference(x, y, Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`);
    }
    return `${path || '(top)'} (same keys, different prototypes or hidden state)`;
  }
  return `${path || '(top)'}: ${preview(a)} vs ${preview(b)}`;
}

/** CPU time this process spent in `fn`, in ms (user + system). */
function cpuMs(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * Re-times a slow case alone; fails only when every attempt is slow. The re-times count the CPU
 * time this process spent, not the wall clock: on a machine busy with other work (a developer's
 * builds, parallel test files on 2 cores) the wall clock of a 20 ms case reads 300 ms, while the
 * CPU time still says what the input costs.
 */
function timeCase<I>(input: I, fresh: (input: I) => unknown, firstMs: number): void {
  const times = [firstMs];
  for (let i = 0; i < RETIMES; i++) {
    const ms = cpuMs(() => fresh(input));
    if (ms <= SLOW_MS) return;
    times.push(ms);
  }
  throw new Error(
    `slow input: ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} (limit ${SLOW_MS} ms; the first wall clock, then CPU time) for ${preview(input)}`,
  );
}
