/**
 * The two engine checks the runner applies to a scenario file: the simulator's outcome, and
 * an exercise's goals (`expect`) judged on what real nginx did.
 */

import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Difference } from '../../src/index';
import {
  type AnyOutcome,
  type AnyScenario,
  allPassed,
  checkExpectations,
  isScenarioV2,
  loadScenario,
  NOT_MODELLED,
  type Outcome,
  parseConfig,
  type Simulation,
  simulate,
} from '../../src/index';
import { cliRegexRunner, withinTimeLimit } from '../time-limit';
import { scenarioPart } from './scenario-file-v2';

/**
 * A scenario v2 exercise file is simulated with its reference config and without its exercise
 * fields, as the real run plays it (scenario-file-v2.ts); every other text as written.
 */
function exerciseScenarioText(text: string): string {
  if (!/^start_config:/m.test(text) || !/^(clients|events):/m.test(text)) return text;
  const raw = parseYaml(text) as Record<string, unknown>;
  return stringifyYaml(scenarioPart(raw));
}

/** The simulated outcome, or null where the simulator says it does not model the scenario yet (v2). */
export type Simulate = (text: string) => AnyOutcome | null;

function scenarioOf(text: string): AnyScenario {
  const { scenario, errors } = loadScenario(exerciseScenarioText(text));
  if (!scenario)
    throw new Error(`loadScenario: ${errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
  return scenario;
}

/**
 * The simulator modelling `nginxVersion` (the nginx the run is judged by), whatever the
 * scenario says, under the engine's time limit (throws `EngineTimeout`).
 */
export function simulatorFor(nginxVersion: string): Simulate {
  return (text) => {
    const scenario = scenarioOf(text);
    const sim = withinTimeLimit(() => simulate(scenario, { nginxVersion, regex: cliRegexRunner }));
    if (sim.errors.some((e) => e.explain?.code === NOT_MODELLED)) return null;
    return sim.outcome;
  };
}

/**
 * The goals of the scenario's `expect` block that the real outcome misses, as differences;
 * null when the scenario sets no goals.
 */
export function missedGoals(text: string, real: AnyOutcome): Difference[] | null {
  const scenario = scenarioOf(text);
  if (isScenarioV2(scenario) || !scenario.expect || real.format !== 'outcome@1') return null;
  const files = scenario.files ?? {};
  const parsed = parseConfig(scenario.config, {
    resolveInclude: (p) => (typeof files[p] === 'string' ? [{ file: p, text: files[p] }] : null),
  });
  // Goals read the outcome (and the parsed config for config-only goals); the rest of a
  // Simulation is what only the simulator knows.
  const sim: Simulation = {
    outcome: real as Outcome,
    errors: [],
    headers: [],
    timeline: [],
    transcript: [],
    errorLog: [],
  };
  const results = checkExpectations(scenario.expect, sim, { parsed });
  if (allPassed(results)) return [];
  return (
    results
      .filter((r) => !r.ok)
      // The table prints differences as "real X ≠ goals Y".
      .map((r) => ({ field: `goal ${r.goal}`, expected: r.actual, actual: r.expected }))
  );
}
