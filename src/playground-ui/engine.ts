import type {
  AnyOutcome,
  AnyScenario,
  ConfigError,
  ConfigTree,
  Diagnostic,
  ParseResult,
  RegexRunner,
  Simulation,
} from '../../playground/src/index';
import * as engineModule from '../../playground/src/index';

/**
 * The engine functions the playground uses, looked up at run time so the UI keeps working
 * (editing only) while parts of the engine are still missing. Signatures follow the team's
 * contract; anything the engine does not export yet is reported by `missingEngineFunctions`.
 */

/** A problem found while loading a scenario (shape kept loose: only these fields are read). */
export interface ScenarioProblem {
  message?: string;
  error?: string;
  code?: string;
  path?: string;
  line?: number | null;
}

export interface EngineApi {
  parseConfig(text: string, options: { file: string }): ConfigTree;
  /** parseConfig plus the checks `nginx -t` makes after parsing (unknown variables, contexts…). */
  checkConfig(text: string, options: { file: string; nginxVersion?: string }): ParseResult;
  /** Either version: a v2 scenario gives outcome@2. */
  loadScenario(text: string): { scenario: AnyScenario | null; errors: ScenarioProblem[] };
  simulate(scenario: AnyScenario, options?: { regex?: RegexRunner }): Simulation<AnyOutcome>;
  renderMermaid(simulation: Simulation<AnyOutcome>): string;
  diagnoseScenario(scenario: AnyScenario, options?: { regex?: RegexRunner }): Diagnostic[];
}

const REQUIRED = ['parseConfig', 'loadScenario', 'simulate'] as const;

export const engine = engineModule as unknown as Partial<EngineApi>;

export function missingEngineFunctions(api: Partial<EngineApi> = engine): string[] {
  return REQUIRED.filter((name) => typeof api[name] !== 'function');
}

export function problemText(p: ScenarioProblem | ConfigError | string): string {
  if (typeof p === 'string') return p;
  const text = ('message' in p && p.message) || ('error' in p && p.error) || ('code' in p && p.code) || '?';
  // Lines are left out: they count in the whole scenario, while the YAML editor shows it
  // without `config`; the field path says where the problem is.
  const where = 'path' in p && p.path ? `${p.path}: ` : '';
  return `${where}${text}`;
}
