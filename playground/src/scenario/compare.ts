/**
 * Compares two outcomes by the rules of docs/scenario-format.md (v1: "How a simulated outcome
 * is compared with a real one"; v2: compare-v2.ts). `expected` is the judge (a real nginx run,
 * or a recorded one); `actual` is what is checked against it (usually a simulation). Pure: runs
 * in Node, browsers and workers alike.
 */

import { sameMultiset, withinTolerance } from './compare-parts';
import { compareRunsV2 } from './compare-v2';
import type { AnyOutcome, ConfigErrorOutcome, ConfigErrorOutcomeV2, OutcomeFrame, RunOutcome } from './types';
import { isConfigError } from './types';

export { TIME_TOLERANCE } from './compare-parts';

/** One field on which the outcomes disagree; `field` is a path such as `upstream[0].headers`. */
export interface Difference {
  field: string;
  expected: unknown;
  actual: unknown;
}

export function compareOutcomes(expected: AnyOutcome, actual: AnyOutcome): Difference[] {
  if (expected.format !== actual.format) {
    return [{ field: 'format', expected: expected.format, actual: actual.format }];
  }
  const expectedError = isConfigError(expected);
  const actualError = isConfigError(actual);
  if (expectedError && actualError) return compareConfigErrors(expected, actual);
  if (expectedError || actualError) {
    return [{ field: 'config_error', expected: configErrorOf(expected), actual: configErrorOf(actual) }];
  }
  if (expected.format === 'outcome@2' && actual.format === 'outcome@2') {
    return compareRunsV2(expected, actual as Exclude<typeof actual, ConfigErrorOutcomeV2>);
  }
  return compareRuns(expected as RunOutcome, actual as RunOutcome);
}

function configErrorOf(o: AnyOutcome): string | null {
  return isConfigError(o) ? o.config_error : null;
}

/** nginx's message without its trailing ` line N`. */
export function configErrorMessage(configError: string): string {
  return configError.replace(/ line \d+$/, '');
}

function compareConfigErrors(
  expected: ConfigErrorOutcome | ConfigErrorOutcomeV2,
  actual: ConfigErrorOutcome | ConfigErrorOutcomeV2,
): Difference[] {
  const message = configErrorMessage(expected.config_error);
  if (actual.config_error.includes(message)) return [];
  return [{ field: 'config_error', expected: expected.config_error, actual: actual.config_error }];
}

function compareRuns(expected: RunOutcome, actual: RunOutcome): Difference[] {
  return [
    ...compareResponse(expected, actual),
    ...compareUpstream(expected, actual),
    ...(expected.tunnel === actual.tunnel
      ? []
      : [{ field: 'tunnel', expected: expected.tunnel, actual: actual.tunnel }]),
    ...compareFrames(expected.frames, actual.frames),
    ...compareEnd(expected, actual),
  ];
}

function compareResponse(expected: RunOutcome, actual: RunOutcome): Difference[] {
  const e = expected.response;
  const a = actual.response;
  if (e === null || a === null) {
    return e === a ? [] : [{ field: 'response', expected: e?.status ?? null, actual: a?.status ?? null }];
  }
  const diffs: Difference[] = [];
  if (e.status !== a.status) diffs.push({ field: 'response.status', expected: e.status, actual: a.status });
  for (const name of ['upgrade', 'connection'] as const) {
    const ev = e.headers[name];
    const av = a.headers[name];
    if (ev?.toLowerCase() !== av?.toLowerCase()) {
      diffs.push({ field: `response.headers.${name}`, expected: ev ?? null, actual: av ?? null });
    }
  }
  if (!withinTolerance(e.at, a.at)) diffs.push({ field: 'response.at', expected: e.at, actual: a.at });
  return diffs;
}

function compareUpstream(expected: RunOutcome, actual: RunOutcome): Difference[] {
  const e = expected.upstream;
  const a = actual.upstream;
  const diffs: Difference[] = [];
  if (e.length !== a.length) diffs.push({ field: 'upstream.length', expected: e.length, actual: a.length });
  for (let i = 0; i < Math.min(e.length, a.length); i++) {
    const er = e[i]!;
    const ar = a[i]!;
    if (er.request_line !== ar.request_line) {
      diffs.push({
        field: `upstream[${i}].request_line`,
        expected: er.request_line,
        actual: ar.request_line,
      });
    }
    if (!sameMultiset(er.headers, ar.headers)) {
      diffs.push({ field: `upstream[${i}].headers`, expected: er.headers, actual: ar.headers });
    }
  }
  return diffs;
}

function frameLabel(f: OutcomeFrame): string {
  return `${f.from} ${f.kind} ${JSON.stringify(f.data)}`;
}

function compareFrames(e: OutcomeFrame[], a: OutcomeFrame[]): Difference[] {
  const diffs: Difference[] = [];
  if (e.length !== a.length) {
    diffs.push({ field: 'frames.length', expected: e.length, actual: a.length });
  }
  for (let i = 0; i < Math.min(e.length, a.length); i++) {
    const ef = e[i]!;
    const af = a[i]!;
    if (ef.from !== af.from || ef.kind !== af.kind || ef.data !== af.data) {
      diffs.push({ field: `frames[${i}]`, expected: frameLabel(ef), actual: frameLabel(af) });
    } else if (!withinTolerance(ef.at, af.at)) {
      diffs.push({ field: `frames[${i}].at`, expected: ef.at, actual: af.at });
    }
  }
  return diffs;
}

function compareEnd(expected: RunOutcome, actual: RunOutcome): Difference[] {
  const e = expected.end;
  const a = actual.end;
  if (e === null || a === null) {
    return e === a ? [] : [{ field: 'end', expected: e?.by ?? null, actual: a?.by ?? null }];
  }
  const diffs: Difference[] = [];
  if (e.by !== a.by) diffs.push({ field: 'end.by', expected: e.by, actual: a.by });
  if (!withinTolerance(e.at, a.at)) diffs.push({ field: 'end.at', expected: e.at, actual: a.at });
  return diffs;
}
