/**
 * Turns nginx config text into the config tree (`tree.ts`). Only syntax and `include` are
 * checked here (what nginx finds while reading tokens); directive knowledge lives in
 * `analyze.ts`. Like nginx, reading stops at the first syntax error.
 */

import { MAX_DIRECTIVES } from '../limits/counts';
import { exceedsBytes, MAX_CONFIG_BYTES, tooLargeMessage, utf8Bytes } from '../limits/size';
import type { ConfigError } from './ast';
import { type ConfigForm, configForm } from './form';
import { CLOSE, EOF, ERROR, Tokenizer } from './lex';
import type { ConfigNode, ConfigTree, Context, HandlerContext, NodeSpan, TreeFile } from './tree';

/** One file an include pattern expands to. */
export interface IncludedFile {
  file: string;
  text: string;
}

/**
 * An include the host could not or would not read (a device, a file too large, a symlink
 * loop, a glob that walks too far), worded by the host as nginx would word it.
 */
export interface IncludeFailure {
  /** e.g. `open() "/dev/zero" failed (not a regular file: a character device)`. */
  error: string;
  code: string;
}

/**
 * Expands an `include` argument seen in `fromFile`. Return `null` when nothing can be opened
 * (a plain name then fails as nginx's `open() "X" failed`); a glob with no match may return
 * `[]`; an `IncludeFailure` stops parsing at the include with its message.
 */
export type IncludeResolver = (pattern: string, fromFile: string) => IncludedFile[] | IncludeFailure | null;

export interface ParseOptions {
  /** Name used in errors and in the envelope; defaults to `nginx.conf`. */
  file?: string;
  resolveInclude?: IncludeResolver;
  /**
   * An include naming a file that does not exist: `fail` stops reading there, as nginx does
   * (default); `skip` reads on without it and lists it in `ConfigTree.skippedIncludes`, for a
   * checker given a config away from the server it runs on.
   */
  missingIncludes?: 'fail' | 'skip';
  /**
   * Main-file texts longer than this many UTF-8 bytes are refused unread (default
   * `MAX_CONFIG_BYTES`, 1 MiB): a pasted multi-megabyte file would keep the playground's worker
   * busy for seconds. nginx has no such limit; tools reading real files pass `Infinity`.
   */
  maxBytes?: number;
  /**
   * Directives (included files' too) past which parsing stops with a located error (default
   * `MAX_DIRECTIVES`); tools reading real files pass `Infinity`, their bytes are capped instead.
   */
  maxDirectives?: number;
}

/** Blocks whose content nginx hands to a custom handler rather than to directives. */
const HANDLER_BLOCKS: ReadonlySet<string> = new Set<HandlerContext>([
  'map',
  'types',
  'geo',
  'split_clients',
  'charset_map',
  'match',
]);

/** A runaway include chain (a file including itself) is cut here, as nginx would run out. */
const MAX_INCLUDE_DEPTH = 16;

/**
 * Blocks nested deeper than this are refused. nginx itself has no such limit, but every pass
 * over the tree (analysis, model, diagnostics) recurses per level, and a pasted or generated
 * config 10,000 levels deep would overflow the stack of a browser worker. Real configs nest
 * fewer than ten levels (http, server, location, if).
 */
export const MAX_BLOCK_DEPTH = 100;

/** Blocks whose content a handler reads rather than nginx's directive lookup. */
function isHandler(context: Context): boolean {
  return HANDLER_BLOCKS.has(context);
}

/** The context a block opens, named as the analyzer and nginx's directive lookup name it. */
function openedBy(name: string, context: Context): Context {
  switch (name) {
    case 'events':
    case 'http':
    case 'server':
    case 'location':
    case 'limit_except':
    case 'upstream':
      return name;
    case 'if':
      return context === 'server' ? 'if in server' : 'if in location';
    default:
      return HANDLER_BLOCKS.has(name) ? (name as HandlerContext) : 'other';
  }
}

/** Simple directives share one empty child list (frozen: nothing may add to it). */
const NO_CHILDREN = Object.freeze([]) as unknown as ConfigNode[];

class Fatal extends Error {}

interface ParseState {
  tree: ConfigTree;
  /** Reading http contents as if wrapped: the line of the virtual closing `}`. */
  virtualCloseLine?: number;
  options: ParseOptions;
  mainFile: string;
  depth: number;
  /** How many blocks enclose the one being read, across included files. */
  nesting: number;
  /** Directives read so far, across included files. */
  directives: number;
  /** `options.maxDirectives`, defaulted. */
  maxDirectives: number;
  /** An `include` was expanded (or tried): blocks' `children` need splicing. */
  sawInclude: boolean;
}

