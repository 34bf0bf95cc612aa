/// <reference lib="webworker" />
import { defaultRegexRunner, watchedRegexRunner } from '../../playground/src/index';

import type { SimRequest } from './protocol';
import { engine, runScenario } from './run-scenario';
import { ScenarioLoader } from './scenario-loader';
import type { RegexProgress } from './watchdog-worker';

/** The simulation worker: the page may terminate it at any time (see engine-client.ts). */
const scope = self as unknown as DedicatedWorkerGlobalScope;
let requestId = 0;
// One runner for the worker's life: the engine caches parsed configs per runner.
const regex = watchedRegexRunner(defaultRegexRunner, (run) => {
  scope.postMessage({ kind: 'regex', id: requestId, run, at: Date.now() } satisfies RegexProgress);
});
// One loader too: edits to the config alone reuse the scenario it read last.
const loader = new ScenarioLoader(engine.loadScenario);
scope.onmessage = (event: MessageEvent<SimRequest>) => {
  requestId = event.data.id;
  scope.postMessage(runScenario(engine, event.data, regex, loader));
};
// Loading the engine can take a while on a slow device; the page's watchdog only starts
// counting once this arrives.
scope.postMessage({ kind: 'ready' });
