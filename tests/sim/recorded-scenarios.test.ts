/**
 * Every scenario with a real-nginx outcome recorded next to it must be predicted by the
 * simulator, set to the version the outcome was recorded on, under the contract's comparison rules
 * (docs/scenario-format.md), with every response header, error.log line and chosen backend too
 * (playground/cli/conformance/strict-compare.ts). This runs without nginx, so the simulator's
 * agreement with every version is checked on any machine; the conformance step of `npm test`
 * re-plays the scenarios against the installed builds.
 *   content/scenarios/<set>/NAME.yaml  + recorded/NAME.json            nginx 1.22.1
 *                                      + recorded/<version>/NAME.json  other versions
 *   (`nginx-ws-lab conformance --record`; the set `shared` holds the contract's public scenarios
 *   with the outcomes they came with, and this project's recordings of them on other versions)
 * The world corpora (nginx-tests, published) list what the simulator still gets wrong in
 * <set>/KNOWN-DISAGREEMENTS.yaml (and per version in KNOWN-DISAGREEMENTS.<version>.yaml): exactly
 * those checks must fail, so a listed scenario that starts agreeing fails here until it leaves the
 * list, and an unlisted disagreement fails as before.
 * Scenario v2 (outcome@2) is held to the same three checks (the contract's v2 comparison, every
 * response's headers, error.log), on each version it was recorded on, with the v2 set's own lists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  KNOWN_DISAGREEMENTS_FILE,
  knownDisagreementFor,
  readKnownDisagreements,
  versionListFile,
} from '../../playground/cli/conformance/known-disagreements';
import { recordedVersions, recordingsDir } from '../../playground/cli/conformance/recordings';
import { compareStrict } from '../../playground/cli/conformance/strict-compare';
import { pinnedVersions, playsOn } from '../../playground/cli/conformance/versions';
import type { AnyOutcome } from '../../playground/src/index';
import {
  compareOutcomes,
  DEFAULT_NGINX_VERSION,
  isScenarioV2,
  loadScenario,
  NOT_MODELLED,
  outcomeSchema,
  parseExercise,
  scenarioText,
  simulate,
} from '../../playground/src/index';

const validOutcome = new Ajv2020({
  strict: true,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
}).compile(outcomeSchema);

const root = resolve(__dirname, '../..');
const sets = readdirSync(join(root, 'content/scenarios')).map((set) => ({
  dir: join(root, 'content/scenarios', set),
}));

const cases = sets.flatMap(({ dir }) =>
  recordedVersions(dir).flatMap((version) => {
    const recorded = recordingsDir(dir, version);
    return readdirSync(recorded)
      .filter((f) => f.endsWith('.json') && existsSync(join(dir, f.replace(/\.json$/, '.yaml'))))
      .sort()
      .map((f) => ({
        name: relative(root, join(dir, f.replace(/\.json$/, ''))),
        version,
        yaml: join(dir, f.replace(/\.json$/, '.yaml')),
        json: join(recorded, f),
      }));
  }),
);

/**
 * A file's scenario. An exercise on scenario v2 (`clients` or `events`) is an exercise file, which
 * v2's loader refuses for its extra fields: its scenario is what the exercise runs (`scenarioText`
 * with the reference solution), and that is what was recorded.
 */