function fail(state: ParseState, fileEntry: TreeFile, error: ConfigError): never {
  fileEntry.errors.push(error);
  fileEntry.status = 'failed';
  state.tree.errors.push(error);
  state.tree.status = 'failed';
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

/** Where a block being read sits: its context, and the node its directives belong to. */
interface Place {
  context: Context;
  parent: ConfigNode;
}

function parseFile(
  state: ParseState,
  file: string,
  text: string,
  place: Place,
  asHttpBody = false,
  nodes: ConfigNode[] = [],
): number {
  const entry: TreeFile = { file, status: 'ok', errors: [], nodes };
  const index = state.tree.files.length;
  state.tree.files.push(entry);
  if (asHttpBody) {
    // Read exactly what `wrapHttpContent` gives nginx: the text inside http, then `\n}\n`.
    state.virtualCloseLine = text.split('\n').length + 1;
    parseTopAsHttpBody(state, entry, new Tokenizer(`${text}\n}\n`), place.parent);
  } else {
    parseBlock(state, entry, new Tokenizer(text), false, place, entry.nodes);
  }
  return index;
}

/**
 * The top level of http-shaped text. A `}` there closes http, as it would in the wrapped
 * file; what follows is then read at main level, and the wrapper's own `}` is unexpected.
 */
function parseTopAsHttpBody(state: ParseState, entry: TreeFile, tokens: Tokenizer, root: ConfigNode): void {
  parseBlock(state, entry, tokens, true, { context: 'http', parent: root }, entry.nodes);
  state.tree.httpClosed = true;
  if (tokens.lastCloseLine === state.virtualCloseLine) return;
  parseBlock(state, entry, tokens, false, { context: 'main', parent: root }, entry.nodes);
}

function parseBlock(
  state: ParseState,
  entry: TreeFile,
  tokens: Tokenizer,
  inBlock: boolean,
  place: Place,
  out: ConfigNode[],
): void {
  const owner = place.parent;
  const context = place.context;
  const file = entry.file;
  // Directives are appended as they are read so that a partial tree survives a syntax error.
  for (;;) {
    const kind = tokens.next();
    if (kind === ERROR) {
      fail(state, entry, { file, line: tokens.tokenLine, error: tokens.message, code: tokens.code });
    }
    if (kind === CLOSE) {
      if (inBlock && owner.parent) {
        owner.span.blockEndLine = tokens.tokenLine;
        owner.span.blockEndCol = tokens.tokenCol;
        owner.span.blockEndOffset = tokens.endOffset;
      }
      if (!inBlock) {
        fail(state, entry, {
          file,
          line: tokens.tokenLine,
          error: 'unexpected "}"',
          code: 'unexpected-close-brace',
        });
      }
      return;
    }
    if (kind === EOF) {
      if (inBlock) {
        fail(state, entry, {
          file,
          line: tokens.tokenLine,
          error: 'unexpected end of file, expecting "}"',
          code: 'unexpected-eof-block',
        });
      }
      return;
    }
    const name = tokens.name;
    const isBlock = tokens.opensBlock;
    const block: ConfigNode[] | undefined = isBlock ? [] : undefined;
    const node: ConfigNode = {
      name,
      args: tokens.args,
      span: {
        file,
        line: tokens.nameLine,
        col: tokens.nameCol,
        endLine: tokens.endLine,
        endCol: tokens.endCol,
        offset: tokens.nameOffset,
        endOffset: tokens.endOffset,
      },
      context,
      opens: isBlock ? openedBy(name, context) : null,
      block,
      // As nginx reads it, a block is its text until an include is spliced in (`link`).
      children: block ?? NO_CHILDREN,
      parent: owner,
    };
    if (isBlock && isHandler(context)) {
      fail(state, entry, {
        file,
        line: tokens.endLine,
        error: 'unexpected "{"',
        code: 'unexpected-open-brace',
      });
    }
    if (isBlock && state.nesting >= MAX_BLOCK_DEPTH) {
      fail(state, entry, {
        file,
        line: tokens.endLine,
        error: `blocks nested more than ${MAX_BLOCK_DEPTH} levels deep are not supported by the simulator`,
        code: 'engine-nesting-too-deep',
      });
    }
    if (++state.directives > state.maxDirectives) {
      const maxDirectives = state.maxDirectives;
      fail(state, entry, {
        file,
        line: node.span.line,
        error: `the config has more than ${maxDirectives} directives; the simulator reads at most ${maxDirectives}`,
        code: 'engine-too-many-directives',
        explain: { code: 'too-many-directives', params: { limit: maxDirectives } },
      });
    }
    out.push(node);
    if (node.block) {
      state.nesting++;
      parseBlock(state, entry, tokens, true, { context: node.opens!, parent: node }, node.block);
      state.nesting--;
    } else if (name === 'include' && node.args.length === 1) {
      state.sawInclude = true;
      node.includes = expandInclude(state, entry, node, tokens.endLine, place);
    }
  }
}

function expandInclude(
  state: ParseState,
  entry: TreeFile,
  node: ConfigNode,
  line: number,
  place: Place,
): number[] {
  const pattern = node.args[0]!;
  const full = fullIncludeName(pattern, state.mainFile);
  const files = state.options.resolveInclude?.(pattern, entry.file) ?? null;
  if (files !== null && !Array.isArray(files))
    fail(state, entry, { file: entry.file, line, error: files.error, code: files.code });
  if (files === null || (files.length === 0 && !hasGlob(pattern))) {
    if (hasGlob(pattern)) return [];
    const missing: ConfigError = {
      file: entry.file,
      line,
      error: `open() "${full}" failed (2: No such file or directory)`,
      code: 'include-not-found',
    };
    if (state.options.missingIncludes !== 'skip') fail(state, entry, missing);
    state.tree.skippedIncludes = [...(state.tree.skippedIncludes ?? []), missing];
    return [];
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
      indexes.push(parseFile(state, included.file, included.text, place));
    }
  } finally {
    state.depth--;
  }
  return indexes;
}

