/// <reference lib="webworker" />
import * as engineModule from '../../../playground/src/index';
import { checkExercise, type ExerciseEngine, parseExercise } from '../../../playground/src/index';
import type { CheckRequest, CheckResponse } from './protocol';

/**
 * Runs exercise checks off the main thread; the page terminates this worker when a check
 * outlives its watchdog. Engine functions are looked up at run time so a missing one is
 * reported as a message instead of breaking the page's bundle.
 */
const engine = engineModule as unknown as Partial<ExerciseEngine>;

export function handle(request: CheckRequest): CheckResponse {
  const { id } = request;
  const { loadScenario, simulate, parseConfig } = engine;
  if (!loadScenario || !simulate || !parseConfig) {
    return { id, ok: false, message: 'engine functions loadScenario/simulate/parseConfig are not available' };
  }
  const { exercise, errors } = parseExercise(request.exercise);
  if (!exercise) return { id, ok: false, message: errors.map((e) => `${e.field}: ${e.message}`).join('; ') };
  try {
    return {
      id,
      ok: true,
      check: checkExercise(exercise, request.config, { loadScenario, simulate, parseConfig }),
    };
  } catch (error) {
    return { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<CheckRequest>) => {
  scope.postMessage(handle(event.data));
};
// The page's watchdog allows for loading the engine until this arrives (see watchdog-worker.ts).
scope.postMessage({ kind: 'ready' });
