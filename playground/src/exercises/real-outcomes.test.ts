import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../../src/i18n/dictionaries.mjs';
import { renderMessage } from '../../../src/i18n/translate';
import { parseConfig } from '../config/parse';
import type { Expectation, Outcome } from '../scenario/types';
import type { Simulation } from '../sim/types';
import { type Exercise, parseExercise } from './exercise';
import { allPassed, checkExpectations } from './goals';

/**
 * The goals judged on what real nginx 1.22.1 did (not the simulator): every exercise's start
 * config, reference solution and alternatives were run with
 *   node bin/nginx-ws-lab.mjs conformance <scenario files> --real-only --record <dir>
 * and the outcomes kept in fixtures/real/<id>--<variant>[--also<N>].json next to the config
 * they came from. A fixture whose config no longer matches the exercise fails here: re-record it.
 */
const exercisesDir = new URL('../../../content/scenarios/exercises/', import.meta.url);
const fixturesDir = new URL('./fixtures/real/', import.meta.url);

interface Fixture {
  config: string;
  outcome: Outcome;
}

function variants(ex: Exercise): Array<[string, string]> {
  return [
    ['ref', ex.solution],
    ['start', ex.start_config],
    ...ex.alternatives.map((a, i): [string, string] => [`alt${i}`, a]),
  ];
}

/** Judges one variant over the main run and every `also` run, on the recorded real outcomes. */
function judge(ex: Exercise, variant: string, config: string): { passed: boolean; failures: string[] } {
  const runs: Array<[string, Expectation]> = [
    ['', ex.expect],
    ...ex.also.map((r, i): [string, Expectation] => [`--also${i}`, r.expect]),
  ];
  const files = (ex.scenarioFields.files ?? {}) as Record<string, string>;
  const failures: string[] = [];
  let passed = true;
  for (const [suffix, expect] of runs) {
    const name = `${ex.id}--${variant}${suffix}.json`;
    const url = new URL(name, fixturesDir);
    if (!existsSync(url))
      throw new Error(`fixtures/real/${name} is missing: record it (see the comment at the top)`);
    const fixture = JSON.parse(readFileSync(url, 'utf8')) as Fixture;
    if (fixture.config !== config)
      throw new Error(`fixtures/real/${name} was recorded from another config: re-record it`);
    const sim: Simulation = {
      outcome: fixture.outcome,
      errors: [],
      headers: [],
      timeline: [],
      transcript: [],
      errorLog: [],
    };
    const parsed = parseConfig(config, {
      resolveInclude: (p) => (typeof files[p] === 'string' ? [{ file: p, text: files[p] }] : null),
    });
    const results = checkExpectations(expect, sim, { parsed });
    if (!allPassed(results)) passed = false;
    failures.push(
      ...results
        .filter((r) => !r.ok)
        .map((r) => `${name}: ${r.goal}: ${renderMessage(dictionaries.en.goal, r.message)}`),
    );
  }
  return { passed, failures };
}

const files = readdirSync(exercisesDir).filter((f) => f.endsWith('.yaml'));

describe.each(files)('%s on real nginx outcomes', (file) => {
  const { exercise } = parseExercise(readFileSync(new URL(file, exercisesDir), 'utf8'), file);

  it('reference and alternatives meet every goal; the start config misses one', () => {
    expect(exercise).not.toBeNull();
    for (const [variant, config] of variants(exercise!)) {
      const { passed, failures } = judge(exercise!, variant, config);
      if (variant === 'start') expect(passed, `${exercise!.id} start config`).toBe(false);
      else expect(failures, `${exercise!.id} ${variant}`).toEqual([]);
    }
  });
});
