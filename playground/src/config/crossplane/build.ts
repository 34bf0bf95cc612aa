/**
 * `crossplane build` and `crossplane format`: statements back to config text, quoting an argument
 * only where crossplane's builder does (and then the way Python's `repr()` writes it), `if`
 * arguments in parentheses, a comment on its statement's line kept on that line.
 */
import { LUA_BLOCK_DIRECTIVES } from './lex';
import { type CrossplaneHost, type CrossplaneStatement, crossplaneParse, pythonRepr } from './parse';

export interface BuildOptions {
  /** Spaces per level (default 4); ignored with `tabs`. */
  indent?: number;
  tabs?: boolean;
  /** Start with a comment saying where the file came from. */
  header?: boolean;
}

/** Code points Python's `str.isspace()` is true for. */
const PY_SPACES = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Python's `str.isspace()`: non-empty and every character a space. */
function isPySpace(text: string): boolean {
  if (text === '') return false;
  for (const ch of text) if (!PY_SPACES.has(ch.codePointAt(0)!)) return false;
  return true;
}

/** crossplane's `_escape`: characters, with `\x` pairs and `${` read as one unit. */
function escapeUnits(value: string): string[] {
  const units: string[] = [];
  let prev = '';
  let char = '';
  for (char of value) {
    if (prev === '\\' || prev + char === '${') {
      prev += char;
      units.push(prev);
      continue;
    }
    if (prev === '$') units.push(prev);
    if (char !== '\\' && char !== '$') units.push(char);
    prev = char;
  }
  if (char === '\\' || char === '$') units.push(char);
  return units;
}

function needsQuotes(value: string): boolean {
  if (value === '') return true;
  const units = escapeUnits(value);
  let char = units[0] ?? '';
  if (isPySpace(char) || ['{', '}', ';', '"', "'", '${'].includes(char)) return true;
  let expanding = false;
  for (let k = 1; k < units.length; k++) {
    char = units[k]!;
    if (isPySpace(char) || char === '{' || char === ';' || char === '"' || char === "'") return true;
    if (char === (expanding ? '${' : '}')) return true;
    if (char === (expanding ? '}' : '${')) expanding = !expanding;
  }
  return char === '\\' || char === '$' || expanding;
}

/** One argument as crossplane's builder writes it. */
export function enquote(value: string): string {
  if (!needsQuotes(value)) return value;
  return pythonRepr(value).replaceAll('\\\\', '\\');
}

const HEADER = '# This config was built from JSON using nginx-ws-lab build (crossplane build semantics).\n\n';

/** The text of a list of statements (crossplane's `build`). */
export function buildConfig(statements: readonly CrossplaneStatement[], options: BuildOptions = {}): string {
  const padding = options.tabs ? '\t' : ' '.repeat(options.indent ?? 4);
  const block = (
    start: string,
    list: readonly CrossplaneStatement[],
    depth: number,
    lastLine: number,
  ): string => {
    let output = start;
    const margin = padding.repeat(depth);
    for (const stmt of list) {
      const directive = enquote(stmt.directive);
      const line = stmt.line ?? 0;
      let built: string;
      if (directive === '#' && line === lastLine) {
        output += ` #${stmt.comment ?? ''}`;
        continue;
      }
      if (directive === '#') {
        built = `#${stmt.comment ?? ''}`;
      } else if (LUA_BLOCK_DIRECTIVES.has(directive)) {
        built =
          directive === 'set_by_lua_block'
            ? `${directive} ${stmt.args[0]} {${stmt.args[1]}}`
            : `${directive} {${stmt.args[0]}}`;
      } else {
        const args = stmt.args.map(enquote);
        if (directive === 'if') built = `if (${args.join(' ')})`;
        else if (args.length > 0) built = `${directive} ${args.join(' ')}`;
        else built = directive;
        if (stmt.block == null) {
          built += ';';
        } else {
          built = block(`${built} {`, stmt.block, depth + 1, line);
          built += `\n${margin}}`;
        }
      }
      output += (output ? '\n' : '') + margin + built;
      lastLine = line;
    }
    return output;
  };
  return (options.header ? HEADER : '') + block('', statements, 0, 0);
}

/** Python's `str.rstrip()` then one newline: how `crossplane build` ends each file. */
export function asFileText(built: string): string {
  let end = built.length;
  while (end > 0 && PY_SPACES.has(built.charCodeAt(end - 1))) end--;
  return `${built.slice(0, end)}\n`;
}

/** crossplane's `format`: the file reparsed with its comments and printed again; throws the first error. */
export function formatConfig(filename: string, host: CrossplaneHost, options: BuildOptions = {}): string {
  const payload = crossplaneParse(filename, host, {
    comments: true,
    single: true,
    checkContext: false,
    checkArguments: false,
  });
  const first = payload.errors[0];
  if (payload.status !== 'ok' && first) throw new Error(first.error);
  return buildConfig(payload.config[0]?.parsed ?? [], { ...options, header: false });
}
