/**
 * The error-log lines nginx 1.22.1 writes for upstream failures (max_fails, single peers,
 * `down`, no live upstreams, next-upstream on a status) and for the static/index handlers.
 * Each fixture in fixtures/error-log/ holds a scenario and, in recorded/, what real nginx did
 * (`nginx-ws-lab conformance fixtures/error-log --real-only --record …/recorded`); the
 * simulator must agree under the contract's rules and word every log line the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareOutcomes } from '../scenario/compare';
import { loadScenario } from '../scenario/load';
import type { Outcome } from '../scenario/types';
import { simulate } from './simulate';

const dir = join(__dirname, 'fixtures/error-log');
const names = readdirSync(join(dir, 'recorded'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

describe('error log as real nginx writes it', () => {
  it('has the recorded fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of names) {
    it(name, () => {
      const loaded = loadScenario(readFileSync(join(dir, `${name}.yaml`), 'utf8'));
      expect(loaded.errors).toEqual([]);
      const real = JSON.parse(readFileSync(join(dir, 'recorded', `${name}.json`), 'utf8')) as Outcome;
      const sim = simulate(loaded.scenario!);
      expect(sim.errors.filter((e) => e.code.startsWith('engine'))).toEqual([]);
      expect(compareOutcomes(real, sim.outcome)).toEqual([]);
      expect('error_log' in sim.outcome && sim.outcome.error_log).toEqual(
        'error_log' in real && real.error_log,
      );
    });
  }
});
