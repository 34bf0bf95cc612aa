/**
 * Which `$variables` nginx knows without any help (builtins and prefix families such as
 * `$http_*`), and how to find the variables an argument refers to, as nginx's script
 * compiler reads them (`$name`, `${name}`, `$1`).
 */
import { BUILTIN_VARIABLES, VARIABLE_PREFIXES } from './directives.data';

const BUILTIN = new Set(BUILTIN_VARIABLES);

/** True when nginx defines `name` itself (builtin or a prefix family like `http_`). */
export function isBuiltinVariable(name: string): boolean {
  const lower = name.toLowerCase();
  if (BUILTIN.has(lower)) return true;
  return VARIABLE_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

export { VARIABLE_PREFIXES };

function isNameChar(ch: string): boolean {
  return /[A-Za-z0-9_]/.test(ch);
}

/**
 * Variable names referenced in a value, in order (regex captures `$1`..`$9` excluded).
 * Follows `ngx_http_script_compile`: `$` then a name of letters, digits and `_`, or `${name}`.
 */
export function referencedVariables(value: string): string[] {
  const names: string[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '$') continue;
    let j = i + 1;
    const next = value[j] ?? '';
    if (next >= '1' && next <= '9') {
      i = j;
      continue;
    }
    const braced = value[j] === '{';
    if (braced) j++;
    const start = j;
    while (j < value.length && isNameChar(value[j]!)) j++;
    if (j > start) names.push(value.slice(start, j));
    i = braced && value[j] === '}' ? j : j - 1;
  }
  return names;
}

/** Named captures a PCRE pattern defines (`(?<name>…)`, `(?P<name>…)`, `(?'name'…)`). */
export function namedCaptures(pattern: string): string[] {
  const names: string[] = [];
  for (const match of pattern.matchAll(/\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/g)) {
    names.push((match[1] ?? match[2])!);
  }
  return names;
}
