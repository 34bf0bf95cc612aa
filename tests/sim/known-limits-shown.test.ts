/**
 * Every scenario a KNOWN-DISAGREEMENTS*.yaml lists (every set, every version it was recorded on) is
 * a limit the playground must show: the simulator's outcome for it carries `not_modelled`, with a
 * code that names one of the entry's causes (playground/cli/conformance/cause-notes.ts). This reads
 * the lists as they are when it runs, so an entry that leaves a list leaves this test too, and a new
 * entry needs the engine to detect its construct first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAUSE_NOTES, causeShown } from '../../playground/cli/conformance/cause-notes';
import {
  KNOWN_DISAGREEMENTS_NAME,
  knownDisagreementFor,
  readKnownDisagreements,
} from '../../playground/cli/conformance/known-disagreements';
import { recordedVersions } from '../../playground/cli/conformance/recordings';
import { playsOn } from '../../playground/cli/conformance/versions';
import { loadScenario, reasonCodes, simulate } from '../../playground/src/index';

const root = resolve(__dirname, '../..');
const scenariosDir = join(root, 'content/scenarios');
const PIN = /^nginx_version:\s*["']?(\d+\.\d+(?:\.\d+)?)["']?\s*$/m;

/** Every (scenario, version) a list names as a disagreement, with the entry that applies there. */
const listed = readdirSync(scenariosDir).flatMap((set) => {
  const dir = join(scenariosDir, set);
  const lists = readdirSync(dir).filter((f) => KNOWN_DISAGREEMENTS_NAME.test(f));
  if (lists.length === 0) return [];
  const names = new Set<string>();
  for (const f of lists) {
    const version = KNOWN_DISAGREEMENTS_NAME.exec(f)![1];
    for (const name of readKnownDisagreements(dir, version).keys()) names.add(name);
  }
  return [...names].sort().flatMap((name) => {
    const yaml = join(dir, `${name}.yaml`);
    const pin = existsSync(yaml) ? PIN.exec(readFileSync(yaml, 'utf8'))?.[1] : undefined;
    return recordedVersions(dir)
      .filter((version) => playsOn(pin, version))
      .flatMap((version) => {
        const entry = knownDisagreementFor(yaml, version);
        return entry ? [{ name: relative(root, yaml), yaml, version, causes: entry.causes }] : [];
      });
  });
});

describe('every known disagreement is a limit the playground shows', () => {
  it('finds the listed scenarios, and a note code for every cause they give', () => {
    expect(listed.length).toBeGreaterThan(0);
    for (const c of listed) {
      expect(existsSync(c.yaml), c.name).toBe(true);
      for (const cause of c.causes) expect(CAUSE_NOTES[cause], `${c.name}: cause ${cause}`).toBeDefined();
    }
    // Each code is one the engine emits and the site words (reasons.ts).
    for (const code of Object.values(CAUSE_NOTES).flat()) expect(Object.keys(reasonCodes)).toContain(code);
  });

  for (const c of listed) {
    it(`${c.name} on ${c.version} (${c.causes.join(', ')})`, () => {
      const loaded = loadScenario(readFileSync(c.yaml, 'utf8'));
      expect(loaded.errors).toEqual([]);
      const outcome = simulate(loaded.scenario!, { nginxVersion: c.version }).outcome;
      const codes = ('not_modelled' in outcome ? (outcome.not_modelled ?? []) : []).map((n) => n.code);
      expect(codes.length, 'not_modelled is empty').toBeGreaterThan(0);
      expect(
        causeShown(c.causes, codes),
        `not_modelled [${codes.join(', ')}] names none of ${c.causes.join(', ')}`,
      ).toBe(true);
    });
  }
});
