/**
 * The simulator under test, loaded through the engine's public API. It is looked up at run
 * time so the runner works (with --real-only) before the simulator exists.
 */
import type { Outcome, Scenario } from '../../src/scenario/types';

export type Simulate = (text: string) => Outcome;

/** `loadScenario` may return the scenario itself or wrap it (`{ scenario }`, `{ value }`). */
function unwrapScenario(loaded: unknown): Scenario {
  if (loaded && typeof loaded === 'object') {
    const o = loaded as Record<string, unknown>;
    if ('config' in o && 'client' in o) return o as unknown as Scenario;
    for (const key of ['scenario', 'value']) {
      if (o[key] && typeof o[key] === 'object') return o[key] as Scenario;
    }
    const errors = o.errors ?? o.error;
    if (errors) throw new Error(`loadScenario: ${JSON.stringify(errors)}`);
  }
  throw new Error('loadScenario returned no scenario');
}

export async function loadSimulator(): Promise<Simulate | null> {
  const engine = (await import('../../src/index')) as Record<string, unknown>;
  const simulate = engine.simulate;
  const loadScenario = engine.loadScenario;
  if (typeof simulate !== 'function' || typeof loadScenario !== 'function') return null;
  return (text) => (simulate(unwrapScenario(loadScenario(text))) as { outcome: Outcome }).outcome;
}
