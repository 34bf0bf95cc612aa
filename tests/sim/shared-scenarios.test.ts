/**
 * Every recorded real-nginx scenario in ../shared/scenarios must be predicted by the
 * simulator under the contract's comparison rules (shared/scenario-format.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareOutcomes } from '../../playground/src/scenario/compare';
import { loadScenario } from '../../playground/src/scenario/load';
import type { Outcome } from '../../playground/src/scenario/types';
import { simulate } from '../../playground/src/sim/simulate';

const dir = resolve(__dirname, '../../../shared/scenarios');
const names = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -5))
      .sort()
  : [];

describe('shared scenarios recorded on real nginx 1.22.1', () => {
  it('finds the recorded scenarios', () => {
    expect(names.length).toBeGreaterThan(0);
  });

  for (const name of names) {
    it(name, () => {
      const loaded = loadScenario(readFileSync(join(dir, `${name}.yaml`), 'utf8'));
      expect(loaded.errors).toEqual([]);
      const expected = JSON.parse(readFileSync(join(dir, 'expected', `${name}.json`), 'utf8')) as Outcome;
      const sim = simulate(loaded.scenario!);
      expect(compareOutcomes(expected, sim.outcome)).toEqual([]);
      if ('error_log' in expected && 'error_log' in sim.outcome) {
        // Not part of the contract's comparison, but the simulator words nginx's log lines exactly.
        expect(sim.outcome.error_log).toEqual(expected.error_log);
      }
    });
  }
});