/** A block's directives as nginx reads them: each `include` replaced by its files' directives. */
function splice(list: ConfigNode[], files: TreeFile[]): ConfigNode[] {
  let i = 0;
  while (i < list.length && !list[i]!.includes) i++;
  if (i === list.length) return list;
  const out = list.slice(0, i);
  for (; i < list.length; i++) {
    const n = list[i]!;
    if (!n.includes) out.push(n);
    else
      for (const index of n.includes) for (const m of splice(files[index]?.nodes ?? [], files)) out.push(m);
  }
  return out;
}

/**
 * Back to no children everywhere, before `link`: a file whose include failed stays out of the
 * tree nginx reads, and so do its blocks' contents.
 */
function unlink(files: TreeFile[]): void {
  const clear = (list: ConfigNode[]): void => {
    for (const node of list) {
      if (!node.block) continue;
      node.children = NO_CHILDREN;
      clear(node.block);
    }
  };
  for (const file of files) clear(file.nodes);
}

/** Fills in every block's `children`, once the whole text (or as much as nginx reads) is read. */
function link(node: ConfigNode, files: TreeFile[]): void {
  if (!node.block) return;
  const children = splice(node.block, files);
  node.children = children;
  for (let i = 0; i < children.length; i++) link(children[i]!, files);
}

/**
 * Parses config text into the config tree. Never throws: syntax errors end up in `errors`
 * (nginx's wording, the line nginx prints) and parsing stops there, as in nginx.
 * `toCrossplane` turns the result into crossplane's JSON envelope.
 */
export function parseConfig(text: string, options: ParseOptions = {}): ConfigTree {
  const limit = options.maxBytes ?? MAX_CONFIG_BYTES;
  if (exceedsBytes(text, limit)) return tooLarge(text, options.file ?? 'nginx.conf', limit);
  const probe = read(text, options, false);
  if (configForm(probe) === 'main') return probe;
  return read(text, options, true);
}

function emptyTree(file: string, form: ConfigForm): ConfigTree {
  const span: NodeSpan = { file, line: 0, col: 1, endLine: 0, endCol: 1, offset: 0, endOffset: 0 };
  const root: ConfigNode = {
    name: '',
    args: [],
    span,
    context: 'main',
    opens: form === 'main' ? 'main' : 'http',
    block: [],
    children: [],
    parent: null,
  };
  return { status: 'ok', errors: [], files: [], form, httpClosed: false, root };
}

function tooLarge(text: string, file: string, limit: number): ConfigTree {
  const error: ConfigError = {
    file,
    line: null,
    error: tooLargeMessage('the config', utf8Bytes(text), limit),
    code: 'engine-config-too-large',
  };
  const tree = emptyTree(file, 'main');
  tree.status = 'failed';
  tree.errors.push(error);
  tree.files.push({ file, status: 'failed', errors: [error], nodes: tree.root.block! });
  return tree;
}

function read(text: string, options: ParseOptions, asHttpBody: boolean): ConfigTree {
  const file = options.file ?? 'nginx.conf';
  const tree = emptyTree(file, asHttpBody ? 'http' : 'main');
  const state: ParseState = {
    tree,
    options,
    mainFile: file,
    depth: 0,
    nesting: 0,
    directives: 0,
    maxDirectives: options.maxDirectives ?? MAX_DIRECTIVES,
    sawInclude: false,
  };
  const root = tree.root;
  try {
    parseFile(state, file, text, { context: root.opens!, parent: root }, asHttpBody, root.block);
  } catch (error) {
    if (!(error instanceof Fatal)) throw error;
  }
  if (state.sawInclude) {
    unlink(tree.files);
    link(root, tree.files);
  } else {
    root.children = root.block!;
  }
  return tree;
}
