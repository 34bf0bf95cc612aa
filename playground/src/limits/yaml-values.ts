import { Lexer } from 'yaml';
import { MAX_YAML_VALUES } from './counts';

/**
 * Counts the values of a YAML text (scalars, quoted or plain, aliases and flow collections)
 * with the YAML library's lexer, stopping once the count passes `max`: cheap enough to run
 * before every parse, since a big block scalar (a whole config) is one token, and it stops a
 * 30,000-entry list before the slow part. Returns the count, or `max + 1` when it is over.
 */
export function countYamlValues(text: string, max = MAX_YAML_VALUES): number {
  return scan(text, max).count;
}

/** Tokens the lexer adds of its own (document start, flow end, scalar mark): not in the text. */
const MARKS = new Set(['\x02', '\x18', '\x1f']);

/** The count (up to `max + 1`) and the offset where the value that passed `max` starts. */
function scan(text: string, max: number): { count: number; offset: number | null } {
  let count = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const c = token.charCodeAt(0);
    // \x1f marks a plain or block scalar; quoted scalars, aliases and flow starts come as is.
    if (c === 0x1f || c === 0x22 || c === 0x27 || c === 0x2a || c === 0x5b || c === 0x7b) {
      count++;
      if (count > max) return { count, offset };
    }
    if (!MARKS.has(token)) offset += token.length;
  }
  return { count, offset: null };
}

/** The line (1-based) on which a YAML text's values pass `max`, or null when they do not. */
export function yamlValuesOverflowLine(text: string, max = MAX_YAML_VALUES): number | null {
  const { offset } = scan(text, max);
  if (offset === null) return null;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The message for a YAML text with more values than the simulator parses, or null. */
export function tooManyYamlValues(text: string, max = MAX_YAML_VALUES): string | null {
  const line = yamlValuesOverflowLine(text, max);
  return line === null
    ? null
    : `the scenario has more than ${max} YAML values (value ${max + 1} is on line ${line}); the simulator reads at most ${max}: fewer clients, requests or headers`;
}
