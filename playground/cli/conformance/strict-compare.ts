/**
 * The project's comparison of a simulated outcome with a recorded one, beyond the contract's rules
 * (docs/scenario-format.md): the contract's fields, every response header nginx sent (Date aside,
 * in order), and every error.log line. The three checks are reported apart, because a known
 * disagreement (known-disagreements.ts) names which of them a scenario still fails.
 */
import type { AnyOutcome, Outcome, OutcomeResponse } from '../../src/index';
import { compareOutcomes, type Difference } from '../../src/index';

/** The checks a scenario's simulation can fail, in the order they are reported. */
export const CHECKS = ['outcome', 'headers', 'error_log'] as const;
export type Check = (typeof CHECKS)[number];

export interface StrictResult {
  /** The checks that failed, in CHECKS order. */
  failed: Check[];
  /** The contract's differences (check `outcome`). */
  outcome: Difference[];
  headers: { expected: Array<[string, string]>; actual: Array<[string, string]> } | null;
  errorLog: { expected: string[]; actual: string[] } | null;
}

/** What `expires 1h` or `@15h` sends: a time computed from the run's clock. epoch and max are fixed. */
const FIXED_EXPIRES = new Set(['Thu, 01 Jan 1970 00:00:01 GMT', 'Thu, 31 Dec 2037 23:55:55 GMT']);
const HTTP_DATE = /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/;
/** Recordings were made after this moment, so a later Expires came from the recording's clock. */
const CLOCK_DERIVED_AFTER = Date.UTC(2020, 0, 1);

function clockDerived(name: string, value: string): boolean {
  if (name !== 'expires' || FIXED_EXPIRES.has(value) || !HTTP_DATE.test(value)) return false;
  return Date.parse(value) > CLOCK_DERIVED_AFTER;
}

/**
 * Response headers as compared: lower-case names in order, Date left out (it is the clock), and an
 * Expires computed from the clock replaced by a marker on both sides, so that a recording made
 * yesterday still matches a simulation run today.
 */
export function comparableHeaders(o: Outcome): Array<[string, string]> | null {
  if (!('response' in o) || !o.response) return null;
  return headersOf(o.response);
}

function headersOf(response: OutcomeResponse): Array<[string, string]> {
  return Object.entries(response.headers)
    .filter(([name]) => name !== 'date')
    .map(([name, value]) => [name, clockDerived(name, value) ? '(a time computed from the clock)' : value]);
}

/**
 * Every response's headers, as compared: outcome@1's one response, or (outcome@2) each client's
 * responses in order, each header line prefixed with `client#request`.
 */
export function comparableResponseHeaders(o: AnyOutcome): Array<[string, string]> | null {
  if (o.format === 'outcome@1') return comparableHeaders(o);
  if (!('clients' in o)) return null;
  return o.clients.flatMap((c) =>
    c.requests.flatMap((r, i) =>
      r.response ? headersOf(r.response).map(([n, v]): [string, string] => [`${c.name}#${i} ${n}`, v]) : [],
    ),
  );
}

export function compareStrict(expected: AnyOutcome, actual: AnyOutcome): StrictResult {
  const outcome = compareOutcomes(expected, actual);
  const failed: Check[] = outcome.length ? ['outcome'] : [];
  let headers: StrictResult['headers'] = null;
  if (('response' in expected && 'response' in actual) || ('clients' in expected && 'clients' in actual)) {
    const e = comparableResponseHeaders(expected) ?? [];
    const a = comparableResponseHeaders(actual) ?? [];
    if (JSON.stringify(e) !== JSON.stringify(a)) {
      headers = { expected: e, actual: a };
      failed.push('headers');
    }
  }
  let errorLog: StrictResult['errorLog'] = null;
  if ('error_log' in expected && 'error_log' in actual) {
    // outcome@2: lines of one instant (clients hanging up together) come in either order on real nginx.
    const order = (lines: string[]) => (expected.format === 'outcome@2' ? [...lines].sort() : lines);
    const e = order(expected.error_log ?? []);
    const a = order(actual.error_log ?? []);
    if (JSON.stringify(e) !== JSON.stringify(a)) {
      errorLog = { expected: e, actual: a };
      failed.push('error_log');
    }
  }
  return { failed, outcome, headers, errorLog };
}
