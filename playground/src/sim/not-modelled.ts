/**
 * What the simulator did not model on a run, in the outcome itself (`not_modelled`, v1 and v2),
 * so that a comparison can tell "unknown" from "wrong": reason codes, each once, with the line.
 */
import type { ConfigError } from '../config/ast';
import { type ConfigNode, sourceOf } from '../config/tree';
import type { Unmodelled } from '../eval/evaluate';
import { CONFIG_FILE } from './prepare';

export type NotModelled = Array<{ code: string; line: number | null }>;

/**
 * The note for something not modelled, on the line that needs it: no prose here, the reason code
 * (also in `error`, for readers that only show `error`) is rendered by the site or the CLI.
 */
export function unmodelledNote(u: Unmodelled): ConfigError {
  return {
    file: sourceOf(u.directive).file,
    line: u.directive.span.line,
    error: u.code,
    code: 'engine-unmodelled',
    explain: { code: u.code, params: u.params },
  };
}

/** The same for a whole feature of the scenario (no config line), e.g. pipelining. */
export function unmodelledFeature(code: string, params: Record<string, string> = {}): ConfigError {
  return { file: CONFIG_FILE, line: null, error: code, code: 'engine-unmodelled', explain: { code, params } };
}

export function unmodelledAt(
  code: string,
  directive: ConfigNode,
  params: Record<string, string> = {},
): ConfigError {
  return unmodelledNote({ code, params, directive });
}

/** The run's notes as the outcome lists them, in order, each code and line once; null when none. */
export function notModelledList(errors: readonly ConfigError[]): NotModelled | null {
  const seen = new Set<string>();
  const list: NotModelled = [];
  for (const e of errors) {
    if (e.code !== 'engine-unmodelled') continue;
    const code = e.explain?.code ?? e.error;
    const key = `${code}:${e.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    list.push({ code, line: e.line });
  }
  return list.length > 0 ? list : null;
}