function scenarioOf(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!path.includes(join('content', 'scenarios', 'exercises')) || !/^(clients|events):/m.test(text))
    return text;
  const { exercise, errors } = parseExercise(text, path);
  if (!exercise) throw new Error(`${path}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return scenarioText(exercise, exercise.solution);
}

/** `nginx_version: "1.22.1"` at the top level of a scenario file. */
const PIN = /^nginx_version:\s*["']?(\d+\.\d+(?:\.\d+)?)["']?\s*$/m;

/** Cause codes are explained in this document, one `### \`code\`` heading each. */
const causesDoc = join(root, 'docs/world-corpus.md');

describe('scenarios recorded on real nginx', () => {
  it("finds the contract's public recordings and the project's, on every pinned version", () => {
    const shared = cases.filter((c) => c.name.startsWith('content/scenarios/shared/'));
    expect(shared.filter((c) => c.version === DEFAULT_NGINX_VERSION)).toHaveLength(12);
    expect(cases.length).toBeGreaterThan(60);
    expect(cases.filter((c) => c.name.startsWith('content/scenarios/v2/')).length).toBeGreaterThanOrEqual(40);
    for (const version of pinnedVersions(root)) {
      expect(
        shared.filter((c) => c.version === version),
        `shared on ${version}`,
      ).toHaveLength(12);
    }
  });

  it('has, for every version a set was recorded on, the outcome of each scenario that plays there', () => {
    for (const { dir } of sets) {
      const scenarios = readdirSync(dir)
        .filter((f) => f.endsWith('.yaml') && !f.startsWith('KNOWN-'))
        // A top-level key (a regex: parsing 800 files here would take seconds).
        .map((f) => ({ f, pin: PIN.exec(readFileSync(join(dir, f), 'utf8'))?.[1] }));
      for (const version of recordedVersions(dir)) {
        const recorded = new Set(readdirSync(recordingsDir(dir, version)));
        for (const { f, pin } of scenarios) {
          const name = `${basename(f, '.yaml')}.json`;
          const plays = playsOn(pin, version);
          expect(recorded.has(name), `${relative(root, dir)}/${f} on ${version}`).toBe(plays);
        }
      }
    }
  });

  for (const c of cases) {
    it(`${c.name} on ${c.version}`, () => {
      const loaded = loadScenario(scenarioOf(c.yaml));
      expect(loaded.errors).toEqual([]);
      const recorded = JSON.parse(readFileSync(c.json, 'utf8')) as AnyOutcome;
      expect(validOutcome(recorded) ? [] : validOutcome.errors).toEqual([]);
      const sim = simulate(loaded.scenario!, { nginxVersion: c.version });
      expect(sim.outcome.format).toBe(isScenarioV2(loaded.scenario!) ? 'outcome@2' : 'outcome@1');
      expect(sim.errors.map((e) => e.explain?.code)).not.toContain(NOT_MODELLED);
      const expected = recorded;
      const known = knownDisagreementFor(c.yaml, c.version);
      if (known) {
        // A known disagreement: exactly the listed checks fail. One that passes now must leave the list.
        const { failed } = compareStrict(expected, sim.outcome);
        expect(
          failed,
          `${KNOWN_DISAGREEMENTS_FILE} (or ${versionListFile(c.version)}) lists ${c.name} as failing [${known.fails.join(', ')}] on ${c.version} (${known.causes.join(', ')}); update its entry`,
        ).toEqual(known.fails);
        // A v2 run that disagrees says what it did not model, so the playground shows the limit.
        if (sim.outcome.format === 'outcome@2' && 'clients' in sim.outcome)
          expect(sim.outcome.not_modelled ?? [], `${c.name}: not_modelled`).not.toEqual([]);
        return;
      }
      expect(compareOutcomes(expected, sim.outcome)).toEqual([]);
      if ('upstream' in expected && 'upstream' in sim.outcome) {
        // Beyond the contract: which server the balancer chose for each request (hash, ip_hash, weights, backup).
        // (outcome@2 compares each upstream request's backend under the contract itself.)
        expect(sim.outcome.upstream.map((u) => u.backend)).toEqual(expected.upstream.map((u) => u.backend));
      }
      // Beyond the contract: the simulator words nginx's log lines exactly, and sends every
      // response header nginx sent (Date aside), in order, so Location, add_header and
      // error-page lengths are held to real nginx.
      const strict = compareStrict(expected, sim.outcome);
      expect(strict.errorLog).toBeNull();
      expect(strict.headers).toBeNull();
    });
  }
});

describe('known disagreements', () => {
  const doc = existsSync(causesDoc) ? readFileSync(causesDoc, 'utf8') : '';
  for (const { dir } of sets) {
    for (const version of [undefined, ...recordedVersions(dir)]) {
      const file = version ? versionListFile(version) : KNOWN_DISAGREEMENTS_FILE;
      if (!existsSync(join(dir, file))) continue;
      const list = readKnownDisagreements(dir, version);
      it(`${relative(root, dir)}/${file} names recorded scenarios and documented causes`, () => {
        for (const [name, entry] of list) {
          expect(existsSync(join(dir, `${name}.yaml`)), `${name}.yaml`).toBe(true);
          const recorded = recordingsDir(dir, version ?? DEFAULT_NGINX_VERSION);
          expect(existsSync(join(recorded, `${name}.json`)), `${relative(dir, recorded)}/${name}.json`).toBe(
            true,
          );
          for (const cause of entry?.causes ?? [])
            expect(doc, `cause ${cause} in docs/world-corpus.md`).toContain(`### \`${cause}\``);
        }
      });
    }
  }
});
