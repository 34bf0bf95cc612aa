/** What the v1 and v2 outcome comparisons share: time tolerance and header multisets. */
import type { Difference } from './compare';

/** nginx arms its timers lazily (300 ms) and runs round to 0.1 s, hence the slack on times. */
export const TIME_TOLERANCE = 0.6;

/** Floating-point slack, so that 2.6 vs 2.0 still counts as "within 0.6 s". */
const EPSILON = 1e-9;

export function withinTolerance(a: number, b: number): boolean {
  return Math.abs(a - b) <= TIME_TOLERANCE + EPSILON;
}

/** Two times that may be null (never happened): both null, or both within the tolerance. */
export function compareTime(field: string, e: number | null, a: number | null): Difference[] {
  if (e === null || a === null) return e === a ? [] : [{ field, expected: e, actual: a }];
  return withinTolerance(e, a) ? [] : [{ field, expected: e, actual: a }];
}

/** Header lists are equal as multisets of (name, value): order does not matter, repeats do. */
export function sameMultiset(e: Array<[string, string]>, a: Array<[string, string]>): boolean {
  if (e.length !== a.length) return false;
  const counts = new Map<string, number>();
  const key = ([name, value]: [string, string]) => JSON.stringify([name, value]);
  for (const h of e) counts.set(key(h), (counts.get(key(h)) ?? 0) + 1);
  for (const h of a) {
    const n = counts.get(key(h));
    if (!n) return false;
    counts.set(key(h), n - 1);
  }
  return true;
}
