import type { ConfigError } from '../../playground/src/index';
import { type EngineApi, missingEngineFunctions, problemText } from './engine';
import type { SimRequest, SimResponse } from './protocol';

/**
 * One simulation request, end to end: load the scenario, parse its config for the editor's
 * lint markers, simulate, and render the diagram text. Runs inside the worker; kept free of
 * worker globals so tests call it directly.
 */
export function runScenario(api: Partial<EngineApi>, request: SimRequest): SimResponse {
  try {
    const check = api.checkConfig ?? api.parseConfig;
    const checked = check ? check(request.config, { file: 'nginx.conf' }).errors : [];
    const missing = missingEngineFunctions(api);
    if (missing.length > 0) return { id: request.id, kind: 'missing', names: missing, configErrors: checked };
    const { loadScenario, simulate } = api as EngineApi;
    const loaded = loadScenario(request.scenario);
    const scenarioErrors = loaded.errors.map(problemText);
    if (!loaded.scenario) {
      return {
        id: request.id,
        kind: 'result',
        simulation: null,
        configErrors: checked,
        scenarioErrors,
        mermaid: null,
        diagnostics: null,
      };
    }
    const simulation = simulate(loaded.scenario);
    const configErrors = uniqueErrors([...checked, ...simulation.errors]);
    let mermaid: string | null = null;
    if (typeof api.renderMermaid === 'function') {
      try {
        mermaid = api.renderMermaid(simulation);
      } catch {
        mermaid = null;
      }
    }
    let diagnostics: unknown = null;
    if (typeof api.diagnose === 'function') {
      try {
        diagnostics = api.diagnose(loaded.scenario, simulation);
      } catch {
        diagnostics = null;
      }
    }
    return {
      id: request.id,
      kind: 'result',
      simulation,
      configErrors,
      scenarioErrors,
      mermaid,
      diagnostics,
    };
  } catch (error) {
    return { id: request.id, kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

function uniqueErrors(errors: ConfigError[]): ConfigError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.line}:${e.error}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
