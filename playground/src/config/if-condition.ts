/**
 * The condition of an `if` block, split as `ngx_http_rewrite_if_condition` splits it: the
 * parentheses may stand alone or stick to the first and last arguments, and the rest is one
 * of `$var`, `$var = value`, `$var != value`, `$var ~ regex` (`~*`, `!~`, `!~*`) or a file
 * test (`-f`, `!-f`, `-d`, `-e`, `-x` and their negations). Errors are worded like nginx's.
 */

export type IfCondition =
  | { kind: 'variable'; variable: string }
  | { kind: 'compare'; variable: string; negate: boolean; value: string }
  | { kind: 'regex'; variable: string; negate: boolean; caseless: boolean; pattern: string }
  | { kind: 'file'; negate: boolean; test: 'f' | 'd' | 'e' | 'x'; value: string };

export type IfConditionResult = { condition: IfCondition } | { error: string };

const REGEX_OPERATORS = new Set(['~', '~*', '!~', '!~*']);

export function parseIfCondition(args: readonly string[]): IfConditionResult {
  const first = args[0] ?? '';
  if (!first.startsWith('(')) return { error: `invalid condition "${first}"` };
  const parts = [...args];
  let cur = 0;
  if (first.length === 1) cur = 1;
  else parts[0] = first.slice(1);
  let last = parts.length - 1;
  const tail = parts[last] ?? '';
  if (!tail.endsWith(')')) return { error: `invalid condition "${tail}"` };
  if (tail.length === 1) last--;
  else parts[last] = tail.slice(0, -1);
  if (cur > last) return { error: `invalid condition "${parts[cur] ?? ''}"` };

  const token = parts[cur]!;
  if (token.length > 1 && token.startsWith('$')) {
    if (cur !== last && cur + 2 !== last) return { error: `invalid condition "${token}"` };
    const variable = token;
    if (cur === last) return { condition: { kind: 'variable', variable } };
    const op = parts[cur + 1]!;
    const operand = parts[last]!;
    if (op === '=' || op === '!=') {
      return { condition: { kind: 'compare', variable, negate: op === '!=', value: operand } };
    }
    if (REGEX_OPERATORS.has(op)) {
      return {
        condition: {
          kind: 'regex',
          variable,
          negate: op.startsWith('!'),
          caseless: op.endsWith('*'),
          pattern: operand,
        },
      };
    }
    return { error: `unexpected "${op}" in condition` };
  }
  const fileTest = /^(!?)-([fdex])$/.exec(token);
  if (fileTest || /^!?-.$/.test(token)) {
    if (cur + 1 !== last) return { error: `invalid condition "${token}"` };
    if (!fileTest) return { error: `invalid condition "${token}"` };
    return {
      condition: {
        kind: 'file',
        negate: fileTest[1] === '!',
        test: fileTest[2] as 'f' | 'd' | 'e' | 'x',
        value: parts[last]!,
      },
    };
  }
  return { error: `invalid condition "${token}"` };
}

/** The condition as it reads in the config, for explanations: `$http_upgrade != "websocket"`. */
export function describeIfCondition(c: IfCondition): string {
  const quote = (v: string) => (v === '' || /[\s;{}"']/.test(v) ? JSON.stringify(v) : v);
  switch (c.kind) {
    case 'variable':
      return c.variable;
    case 'compare':
      return `${c.variable} ${c.negate ? '!=' : '='} ${quote(c.value)}`;
    case 'regex':
      return `${c.variable} ${c.negate ? '!' : ''}~${c.caseless ? '*' : ''} ${quote(c.pattern)}`;
    case 'file':
      return `${c.negate ? '!' : ''}-${c.test} ${quote(c.value)}`;
  }
}
