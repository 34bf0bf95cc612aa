import { Lexer } from 'yaml';
import { MAX_YAML_VALUES } from './counts';

/**
 * Counts the values of a YAML text (scalars, quoted or plain, aliases and flow collections)
 * with the YAML library's lexer, stopping once the count passes `max`: cheap enough to run
 * before every parse, since a big block scalar (a whole config) is one token, and it stops a
 * 30,000-entry list before the slow part. Returns the count, or `max + 1` when it is over.
 */
export function countYamlValues(text: string, max = MAX_YAML_VALUES): number {
  let count = 0;
  for (const token of new Lexer().lex(text)) {
    const c = token.charCodeAt(0);
    // \x1f marks a plain or block scalar; quoted scalars, aliases and flow starts come as is.
    if (c === 0x1f || c === 0x22 || c === 0x27 || c === 0x2a || c === 0x5b || c === 0x7b) {
      count++;
      if (count > max) return count;
    }
  }
  return count;
}

/** The message for a YAML text with more values than the simulator parses, or null. */
export function tooManyYamlValues(text: string, max = MAX_YAML_VALUES): string | null {
  return countYamlValues(text, max) > max
    ? `the scenario has more than ${max} YAML values; the simulator reads at most ${max}`
    : null;
}
