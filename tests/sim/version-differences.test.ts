/**
 * The playground's version picker changes the outcome where nginx does, and nowhere else.
 * For every scenario recorded on real nginx on more than one version, and every pair of those
 * versions: the simulator's outcomes (set to each version in turn) differ under the contract's
 * comparison (docs/scenario-format.md) exactly when the recorded real outcomes differ. A scenario
 * listed in a KNOWN-DISAGREEMENTS file for either version is left out of that pair (the simulator
 * is known to get it wrong there; tests/sim/recorded-scenarios.test.ts holds it to its entry).
 * Runs without nginx: it reads the recordings of `recorded/` and `recorded/<version>/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownDisagreementFor } from '../../playground/cli/conformance/known-disagreements';
import { recordedVersions, recordingsDir } from '../../playground/cli/conformance/recordings';
import { type AnyOutcome, compareOutcomes, loadScenario, simulate } from '../../playground/src/index';

const root = resolve(__dirname, '../..');
const scenariosDir = join(root, 'content/scenarios');

interface Case {
  name: string;
  yaml: string;
  /** Recorded real outcome per version. */
  real: Map<string, string>;
}

const cases: Case[] = readdirSync(scenariosDir).flatMap((set) => {
  const dir = join(scenariosDir, set);
  const byName = new Map<string, Case>();
  for (const version of recordedVersions(dir)) {
    const recorded = recordingsDir(dir, version);
    for (const f of readdirSync(recorded).filter((x) => x.endsWith('.json'))) {
      const yaml = join(dir, f.replace(/\.json$/, '.yaml'));
      if (!existsSync(yaml)) continue;
      const name = relative(root, yaml);
      const c = byName.get(name) ?? { name, yaml, real: new Map() };
      c.real.set(version, join(recorded, f));
      byName.set(name, c);
    }
  }
  return [...byName.values()].filter((c) => c.real.size > 1);
});

function differ(a: AnyOutcome, b: AnyOutcome): boolean {
  return compareOutcomes(a, b).length > 0 || compareOutcomes(b, a).length > 0;
}

describe('the version picker changes the outcome where real nginx does, and nowhere else', () => {
  const differing: string[] = [];
  let pairs = 0;

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const loaded = loadScenario(readFileSync(c.yaml, 'utf8'));
    // An exercise file of scenario v2 carries exercise fields the loader refuses; its goals are
    // judged on every version by playground/src/exercises/real-outcomes.test.ts instead.
    if (loaded.errors.length > 0 && c.name.startsWith('content/scenarios/exercises/')) return;
    expect(loaded.errors).toEqual([]);
    const versions = [...c.real.keys()].sort();
    const real = new Map(versions.map((v) => [v, JSON.parse(readFileSync(c.real.get(v)!, 'utf8'))]));
    const sim = new Map(versions.map((v) => [v, simulate(loaded.scenario!, { nginxVersion: v }).outcome]));
    for (const [i, a] of versions.entries()) {
      for (const b of versions.slice(i + 1)) {
        if (knownDisagreementFor(c.yaml, a) || knownDisagreementFor(c.yaml, b)) continue;
        pairs++;
        const nginxDiffers = differ(real.get(a), real.get(b));
        const simulatorDiffers = differ(sim.get(a)!, sim.get(b)!);
        if (nginxDiffers) differing.push(`${c.name} ${a}→${b}`);
        expect(
          simulatorDiffers,
          `${c.name}: real nginx ${nginxDiffers ? 'differs' : 'does not differ'} between ${a} and ${b}`,
        ).toBe(nginxDiffers);
      }
    }
  });

  it('covers the corpus, and the versions do differ somewhere (the picker is not a no-op)', () => {
    expect(cases.length).toBeGreaterThan(800);
    expect(pairs).toBeGreaterThan(2000);
    // What differs between versions is in docs/nginx-behaviour.md; its version-* scenarios must be among these.
    expect(differing.some((d) => d.includes('conformance/version-'))).toBe(true);
    expect(differing.length).toBeGreaterThan(100);
  });
});
