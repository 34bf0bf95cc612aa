import type { RegexRun } from '../../../playground/src/index';
import { EngineClient } from '../../playground-ui/engine-client';
import type { SimResponse } from '../../playground-ui/protocol';

/**
 * The playground's own simulation worker and watchdog, for the embed pages: a hostile or
 * runaway scenario is stopped after two seconds instead of freezing the host wiki's tab.
 */
export function embedEngine(handlers: {
  onResult: (response: SimResponse) => void;
  onTimeout: (ms: number, regex: RegexRun | null) => void;
  onCrash: (message: string) => void;
}): EngineClient {
  return new EngineClient({
    createWorker: () =>
      new Worker(new URL('../../playground-ui/worker.ts', import.meta.url), { type: 'module' }),
    ...handlers,
  });
}
