/**
 * Every scenario with a real-nginx outcome recorded next to it must be predicted by the
 * simulator under the contract's comparison rules (docs/scenario-format.md), with every response
 * header, error.log line and chosen backend too (playground/cli/conformance/strict-compare.ts). This runs
 * without nginx, so the simulator's agreement is checked on any machine; the conformance
 * step of `npm test` re-plays the scenarios against the installed nginx.
 *   content/scenarios/<set>/NAME.yaml  + recorded/NAME.json  (`nginx-ws-lab conformance --record`;
 *   the set `shared` holds the contract's public scenarios with the outcomes they came with)
 * The world corpora (nginx-tests, published) list what the simulator still gets wrong in
 * <set>/KNOWN-DISAGREEMENTS.yaml: exactly those checks must fail, so a listed scenario that starts
 * agreeing fails here until it leaves the list, and an unlisted disagreement fails as before.
 * Scenario v2 (outcome@2) is held to the same three checks (the contract's v2 comparison, every
 * response's headers, error.log), with its own KNOWN-DISAGREEMENTS.yaml for what is not modelled yet.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  KNOWN_DISAGREEMENTS_FILE,
  knownDisagreementFor,
  readKnownDisagreements,
} from '../../playground/cli/conformance/known-disagreements';
import { compareStrict } from '../../playground/cli/conformance/strict-compare';
import { compareOutcomes } from '../../playground/src/scenario/compare';
import { loadScenario } from '../../playground/src/scenario/load';
import outcomeSchema from '../../playground/src/scenario/outcome.schema.json';
import type { AnyOutcome } from '../../playground/src/scenario/types';
import { isScenarioV2 } from '../../playground/src/scenario/types';
import { NOT_MODELLED, simulate } from '../../playground/src/sim/simulate';

const validOutcome = new Ajv2020({
  strict: true,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
}).compile(outcomeSchema);

const root = resolve(__dirname, '../..');
const sets = readdirSync(join(root, 'content/scenarios')).map((set) => ({
  dir: join(root, 'content/scenarios', set),
  outcomes: 'recorded',
}));

const cases = sets.flatMap(({ dir, outcomes }) => {
  const recorded = join(dir, outcomes);
  if (!existsSync(recorded)) return [];
  return readdirSync(recorded)
    .filter((f) => f.endsWith('.json') && existsSync(join(dir, f.replace(/\.json$/, '.yaml'))))
    .sort()
    .map((f) => ({
      name: relative(root, join(dir, f.replace(/\.json$/, ''))),
      yaml: join(dir, f.replace(/\.json$/, '.yaml')),
      json: join(recorded, f),
    }));
});

/** Cause codes are explained in this document, one `### \`code\`` heading each. */
const causesDoc = join(root, 'docs/world-corpus.md');

describe('scenarios recorded on real nginx', () => {
  it("finds the contract's public recordings and the project's", () => {
    expect(cases.filter((c) => c.name.startsWith('content/scenarios/shared/'))).toHaveLength(12);
    expect(cases.length).toBeGreaterThan(60);
    expect(cases.filter((c) => c.name.startsWith('content/scenarios/v2/')).length).toBeGreaterThanOrEqual(40);
  });

  for (const c of cases) {
    it(c.name, () => {
      const loaded = loadScenario(readFileSync(c.yaml, 'utf8'));
      expect(loaded.errors).toEqual([]);
      const recorded = JSON.parse(readFileSync(c.json, 'utf8')) as AnyOutcome;
      expect(validOutcome(recorded) ? [] : validOutcome.errors).toEqual([]);
      const sim = simulate(loaded.scenario!);
      expect(sim.outcome.format).toBe(isScenarioV2(loaded.scenario!) ? 'outcome@2' : 'outcome@1');
      expect(sim.errors.map((e) => e.explain?.code)).not.toContain(NOT_MODELLED);
      const expected = recorded;
      const known = knownDisagreementFor(c.yaml);
      if (known) {
        // A known disagreement: exactly the listed checks fail. One that passes now must leave the list.
        const { failed } = compareStrict(expected, sim.outcome);
        expect(
          failed,
          `${KNOWN_DISAGREEMENTS_FILE} lists ${c.name} as failing [${known.fails.join(', ')}] (${known.causes.join(', ')}); update its entry`,
        ).toEqual(known.fails);
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
    const list = readKnownDisagreements(dir);
    if (list.size === 0) continue;
    it(`${relative(root, dir)}/${KNOWN_DISAGREEMENTS_FILE} names recorded scenarios and documented causes`, () => {
      for (const [name, entry] of list) {
        expect(existsSync(join(dir, `${name}.yaml`)), `${name}.yaml`).toBe(true);
        expect(existsSync(join(dir, 'recorded', `${name}.json`)), `recorded/${name}.json`).toBe(true);
        for (const cause of entry.causes)
          expect(doc, `cause ${cause} in docs/world-corpus.md`).toContain(`### \`${cause}\``);
      }
    });
  }
});
