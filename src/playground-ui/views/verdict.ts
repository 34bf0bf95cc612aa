import type { AnyOutcome, ConfigError, Diagnostic } from '../../../playground/src/index';
import type { SimResponse } from '../protocol';

/**
 * The one-line answer a newcomer looks for after every edit: did the WebSocket upgrade, and if
 * not, why. Derived from the run's outcome, the config errors and the diagnostics; no text here
 * (views/verdict-view.ts words it in the page language).
 */
export type Verdict =
  | { kind: 'pending' }
  | { kind: 'empty' }
  | { kind: 'scenario'; message: string }
  | { kind: 'config'; errors: readonly ConfigError[]; diagnostic: Diagnostic | null }
  | {
      kind: 'upgraded';
      /** When the tunnel ended, by whom and why; null: still open when the run stopped. */
      end: { at: number; by: 'client' | 'backend' | 'nginx'; reason: string } | null;
      until: number | null;
    }
  | {
      kind: 'failed';
      status: number;
      /** Who wrote the status line the client got. */
      answeredBy: 'backend' | 'nginx';
      because: Diagnostic | null;
      logLine: string | null;
    }
  | { kind: 'http'; status: number; answeredBy: 'backend' | 'nginx' }
  | { kind: 'no-response'; reason: string | null; because: Diagnostic | null; logLine: string | null }
  /** Scenario v2: several clients, so a count of what they got rather than one answer. */
  | { kind: 'clients'; clients: number; requests: number; answered: number; tunnels: number };

export interface VerdictInput {
  outcome: AnyOutcome | null;
  configErrors: readonly ConfigError[];
  diagnostics: readonly Diagnostic[] | null;
  scenarioError: string | null;
  emptyConfig: boolean;
  /** The client asked for a WebSocket (sent `Upgrade: websocket`). */
  askedUpgrade: boolean;
  /** The scenario's run length in seconds, if set. */
  until: number | null;
}

/** nginx answers these itself when the backend cannot be reached or answered nothing usable. */
const NGINX_OWN = new Set([400, 403, 404, 405, 413, 414, 431, 444, 494, 497, 499, 500, 502, 503, 504]);

/** The error diagnostic a failure most likely comes from, else the first warning. */
function likelyCause(diagnostics: readonly Diagnostic[] | null): Diagnostic | null {
  const all = diagnostics ?? [];
  return all.find((d) => d.severity === 'error') ?? all.find((d) => d.severity === 'warning') ?? null;
}

export function verdictOf(input: VerdictInput): Verdict {
  if (input.emptyConfig) return { kind: 'empty' };
  const outcome = input.outcome;
  if (outcome && 'config_error' in outcome) {
    const errors = input.configErrors.filter((e) => !e.code.startsWith('engine-'));
    const line = errors[0]?.line ?? null;
    const diagnostic =
      (input.diagnostics ?? []).find((d) => line !== null && d.location.line === line) ??
      (input.diagnostics ?? []).find((d) => d.severity === 'error') ??
      null;
    const fallback: ConfigError = { file: 'nginx.conf', line: null, error: outcome.config_error, code: '' };
    return { kind: 'config', errors: errors.length ? errors : [fallback], diagnostic };
  }
  if (!outcome)
    return input.scenarioError ? { kind: 'scenario', message: input.scenarioError } : { kind: 'pending' };
  if (outcome.format === 'outcome@2') {
    const requests = outcome.clients.flatMap((c) => c.requests);
    return {
      kind: 'clients',
      clients: outcome.clients.length,
      requests: requests.length,
      answered: requests.filter((r) => r.response !== null).length,
      tunnels: outcome.clients.filter((c) => c.tunnel).length,
    };
  }
  const logLine =
    outcome.error_log?.find((l) => /^\[(error|crit|alert|emerg)\]/.test(l)) ?? outcome.error_log?.[0] ?? null;
  const response = outcome.response;
  if (!response) {
    return {
      kind: 'no-response',
      reason: outcome.end?.reason ?? null,
      because: likelyCause(input.diagnostics),
      logLine,
    };
  }
  const answeredBy =
    outcome.upstream.length === 0 || NGINX_OWN.has(response.status)
      ? ('nginx' as const)
      : ('backend' as const);
  if (response.status === 101 && outcome.tunnel)
    return { kind: 'upgraded', end: outcome.end, until: input.until };
  if (!input.askedUpgrade) return { kind: 'http', status: response.status, answeredBy };
  return {
    kind: 'failed',
    status: response.status,
    answeredBy,
    because: likelyCause(input.diagnostics),
    logLine,
  };
}

/** What the verdict needs from the scenario's client (the YAML read as data): map or pair-list headers. */
export function clientAsks(rest: Record<string, unknown> | null): {
  askedUpgrade: boolean;
  until: number | null;
} {
  const client = (rest?.client ?? null) as { request?: { headers?: unknown }; until?: unknown } | null;
  const headers = client?.request?.headers;
  const names = Array.isArray(headers)
    ? headers.map((pair) => (Array.isArray(pair) ? String(pair[0]) : ''))
    : headers && typeof headers === 'object'
      ? Object.keys(headers)
      : [];
  return {
    askedUpgrade: names.some((name) => name.toLowerCase() === 'upgrade'),
    until: typeof client?.until === 'number' ? client.until : null,
  };
}

/**
 * The verdict of one worker answer, for the scenario (config text, and the rest read as data)
 * it answers: what the page shows after every run, and what the build shows before the first.
 */
export function answerVerdict(
  response: Extract<SimResponse, { kind: 'result' }>,
  config: string,
  rest: Record<string, unknown> | null,
): Verdict {
  return verdictOf({
    outcome: response.simulation?.outcome ?? null,
    configErrors: response.configErrors,
    diagnostics: response.diagnostics,
    scenarioError: response.scenarioErrors[0] ?? null,
    emptyConfig: config.trim() === '',
    ...clientAsks(rest),
  });
}
