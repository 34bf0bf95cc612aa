import type { ConfigError, Diagnostic, Message } from '../../playground/src/index';
import type { Explain } from '../i18n/translate';
import type { LineProblem } from './editors';

/**
 * nginx -t style: `[emerg] message in nginx.conf:12`, plus our hint on its own line. Codes
 * starting with `engine-` are the simulator's own limits (e.g. a regex it refuses to run),
 * not nginx errors, so they are warnings without nginx's level.
 */
export function lintProblem(
  e: {
    line: number | null;
    error: string;
    file: string;
    code: string;
    hint?: string;
    explain?: Message;
  },
  explain?: Explain,
): LineProblem {
  const own = e.code.startsWith('engine-');
  const where = e.line === null || own ? '' : ` in ${e.file || 'nginx.conf'}:${e.line}`;
  // The simulator's own notes come in the page language when they carry a code; nginx's
  // messages stay as nginx words them.
  const text = own && e.explain && explain ? explain(e.explain) : e.error;
  return {
    line: e.line,
    message: `${own ? '' : '[emerg] '}${text}${where}${e.hint ? `\n${e.hint}` : ''}`,
    severity: own ? 'warning' : 'error',
  };
}

/**
 * The config editor's markers for one answer: nginx -t's errors and the simulator's notes (none
 * for an empty config, which has nothing to mark), then the diagnostics.
 */
export function configMarkers(
  config: string,
  errors: readonly ConfigError[],
  diagnostics: readonly Diagnostic[] | null,
  explainReason: Explain,
  explainDiagnostic: Explain,
): LineProblem[] {
  return [
    ...(config.trim() === '' ? [] : errors.map((e) => lintProblem(e, explainReason))),
    ...(diagnostics ?? []).map(
      (d): LineProblem => ({
        line: d.location.line,
        message: explainDiagnostic(d.message),
        severity: d.severity === 'error' ? 'error' : 'warning',
      }),
    ),
  ];
}
