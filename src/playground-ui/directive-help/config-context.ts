import type { ContextName } from '../../../playground/src/index';

/**
 * Which directive name (if any) a position of the config editor is on, and the context it is
 * read in — enough to pick the right reference entry (`server` in `upstream` is not `server` in
 * `http`). A small scanner over nginx's lexical rules (comments, quotes, `{ } ;`), not the engine's
 * parser: it runs on the main thread for a hover, and a half-typed config must still answer.
 */

export interface DirectiveAt {
  name: string;
  /** Offsets of the name in the text. */
  from: number;
  to: number;
  /** Null inside blocks whose lines are not directives (`map`, `types`, …). */
  context: ContextName | null;
}

/** Blocks whose entries are data (a map's keys, a MIME type list), not directives. */
const DATA_BLOCKS = new Set(['map', 'types', 'geo', 'split_clients', 'charset_map', 'match']);

/** The context a block opens, given the one it stands in. */
function opens(block: string, outer: ContextName | null): ContextName | null {
  if (outer === null || DATA_BLOCKS.has(block)) return null;
  switch (block) {
    case 'events':
      return 'events';
    case 'http':
      return 'http';
    case 'server':
      return outer === 'http' ? 'server' : null;
    case 'upstream':
      return 'upstream';
    case 'location':
      return 'location';
    case 'limit_except':
      return 'limit_except';
    case 'if':
      return outer === 'server' ? 'if in server' : 'if in location';
    default:
      return null;
  }
}

/**
 * The playground takes a whole nginx.conf or just what goes inside `http { }`: a config with
 * `http`, `events` or another main-only block at its top level is the former.
 */
function topContext(text: string): ContextName {
  return /(?:^|[;{}\n])\s*(?:http|events|stream|mail)\s*\{/.test(text) ? 'main' : 'http';
}

export function directiveAt(text: string, pos: number): DirectiveAt | null {
  const stack: Array<ContextName | null> = [topContext(text)];
  /** Start of the current statement's first word, or -1 before it. */
  let wordStart = -1;
  let firstWord: string | null = null;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      // A quoted word: never a directive name, so only its end matters.
      if (firstWord === null) firstWord = '';
      i++;
      while (i < n && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === ';' || c === '{' || c === '}') {
      if (c === '{') stack.push(opens(firstWord ?? '', stack.at(-1) ?? null));
      else if (c === '}' && stack.length > 1) stack.pop();
      firstWord = null;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // A bare word.
    wordStart = i;
    while (i < n && !/[\s;{}#"']/.test(text[i] as string)) i++;
    if (firstWord === null) {
      firstWord = text.slice(wordStart, i);
      if (pos >= wordStart && pos <= i && /^[a-z_][a-z0-9_]*$/.test(firstWord))
        return { name: firstWord, from: wordStart, to: i, context: stack.at(-1) ?? null };
    }
    if (wordStart > pos) return null;
  }
  return null;
}
