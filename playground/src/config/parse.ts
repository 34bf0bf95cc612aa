/**
 * Turns nginx config text into crossplane's JSON envelope. Only syntax and `include` are
 * checked here (what nginx finds while reading tokens); directive knowledge lives in
 * `analyze.ts`. Like nginx, reading stops at the first syntax error.
 */

import { exceedsBytes, MAX_CONFIG_BYTES, tooLargeMessage, utf8Bytes } from '../limits/size';
import type { ConfigError, ConfigFile, Directive, ParseResult, Span } from './ast';
import { type ConfigForm, configForm } from './form';
import { Tokenizer } from './lex';

/** One file an include pattern expands to. */
export interface IncludedFile {
  file: string;
  text: string;
}

/**
 * Expands an `include` argument seen in `fromFile`. Return `null` when nothing can be opened
 * (a plain name then fails as nginx's `open() "X" failed`); a glob with no match may return `[]`.
 */
export type IncludeResolver = (pattern: string, fromFile: string) => IncludedFile[] | null;

export interface ParseOptions {
  /** Name used in errors and in the envelope; defaults to `nginx.conf`. */
  file?: string;
  resolveInclude?: IncludeResolver;
  /**
   * Main-file texts longer than this many UTF-8 bytes are refused unread (default
   * `MAX_CONFIG_BYTES`, 1 MiB): a pasted multi-megabyte file would keep the playground's worker
   * busy for seconds. nginx has no such limit; tools reading real files pass `Infinity`.
   */
  maxBytes?: number;
}

/** Blocks whose content nginx hands to a custom handler rather than to directives. */
const HANDLER_BLOCKS = new Set(['map', 'types', 'geo', 'split_clients', 'charset_map', 'match']);

/** A runaway include chain (a file including itself) is cut here, as nginx would run out. */
const MAX_INCLUDE_DEPTH = 16;

/**
 * Blocks nested deeper than this are refused. nginx itself has no such limit, but every pass
 * over the tree (analysis, model, diagnostics) recurses per level, and a pasted or generated
 * config 10,000 levels deep would overflow the stack of a browser worker. Real configs nest
 * fewer than ten levels (http, server, location, if).
 */
export const MAX_BLOCK_DEPTH = 100;

const spans = new WeakMap<Directive, Span>();
/** Top-level directives of an http-shaped config that come after a stray `}` closed http. */
const afterHttpClose = new WeakSet<Directive>();
/** How each parse result was read (kept out of the crossplane JSON). */
const shapes = new WeakMap<ParseResult, { form: ConfigForm; httpClosed: boolean }>();

/** True for a top-level directive nginx reads in the main context because a `}` closed http early. */
export function isAfterHttpClose(directive: Directive): boolean {
  return afterHttpClose.has(directive);
}

/**
 * How `parseConfig` read this result: `form` (whole nginx.conf or http contents) and whether
 * the http contents were closed (so nginx's end-of-http checks ran).
 */
export function shapeOf(result: ParseResult): { form: ConfigForm; httpClosed: boolean } {
  return shapes.get(result) ?? { form: configForm(result), httpClosed: result.status === 'ok' };
}

/** Source position of a directive produced by `parseConfig` (kept out of the JSON). */
export function spanOf(directive: Directive): Span | undefined {
  return spans.get(directive);
}

class Fatal extends Error {}

interface ParseState {
  result: ParseResult;
  /** Reading http contents as if wrapped: the line of the virtual closing `}`. */
  virtualCloseLine?: number;
  httpClosed: boolean;
  options: ParseOptions;
  mainFile: string;
  depth: number;
  /** How many blocks enclose the one being read, across included files. */
  nesting: number;
}

function fail(state: ParseState, fileEntry: ConfigFile, error: ConfigError): never {
  fileEntry.errors.push(error);
  fileEntry.status = 'failed';
  state.result.errors.push(error);
  state.result.status = 'failed';
  throw new Fatal(error.error);
}

function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** nginx resolves relative include paths against the main config's directory. */
function fullIncludeName(pattern: string, mainFile: string): string {
  if (pattern.startsWith('/')) return pattern;
  const slash = mainFile.lastIndexOf('/');
  return slash >= 0 ? `${mainFile.slice(0, slash + 1)}${pattern}` : pattern;
}

function parseFile(
  state: ParseState,
  file: string,
  text: string,
  inHandler: boolean,
  asHttpBody = false,
): number {
  const entry: ConfigFile = { file, status: 'ok', errors: [], parsed: [] };
  const index = state.result.config.length;
  state.result.config.push(entry);
  if (asHttpBody) {
    // Read exactly what `wrapHttpContent` gives nginx: the text inside http, then `\n}\n`.
    state.virtualCloseLine = text.split('\n').length + 1;
    parseTopAsHttpBody(state, entry, new Tokenizer(`${text}\n}\n`));
  } else {
    parseBlock(state, entry, new Tokenizer(text), false, inHandler, entry.parsed);
  }
  return index;
}

/**
 * The top level of http-shaped text. A `}` there closes http, as it would in the wrapped
 * file; what follows is then read at main level, and the wrapper's own `}` is unexpected.
 */
function parseTopAsHttpBody(state: ParseState, entry: ConfigFile, tokens: Tokenizer): void {
  const before = entry.parsed.length;
  parseBlock(state, entry, tokens, true, false, entry.parsed);
  state.httpClosed = true;
  const mark = entry.parsed.length;
  if (tokens.lastCloseLine === state.virtualCloseLine) return;
  parseBlock(state, entry, tokens, false, false, entry.parsed);
  for (const d of entry.parsed.slice(Math.max(mark, before))) afterHttpClose.add(d);
}

