/// <reference lib="webworker" />
import {
  checkExercise,
  defaultRegexRunner,
  loadScenario,
  parseConfig,
  parseExercise,
  type RegexRunner,
  type Scenario,
  simulate,
  watchedRegexRunner,
} from '../../../playground/src/index';
import type { RegexProgress } from '../../playground-ui/watchdog-worker';
import type { CheckRequest, CheckResponse } from './protocol';

/** Runs exercise checks off the main thread; the page terminates this worker when a check outlives its watchdog. */
export function handle(request: CheckRequest, regex?: RegexRunner): CheckResponse {
  const { id } = request;
  const { exercise, errors } = parseExercise(request.exercise);
  if (!exercise) return { id, ok: false, message: errors.map((e) => `${e.field}: ${e.message}`).join('; ') };
  try {
    return {
      id,
      ok: true,
      check: checkExercise(exercise, request.config, {
        loadScenario,
        simulate: (scenario: Scenario) => simulate(scenario, regex ? { regex } : {}),
        parseConfig,
      }),
    };
  } catch (error) {
    return { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

const scope = self as unknown as DedicatedWorkerGlobalScope;
let requestId = 0;
// Tells the page's watchdog which config regex runs, so a timeout can name its line.
const regex = watchedRegexRunner(defaultRegexRunner, (run) => {
  scope.postMessage({ kind: 'regex', id: requestId, run, at: Date.now() } satisfies RegexProgress);
});
scope.onmessage = (event: MessageEvent<CheckRequest>) => {
  requestId = event.data.id;
  scope.postMessage(handle(event.data, regex));
};
// The page's watchdog allows for loading the engine until this arrives (see watchdog-worker.ts).
scope.postMessage({ kind: 'ready' });
