/// <reference lib="webworker" />
import { engine } from './engine';
import type { SimRequest } from './protocol';
import { runScenario } from './run-scenario';

/** The simulation worker: the page may terminate it at any time (see engine-client.ts). */
const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<SimRequest>) => {
  scope.postMessage(runScenario(engine, event.data));
};
// Loading the engine can take a while on a slow device; the page's watchdog only starts
// counting once this arrives.
scope.postMessage({ kind: 'ready' });
