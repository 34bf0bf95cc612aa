/**
 * Every scenario with a real-nginx outcome recorded next to it must be predicted by the
 * simulator under the contract's comparison rules (docs/scenario-format.md). This runs
 * without nginx, so the simulator's agreement is checked on any machine; the conformance
 * step of `npm test` re-plays the scenarios against the installed nginx.
 *   content/scenarios/<set>/NAME.yaml  + recorded/NAME.json  (`nginx-ws-lab conformance --record`;
 *   the set `shared` holds the contract's public scenarios with the outcomes they came with)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareOutcomes } from '../../playground/src/scenario/compare';
import { loadScenario } from '../../playground/src/scenario/load';
import type { Outcome } from '../../playground/src/scenario/types';
import { simulate } from '../../playground/src/sim/simulate';

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

const responseHeaders = (o: Outcome) =>
  'response' in o ? Object.entries(o.response?.headers ?? {}).filter(([name]) => name !== 'date') : null;

describe('scenarios recorded on real nginx', () => {
  it("finds the contract's public recordings and the project's", () => {
    expect(cases.filter((c) => c.name.startsWith('content/scenarios/shared/'))).toHaveLength(12);
    expect(cases.length).toBeGreaterThan(60);
  });

  for (const c of cases) {
    it(c.name, () => {
      const loaded = loadScenario(readFileSync(c.yaml, 'utf8'));
      expect(loaded.errors).toEqual([]);
      const expected = JSON.parse(readFileSync(c.json, 'utf8')) as Outcome;
      const sim = simulate(loaded.scenario!);
      expect(compareOutcomes(expected, sim.outcome)).toEqual([]);
      if ('error_log' in expected && 'error_log' in sim.outcome) {
        // Not part of the contract's comparison, but the simulator words nginx's log lines exactly.
        expect(sim.outcome.error_log).toEqual(expected.error_log);
      }
      if ('response' in expected && 'response' in sim.outcome) {
        // Beyond the contract too: every response header nginx sent (Date aside), in order,
        // so Location, add_header and error-page lengths are held to real nginx.
        expect(responseHeaders(sim.outcome)).toEqual(responseHeaders(expected));
      }
    });
  }
});
