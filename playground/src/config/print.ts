/**
 * crossplane's "build": turns a parse tree back into nginx config text. Arguments are quoted
 * only when nginx's tokenizer would otherwise read them differently, so that parsing the
 * output gives back the same tree. Comments are not kept (crossplane drops them too).
 */
import type { Directive, ParseResult } from './ast';
import { toCrossplane } from './crossplane';
import type { ConfigTree } from './tree';

/** Characters that end or change an unquoted word in nginx's tokenizer. */
const SPECIAL = /[\s;{}"'#]/;

function needsQuotes(value: string): boolean {
  if (value === '' || SPECIAL.test(value)) return true;
  // A backslash escapes the next character and may be unescaped (\" \' \\ \t \r \n).
  return value.includes('\\');
}

/** One argument as nginx would read it back unchanged. */
export function quoteArgument(value: string): string {
  if (!needsQuotes(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function printBlock(directives: Directive[], depth: number, indent: string, out: string[]): void {
  const pad = indent.repeat(depth);
  for (const d of directives) {
    const head = [d.directive, ...d.args].map(quoteArgument).join(' ');
    if (d.block === undefined) {
      out.push(`${pad}${head};`);
      continue;
    }
    out.push(`${pad}${head} {`);
    printBlock(d.block, depth + 1, indent, out);
    out.push(`${pad}}`);
  }
}

/**
 * Config text for a parsed config (its main file, or a given directive list). `include`
 * directives are printed as written, not inlined.
 */
export function printConfig(parsed: ConfigTree | ParseResult | Directive[], indent = '    '): string {
  const envelope = Array.isArray(parsed) || 'config' in parsed ? parsed : toCrossplane(parsed);
  const directives = Array.isArray(envelope) ? envelope : (envelope.config[0]?.parsed ?? []);
  const out: string[] = [];
  printBlock(directives, 0, indent, out);
  return out.length ? `${out.join('\n')}\n` : '';
}
