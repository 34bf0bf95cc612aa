/**
 * The scenario's config as real nginx will read it in the run's prefix: parsed by the engine
 * (token spans included), with `include` resolved the way nginx resolves it there — relative to
 * the prefix, against the files the scenario materialises — and every directive listed once with
 * the blocks around it. The sandbox rules (`confine.ts`) judge and rewrite this, never raw text.
 */
import {
  type ConfigForm,
  type ConfigNode,
  configForm,
  type ConfigTree as EngineTree,
  type IncludeResolver,
  type NodeSpan,
  parseConfig,
} from '../../src/index';

/** Name of the scenario's own config in spans; a NUL cannot be part of a file in `files`. */
export const MAIN_FILE = '\u0000config';

export interface Located {
  directive: ConfigNode;
  span: NodeSpan;
  /** Enclosing block directives, outermost first. */
  parents: ConfigNode[];
}

export interface ConfigTree {
  parse: EngineTree;
  form: ConfigForm;
  /** Every directive nginx would read, each once (a file included twice is read once here). */
  directives: Located[];
  /** Config texts by file: MAIN_FILE and every `files` entry the config includes. */
  texts: Map<string, string>;
}

/**
 * A path as nginx resolves it against the prefix (`-p DIR/`), as a relative path inside it, or
 * null when it is absolute or climbs out. `.` is the prefix itself.
 */
export function insidePrefix(path: string): string | null {
  if (path.startsWith('/') || path.includes('\u0000')) return null;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length ? parts.join('/') : '.';
}

export function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** `include` as nginx reads it in the prefix: a name relative to it, or a glob (sorted, like glob(3)). */
export function prefixIncludeResolver(files: Record<string, string>): IncludeResolver {
  return (pattern) => {
    const rel = insidePrefix(pattern);
    if (rel === null) return null;
    if (!/[*?[]/.test(rel)) return typeof files[rel] === 'string' ? [{ file: rel, text: files[rel] }] : null;
    const re = globRegex(rel);
    return Object.keys(files)
      .filter((name) => re.test(insidePrefix(name) ?? ''))
      .sort()
      .map((name) => ({ file: name, text: files[name]! }));
  };
}

export function readConfigTree(config: string, files: Record<string, string>): ConfigTree {
  const parse = parseConfig(config, {
    file: MAIN_FILE,
    resolveInclude: prefixIncludeResolver(files),
    maxBytes: Number.POSITIVE_INFINITY,
  });
  const texts = new Map<string, string>([[MAIN_FILE, config]]);
  const directives: Located[] = [];
  const seen = new Set<string>();
  const visit = (list: ConfigNode[], parents: ConfigNode[]) => {
    for (const d of list) {
      const span = d.span;
      const key = `${span.file}\u0000${span.line}\u0000${span.col}`;
      if (!seen.has(key)) {
        seen.add(key);
        directives.push({ directive: d, span, parents });
        if (span.file !== MAIN_FILE && !texts.has(span.file)) texts.set(span.file, files[span.file] ?? '');
      }
      if (d.block) visit(d.block, [...parents, d]);
      for (const i of d.includes ?? []) visit(parse.files[i]?.nodes ?? [], parents);
    }
  };
  visit(parse.files[0]?.nodes ?? [], []);
  const form = configForm(parse);
  return { parse, form, directives, texts };
}

/** Offset in `text` of a 1-based line and UTF-16 column, as the engine's spans count them. */
export function offsetOf(text: string, line: number, col: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + col - 1;
}
