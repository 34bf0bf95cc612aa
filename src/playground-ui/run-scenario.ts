import {
  type AnyOutcome,
  type AnyScenario,
  type ConfigError,
  checkConfig,
  type Diagnostic,
  diagnoseScenario,
  exceedsBytes,
  loadScenario,
  MAX_CONFIG_BYTES,
  type RegexRunner,
  renderMermaid,
  type ScenarioProblem,
  type SimulateOptions,
  type Simulation,
  simulate,
  tooLargeMessage,
  utf8Bytes,
  versionFeatures,
} from '../../playground/src/index';
import type { SimRequest, SimResponse } from './protocol';
import { ScenarioLoader } from './scenario-loader';

/** The engine functions one run calls; tests hand in their own to reach the error paths. */
export interface RunEngine {
  checkConfig: typeof checkConfig;
  loadScenario: typeof loadScenario;
  /** Either scenario version (method syntax: a test's fake may take a v1 scenario only). */
  simulate(scenario: AnyScenario, options?: SimulateOptions): Simulation<AnyOutcome>;
  renderMermaid: typeof renderMermaid;
  diagnoseScenario: typeof diagnoseScenario;
}

export const engine: RunEngine = { checkConfig, loadScenario, simulate, renderMermaid, diagnoseScenario };

/**
 * One simulation request, end to end: load the scenario, parse its config for the editor's
 * lint markers, simulate, and render the diagram text. Runs inside the worker; kept free of
 * worker globals so tests call it directly.
 */
export function runScenario(
  api: RunEngine,
  request: SimRequest,
  /** The worker's regex runner, which reports each regex to the page's watchdog. */
  regex?: RegexRunner,
  /** The worker's loader, which keeps the rest it read last (for requests that send `rest`). */
  loader: ScenarioLoader = new ScenarioLoader(api.loadScenario),
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
        nginxVersion: versionFeatures(undefined).version,
      };
    }
    // The scenario's nginx_version decides what nginx -t accepts ("ssl", "http2", keepalive 0…),
    // so the editor's markers and the simulation judge the same version.
    const loaded =
      request.rest !== undefined
        ? loader.read(request.config, request.rest)
        : api.loadScenario(request.scenario);
    const nginxVersion = loaded.scenario?.nginx_version;
    // What every result view labels itself with: the version the engine models for this scenario.
    const modelled = versionFeatures(nginxVersion).version;
    // nginx -t's checks, not only the parser's: its errors mark the config editor's lines.
    const checked = api.checkConfig(request.config, {
      file: 'nginx.conf',
      ...(nginxVersion ? { nginxVersion } : {}),
    }).errors;
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
        nginxVersion: modelled,
      };
    }
    const simulation = api.simulate(loaded.scenario, options);
    const configErrors = uniqueErrors([...checked, ...simulation.errors]);
    // The diagram and the diagnostics are extras: if either fails, the simulation still shows.
    let mermaid: string | null = null;
    try {
      mermaid = api.renderMermaid(simulation);
    } catch {
      mermaid = null;
    }
    let diagnostics: Diagnostic[] | null = null;
    try {
      diagnostics = api.diagnoseScenario(loaded.scenario, options);
    } catch {
      diagnostics = null;
    }
    return {
      id: request.id,
      kind: 'result',
      simulation,
      configErrors,
      scenarioErrors,
      mermaid,
      diagnostics,
      nginxVersion: modelled,
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

/** A loader problem as the YAML editor shows it: its field path, then the message. */
function problemText(p: ScenarioProblem): string {
  // Lines are left out: they count in the whole scenario, while the YAML editor shows it
  // without `config`; the field path says where the problem is.
  const text = p.message || '?';
  return p.path ? `${p.path}: ${text}` : text;
}