function parseBlock(
  state: ParseState,
  entry: ConfigFile,
  tokens: Tokenizer,
  inBlock: boolean,
  inHandler: boolean,
  out: Directive[],
  owner?: Directive,
): void {
  // Directives are appended as they are read so that a partial tree survives a syntax error.
  for (;;) {
    const token = tokens.next();
    switch (token.kind) {
      case 'error':
        fail(state, entry, { file: entry.file, line: token.line, error: token.message, code: token.code });
        break;
      case 'close':
        if (inBlock && owner) {
          const span = spans.get(owner);
          if (span) {
            span.blockEndLine = token.line;
            span.blockEndCol = token.col;
          }
        }
        if (!inBlock) {
          fail(state, entry, {
            file: entry.file,
            line: token.line,
            error: 'unexpected "}"',
            code: 'unexpected-close-brace',
          });
        }
        return;
      case 'eof':
        if (inBlock) {
          fail(state, entry, {
            file: entry.file,
            line: token.line,
            error: 'unexpected end of file, expecting "}"',
            code: 'unexpected-eof-block',
          });
        }
        return;
      case 'statement': {
        const [name, ...args] = token.words;
        const directive: Directive = {
          directive: name!.value,
          line: name!.line,
          args: args.map((w) => w.value),
        };
        spans.set(directive, {
          file: entry.file,
          line: name!.line,
          col: name!.col,
          endLine: token.endLine,
          endCol: token.endCol,
        });
        if (token.end === '{' && inHandler) {
          fail(state, entry, {
            file: entry.file,
            line: token.endLine,
            error: 'unexpected "{"',
            code: 'unexpected-open-brace',
          });
        }
        if (token.end === '{' && state.nesting >= MAX_BLOCK_DEPTH) {
          fail(state, entry, {
            file: entry.file,
            line: token.endLine,
            error: `blocks nested more than ${MAX_BLOCK_DEPTH} levels deep are not supported by the simulator`,
            code: 'engine-nesting-too-deep',
          });
        }
        out.push(directive);
        if (token.end === '{') {
          directive.block = [];
          state.nesting++;
          parseBlock(
            state,
            entry,
            tokens,
            true,
            HANDLER_BLOCKS.has(directive.directive),
            directive.block,
            directive,
          );
          state.nesting--;
        } else if (directive.directive === 'include' && directive.args.length === 1) {
          directive.includes = expandInclude(state, entry, directive, token.endLine, inHandler);
        }
        break;
      }
    }
  }
}

function expandInclude(
  state: ParseState,
  entry: ConfigFile,
  directive: Directive,
  line: number,
  inHandler: boolean,
): number[] {
  const pattern = directive.args[0]!;
  const full = fullIncludeName(pattern, state.mainFile);
  const files = state.options.resolveInclude?.(pattern, entry.file) ?? null;
  if (files === null || (files.length === 0 && !hasGlob(pattern))) {
    if (hasGlob(pattern)) return [];
    fail(state, entry, {
      file: entry.file,
      line,
      error: `open() "${full}" failed (2: No such file or directory)`,
      code: 'include-not-found',
    });
  }
  if (state.depth >= MAX_INCLUDE_DEPTH) {
    fail(state, entry, {
      file: entry.file,
      line,
      error: `include nesting too deep for "${full}"`,
      code: 'include-too-deep',
    });
  }
  const indexes: number[] = [];
  state.depth++;
  try {
    for (const included of files) {
      indexes.push(parseFile(state, included.file, included.text, inHandler));
    }
  } finally {
    state.depth--;
  }
  return indexes;
}

/**
 * Parses config text into crossplane's envelope. Never throws: syntax errors end up in
 * `errors` (nginx's wording, the line nginx prints) and parsing stops there, as in nginx.
 */
export function parseConfig(text: string, options: ParseOptions = {}): ParseResult {
  const limit = options.maxBytes ?? MAX_CONFIG_BYTES;
  if (exceedsBytes(text, limit)) return tooLarge(text, options.file ?? 'nginx.conf', limit);
  const probe = read(text, options, false);
  if (configForm(probe.result) === 'main') {
    shapes.set(probe.result, { form: 'main', httpClosed: false });
    return probe.result;
  }
  const wrapped = read(text, options, true);
  shapes.set(wrapped.result, { form: 'http', httpClosed: wrapped.httpClosed });
  return wrapped.result;
}

function tooLarge(text: string, file: string, limit: number): ParseResult {
  const error: ConfigError = {
    file,
    line: null,
    error: tooLargeMessage('the config', utf8Bytes(text), limit),
    code: 'engine-config-too-large',
  };
  const result: ParseResult = {
    status: 'failed',
    errors: [error],
    config: [{ file, status: 'failed', errors: [error], parsed: [] }],
  };
  shapes.set(result, { form: 'main', httpClosed: false });
  return result;
}

function read(text: string, options: ParseOptions, asHttpBody: boolean): ParseState {
  const file = options.file ?? 'nginx.conf';
  const result: ParseResult = { status: 'ok', errors: [], config: [] };
  const state: ParseState = { result, options, mainFile: file, depth: 0, nesting: 0, httpClosed: false };
  try {
    parseFile(state, file, text, false, asHttpBody);
  } catch (error) {
    if (!(error instanceof Fatal)) throw error;
  }
  return state;
}
