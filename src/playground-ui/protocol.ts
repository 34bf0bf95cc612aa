import type { AnyOutcome, ConfigError, Diagnostic, Simulation } from '../../playground/src/index';
import type { WorkerNote } from './watchdog-worker';

/** Messages between the page and the simulation worker. */

export type SimRequest = {
  id: number;
  /** The config alone, so its lint markers do not depend on the rest of the scenario being valid. */
  config: string;
} & (
  | {
      /** The whole scenario as YAML (config included). */
      scenario: string;
      rest?: undefined;
    }
  | {
      /** The scenario without its config, as YAML: the worker joins the two (scenario-loader.ts). */
      rest: string;
      scenario?: undefined;
    }
);

export type SimResponse =
  | {
      id: number;
      kind: 'result';
      /** null when the scenario could not be loaded. */
      simulation: Simulation<AnyOutcome> | null;
      /** Parser errors for the config editor's lint markers, lines counted in `config`. */
      configErrors: ConfigError[];
      /** Problems with the scenario itself (YAML, missing fields). */
      scenarioErrors: string[];
      mermaid: string | null;
      /** null when the engine has no diagnostics yet; their texts are codes the page renders. */
      diagnostics: Diagnostic[] | null;
      /** The nginx version this answer models (`x.y.z`): the scenario's `nginx_version`, else the default. */
      nginxVersion: string;
    }
  | { id: number; kind: 'error'; message: string };

/** What the worker posts: answers, `ready` once at start-up (its modules are loaded), and the regexes it runs. */
export type WorkerMessage = SimResponse | WorkerNote;
