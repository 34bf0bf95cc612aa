/**
 * Known disagreements (content/scenarios/<set>/KNOWN-DISAGREEMENTS.yaml) and the strict comparison they
 * name checks of: the list is read strictly, the conformance verdict expects exactly the listed outcome
 * disagreements, and the runner never takes the list for a scenario.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  KNOWN_DISAGREEMENTS_FILE,
  knownDisagreementFor,
  knownVerdict,
  readKnownDisagreements,
} from '../../playground/cli/conformance/known-disagreements';
import { findScenarioFiles } from '../../playground/cli/conformance/scenario-file';
import { comparableHeaders, compareStrict } from '../../playground/cli/conformance/strict-compare';
import type { Outcome, RunOutcome } from '../../playground/src/index';

const dirs: string[] = [];
function setDir(list: string | null, scenarios: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'known-disagreements-'));
  dirs.push(dir);
  if (list !== null) writeFileSync(join(dir, KNOWN_DISAGREEMENTS_FILE), list);
  for (const name of scenarios) writeFileSync(join(dir, `${name}.yaml`), 'config: x\n');
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function run(headers: Record<string, string>, errorLog: string[] = [], status = 200): RunOutcome {
  return {
    format: 'outcome@1',
    response: { at: 0, status, headers },
    upstream: [],
    tunnel: false,
    frames: [],
    end: null,
    error_log: errorLog,
  };
}

describe('KNOWN-DISAGREEMENTS.yaml', () => {
  it('reads causes (one or a list) and the failed checks in their canonical order', () => {
    const dir = setDir(
      'a-ws:\n  cause: own-upstream\n  fails: [error_log, outcome]\nb-plain:\n  cause: [no-body-204, static-file]\n  fails: [headers]\n',
    );
    const list = readKnownDisagreements(dir);
    expect(list.get('a-ws')).toEqual({ causes: ['own-upstream'], fails: ['outcome', 'error_log'] });
    expect(list.get('b-plain')).toEqual({ causes: ['no-body-204', 'static-file'], fails: ['headers'] });
    expect(knownDisagreementFor(join(dir, 'a-ws.yaml'))?.causes).toEqual(['own-upstream']);
    expect(knownDisagreementFor(join(dir, 'c.yaml'))).toBeNull();
  });

  it('is empty where a set has no list, or an empty one', () => {
    expect(readKnownDisagreements(setDir(null)).size).toBe(0);
    expect(readKnownDisagreements(setDir('# nothing yet\n')).size).toBe(0);
  });

  it('refuses a malformed entry, naming the file and the scenario', () => {
    const bad = [
      ['x:\n  cause: own-upstream\n', /x: fails must list/],
      ['x:\n  cause: Own Upstream\n  fails: [outcome]\n', /x: cause must be a code/],
      [
        'x:\n  cause: own-upstream\n  fails: [body]\n',
        /x: fails must list one or more of outcome, headers, error_log/,
      ],
      ['x:\n  cause: own-upstream\n  fails: [outcome, outcome]\n', /x: fails must list/],
      ['x:\n  cause: own-upstream\n  fails: [outcome]\n  why: because\n', /x: unknown field why/],
      ['x: own-upstream\n', /x: expected \{ cause, fails \}/],
      ['- x\n', /expected a mapping/],
    ] as const;
    for (const [text, message] of bad) {
      const dir = setDir(text);
      expect(() => readKnownDisagreements(dir)).toThrow(message);
      expect(() => readKnownDisagreements(dir)).toThrow(KNOWN_DISAGREEMENTS_FILE);
    }
  });

  it('is not a scenario: the runner skips it in a directory, like the recorded outcomes', () => {
    const dir = setDir('a:\n  cause: ssi\n  fails: [outcome]\n', ['a']);
    mkdirSync(join(dir, 'recorded'));
    writeFileSync(join(dir, 'recorded', 'a.json'), '{}');
    expect(findScenarioFiles([dir])).toEqual([join(dir, 'a.yaml')]);
  });
});

describe('the conformance verdict of a known disagreement', () => {
  const disagree = {
    kind: 'disagree' as const,
    diffs: [{ field: 'response.status', expected: 200, actual: 502 }],
  };
  const known = { causes: ['own-upstream'], fails: ['outcome' as const, 'headers' as const] };

  it('expects a listed outcome disagreement', () => {
    expect(knownVerdict(disagree, known)).toEqual({ kind: 'known', causes: ['own-upstream'] });
  });

  it('fails a listed scenario that agrees now, saying what to remove', () => {
    const v = knownVerdict({ kind: 'agree' }, known);
    expect(v.kind).toBe('disagree');
    expect(JSON.stringify(v)).toContain('remove \\"outcome\\"');
  });

  it('leaves unlisted scenarios, and entries that list only headers or error_log, to the plain verdict', () => {
    expect(knownVerdict(disagree, null)).toBe(disagree);
    expect(knownVerdict(disagree, { causes: ['no-body-204'], fails: ['headers'] })).toBe(disagree);
    expect(knownVerdict({ kind: 'agree' }, { causes: ['no-body-204'], fails: ['headers'] })).toEqual({
      kind: 'agree',
    });
  });
});

describe('the strict comparison', () => {
  it('reports each failed check apart', () => {
    const real = run({ server: 'nginx/1.22.1', date: 'Mon', 'x-a': '1' }, ['[info] x']);
    expect(
      compareStrict(real, run({ server: 'nginx/1.22.1', date: 'Tue', 'x-a': '1' }, ['[info] x'])).failed,
    ).toEqual([]);
    expect(compareStrict(real, run({ server: 'nginx/1.22.1', 'x-a': '2' }, ['[info] x'])).failed).toEqual([
      'headers',
    ]);
    expect(compareStrict(real, run({ server: 'nginx/1.22.1', 'x-a': '1' }, [])).failed).toEqual([
      'error_log',
    ]);
    expect(
      compareStrict(real, run({ server: 'nginx/1.22.1', 'x-a': '1' }, ['[info] x'], 502)).failed,
    ).toEqual(['outcome']);
  });

  it('holds header order', () => {
    const a = run({ 'x-a': '1', 'x-b': '2' });
    const b = run({ 'x-b': '2', 'x-a': '1' });
    expect(compareStrict(a, b).failed).toEqual(['headers']);
  });

  it('compares an Expires computed from the clock as a time, and fixed ones exactly', () => {
    const recorded = run({ expires: 'Tue, 01 Dec 2026 10:00:00 GMT' });
    expect(compareStrict(recorded, run({ expires: 'Wed, 02 Dec 2026 11:30:00 GMT' })).failed).toEqual([]);
    expect(compareStrict(recorded, run({})).failed).toEqual(['headers']);
    const epoch = run({ expires: 'Thu, 01 Jan 1970 00:00:01 GMT' });
    expect(compareStrict(epoch, run({ expires: 'Thu, 31 Dec 2037 23:55:55 GMT' })).failed).toEqual([
      'headers',
    ]);
    const modified = run({ expires: 'Sun, 09 Sep 2001 02:20:48 GMT' });
    expect(compareStrict(modified, run({ expires: 'Sun, 09 Sep 2001 02:20:49 GMT' })).failed).toEqual([
      'headers',
    ]);
  });

  it('compares a config error by its message only', () => {
    const error: Outcome = { format: 'outcome@1', config_error: 'unknown directive "x" line 3' };
    expect(
      compareStrict(error, { format: 'outcome@1', config_error: 'unknown directive "x" line 9' }).failed,
    ).toEqual([]);
    expect(comparableHeaders(error)).toBeNull();
  });
});
