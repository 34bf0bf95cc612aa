import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, scenarioToYaml } from '../../playground/src/index';
import { scenarioYaml } from './arbitraries';
import { checkCase, fuzzParameters, propertyTimeout } from './harness';

/** YAML text → scenario: valid scenarios, wrong field types, broken YAML and JSON. */
describe('fuzz: scenario loader', () => {
  it(
    'loadScenario: never throws, deterministic, fast; a loaded scenario survives a YAML round trip',
    () => {
      fc.assert(
        fc.property(scenarioYaml, (text) => {
          const loaded = checkCase(text, loadScenario);
          // Either a scenario or the reasons there is none, each with a message and a line or null.
          expect(loaded.scenario === null).toBe(loaded.errors.length > 0);
          for (const p of loaded.errors) {
            expect(p.message.length).toBeGreaterThan(0);
            if (p.line !== null) expect(p.line).toBeGreaterThanOrEqual(1);
          }
          if (loaded.scenario) {
            expect(loadScenario(scenarioToYaml(loaded.scenario))).toEqual({
              scenario: loaded.scenario,
              errors: [],
            });
          }
        }),
        fuzzParameters(),
      );
    },
    propertyTimeout(),
  );
});
