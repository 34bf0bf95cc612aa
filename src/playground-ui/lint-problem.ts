import type { LineProblem } from './editors';

/**
 * nginx -t style: `[emerg] message in nginx.conf:12`, plus our hint on its own line. Codes
 * starting with `engine-` are the simulator's own limits (e.g. a regex it refuses to run),
 * not nginx errors, so they are warnings without nginx's level.
 */
export function lintProblem(e: {
  line: number | null;
  error: string;
  file: string;
  code: string;
  hint?: string;
}): LineProblem {
  const own = e.code.startsWith('engine-');
  const where = e.line === null || own ? '' : ` in ${e.file || 'nginx.conf'}:${e.line}`;
  return {
    line: e.line,
    message: `${own ? '' : '[emerg] '}${e.error}${where}${e.hint ? `\n${e.hint}` : ''}`,
    severity: own ? 'warning' : 'error',
  };
}
