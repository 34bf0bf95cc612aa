import type { ConfigError, Diagnostic, RegexRunner } from '../../playground/src/index';
import { exceedsBytes, MAX_CONFIG_BYTES, tooLargeMessage, utf8Bytes } from '../../playground/src/index';
import { type EngineApi, missingEngineFunctions, problemText } from './engine';
import type { SimRequest, SimResponse } from './protocol';

/**
 * One simulation request, end to end: load the scenario, parse its config for the editor's
 * lint markers, simulate, and render the diagram text. Runs inside the worker; kept free of
 * worker globals so tests call it directly.
 */
export function runScenario(
  api: Partial<EngineApi>,
  request: SimRequest,
  /** The worker's regex runner, which reports each regex to the page's watchdog. */
  regex?: RegexRunner,
): SimResponse {
  const options = regex ? { regex } : {};
  try {
    // A huge paste is refused before any parsing: checking megabytes would outlast the watchdog.
    if (exceedsBytes(request.config, MAX_CONFIG_BYTES)) {
      const error = tooLargeMessage('the config', utf8Bytes(request.config), MAX_CONFIG_BYTES);
      return {
        id: request.id,
        kind: 'result',
        simulation: null,
        configErrors: [{ file: 'nginx.conf', line: 1, error, code: 'engine-config-too-large' }],
        scenarioErrors: [error],
        mermaid: null,
        diagnostics: null,
      };
    }
    // The scenario's nginx_version decides what nginx -t accepts ("ssl", "http2", keepalive 0…),
    // so the editor's markers and the simulation judge the same version.
    const loaded = api.loadScenario?.(request.scenario);
    const nginxVersion = loaded?.scenario?.nginx_version;
    const check = api.checkConfig ?? api.parseConfig;
    const checked = check
      ? check(request.config, { file: 'nginx.conf', ...(nginxVersion ? { nginxVersion } : {}) }).errors
      : [];
    const missing = missingEngineFunctions(api);
    if (missing.length > 0 || !loaded)
      return { id: request.id, kind: 'missing', names: missing, configErrors: checked };
    const { simulate } = api as EngineApi;
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
    const simulation = simulate(loaded.scenario, options);
    const configErrors = uniqueErrors([...checked, ...simulation.errors]);
    let mermaid: string | null = null;
    if (typeof api.renderMermaid === 'function') {
      try {
        mermaid = api.renderMermaid(simulation);
      } catch {
        mermaid = null;
      }
    }
    let diagnostics: Diagnostic[] | null = null;
    if (typeof api.diagnoseScenario === 'function') {
      try {
        diagnostics = api.diagnoseScenario(loaded.scenario, options);
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
    const key = JSON.stringify([e.line, e.error, e.explain ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
