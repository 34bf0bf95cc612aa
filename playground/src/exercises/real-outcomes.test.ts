import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../../src/i18n/dictionaries.mjs';
import { renderMessage } from '../../../src/i18n/translate';
import { parseConfig } from '../config/parse';
import { compareVersions } from '../config/versions';
import { DEFAULT_NGINX_VERSION } from '../eval/version';
import type { Expectation, Outcome } from '../scenario/types';
import type { Simulation } from '../sim/types';
import { type Exercise, parseExercise } from './exercise';
import { allPassed, checkExpectations } from './goals';

/**
 * The goals judged on what real nginx did (not the simulator), on every version an exercise plays
 * on: every exercise's start config, reference solution and alternatives were run by
 * `npx tsx scripts/exercise-fixtures.ts` (conformance on every pinned build) and the outcomes kept
 * in fixtures/real/<id>--<variant>[--also<N>].json (nginx 1.22.1) and fixtures/real/<version>/…
 * next to the config they came from. An exercise states its version (`nginx_version`, when newer
 * nginx changed what it teaches) or passes on all three: its goals are judged on each version it
 * plays on. A fixture whose config no longer matches the exercise fails here: re-record it.
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

/** The versions fixtures were recorded on: 1.22.1 at the top, the others in folders of their own. */
const versions = [
  DEFAULT_NGINX_VERSION,
  ...readdirSync(fixturesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name),
].sort(compareVersions);

/** `x.y.z` exactly, `x.y` any `x.y.*` (docs/scenario-format.md, "Versions"). */
function playsOn(pin: unknown, version: string): boolean {
  if (typeof pin !== 'string') return true;
  return pin.split('.').length === 2 ? version.startsWith(`${pin}.`) : version === pin;
}

/** Judges one variant over the main run and every `also` run, on the outcomes recorded on `version`. */
function judge(
  ex: Exercise,
  variant: string,
  config: string,
  version: string,
): { passed: boolean; failures: string[] } {
  const dir = version === DEFAULT_NGINX_VERSION ? fixturesDir : new URL(`${version}/`, fixturesDir);
  const shown = version === DEFAULT_NGINX_VERSION ? '' : `${version}/`;
  const runs: Array<[string, Expectation]> = [
    ['', ex.expect],
    ...ex.also.map((r, i): [string, Expectation] => [`--also${i}`, r.expect]),
  ];
  const files = (ex.scenarioFields.files ?? {}) as Record<string, string>;
  const failures: string[] = [];
  let passed = true;
  for (const [suffix, expect] of runs) {
    const name = `${ex.id}--${variant}${suffix}.json`;
    const url = new URL(name, dir);
    if (!existsSync(url))
      throw new Error(`fixtures/real/${shown}${name} is missing: record it (see the comment at the top)`);
    const fixture = JSON.parse(readFileSync(url, 'utf8')) as Fixture;
    if (fixture.config !== config)
      throw new Error(`fixtures/real/${shown}${name} was recorded from another config: re-record it`);
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
    const results = checkExpectations(expect, sim, { parsed, nginxVersion: version });
    if (!allPassed(results)) passed = false;
    failures.push(
      ...results
        .filter((r) => !r.ok)
        .map((r) => `${shown}${name}: ${r.goal}: ${renderMessage(dictionaries.en.goal, r.message)}`),
    );
  }
  return { passed, failures };
}

const files = readdirSync(exercisesDir).filter((f) => f.endsWith('.yaml'));

it('fixtures are recorded on the three proven versions', () => {
  expect(versions).toEqual(['1.22.1', '1.26.3', '1.30.6']);
});

describe.each(files)('%s on real nginx outcomes', (file) => {
  const { exercise } = parseExercise(readFileSync(new URL(file, exercisesDir), 'utf8'), file);
  const pin = exercise?.scenarioFields.nginx_version;

  it.each(versions)(
    'on %s: reference and alternatives meet every goal; the start config misses one',
    (version) => {
      expect(exercise).not.toBeNull();
      const dir = version === DEFAULT_NGINX_VERSION ? fixturesDir : new URL(`${version}/`, fixturesDir);
      if (!playsOn(pin, version)) {
        // A pinned exercise is neither recorded nor judged on other versions.
        expect(existsSync(new URL(`${exercise!.id}--ref.json`, dir)), `${exercise!.id} on ${version}`).toBe(
          false,
        );
        return;
      }
      for (const [variant, config] of variants(exercise!)) {
        const { passed, failures } = judge(exercise!, variant, config, version);
        if (variant === 'start') expect(passed, `${exercise!.id} start config on ${version}`).toBe(false);
        else expect(failures, `${exercise!.id} ${variant} on ${version}`).toEqual([]);
      }
    },
  );
});
