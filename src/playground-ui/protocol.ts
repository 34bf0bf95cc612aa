import type { ConfigError, Diagnostic, Simulation } from '../../playground/src/index';

/** Messages between the page and the simulation worker. */

export interface SimRequest {
  id: number;
  /** The whole scenario as YAML (config included). */
  scenario: string;
  /** The config alone, so its lint markers do not depend on the rest of the scenario being valid. */
  config: string;
  /** Page language, for the engine's own texts of its explanation codes. */
  lang: 'zh' | 'en';
}

/** Key of an explanation code with its parameters in `reasonTexts`. */
export function reasonKey(reason: {
  code: string;
  params?: Record<string, string | number> | undefined;
}): string {
  return JSON.stringify([reason.code, reason.params ?? {}]);
}

export type SimResponse =
  | {
      id: number;
      kind: 'result';
      /** null when the scenario could not be loaded. */
      simulation: Simulation | null;
      /** Parser errors for the config editor's lint markers, lines counted in `config`. */
      configErrors: ConfigError[];
      /** Problems with the scenario itself (YAML, missing fields). */
      scenarioErrors: string[];
      mermaid: string | null;
      /** null when the engine has no diagnostics yet. */
      diagnostics: Diagnostic[] | null;
      /** The engine's texts for the explanation codes in this simulation (see `reasonKey`). */
      reasonTexts: Record<string, string>;
    }
  | { id: number; kind: 'missing'; names: string[]; configErrors: ConfigError[] }
  | { id: number; kind: 'error'; message: string };

/** What the worker posts: answers, and once at start-up `ready` (its modules are loaded). */
export type WorkerMessage = SimResponse | { kind: 'ready' };
