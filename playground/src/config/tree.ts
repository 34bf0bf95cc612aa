/**
 * The parsed config as the one tree every part of the engine reads: each directive with its
 * source span, the context nginx reads it in, its block as written and as nginx reads it
 * (`include`d files spliced in place), and its parent. crossplane's JSON is produced from it
 * (`crossplane.ts`), never stored in it; what a block inherits is answered by `inherit.ts`.
 */
import type { ConfigError, Span } from './ast';
import type { ContextName, DirectiveName } from './directives';
import type { ConfigForm } from './form';

/** Blocks whose body a module's own handler reads: entries there are not directives. */
export type HandlerContext = 'map' | 'types' | 'geo' | 'split_clients' | 'charset_map' | 'match';

/**
 * Where a directive is read: one of nginx's contexts (named as in `directives.ts`), the body of
 * a handler block, or `other` inside a block the engine does not read (`stream`, a typo).
 */
export type Context = ContextName | HandlerContext | 'other';

/** A directive's span with character offsets into its file's text, for editors. */
export interface NodeSpan extends Span {
  /** Index of the directive name's first character (its opening quote, if quoted). */
  offset: number;
  /** Index just past the terminating `;` or `{`. */
  endOffset: number;
  /** For blocks: index just past the closing `}` (absent when the file ended first). */
  blockEndOffset?: number;
}

export interface ConfigNode {
  /** The directive's name as written (a `map` entry's key inside `map`). */
  readonly name: string;
  readonly args: string[];
  readonly span: NodeSpan;
  /** The context the directive is read in (`main` after a `}` that closed http early). */
  readonly context: Context;
  /** The context its block opens; null for a simple directive. */
  readonly opens: Context | null;
  /** The block as written in its own file, `include` directives kept; absent for a simple directive. */
  readonly block?: ConfigNode[];
  /** The block as nginx reads it: every `include` replaced by what it pulled in, recursively. */
  children: ConfigNode[];
  /** The block this directive is read in (for an included file's directives, the includer's). */
  readonly parent: ConfigNode | null;
  /** For `include`: indexes into `ConfigTree.files` of the files it pulled in. */
  includes?: number[];
}

/** One file read: the main config or one an `include` pulled in (once per include). */
export interface TreeFile {
  file: string;
  status: 'ok' | 'failed';
  errors: ConfigError[];
  /** Its top-level directives as written. */
  nodes: ConfigNode[];
}

export interface ConfigTree {
  status: 'ok' | 'failed';
  /** Syntax and include errors, nginx-worded; reading stops at the first, as in nginx. */
  errors: ConfigError[];
  /** Includes of files that do not exist, read past because `missingIncludes: 'skip'` asked so. */
  skippedIncludes?: ConfigError[];
  /** The main file first, then every included file in the order nginx reads them. */
  files: TreeFile[];
  /** How the text was read: a whole nginx.conf, or what goes inside `http { }`. */
  form: ConfigForm;
  /** For http-shaped text: the http contents were closed, so nginx's end-of-http checks ran. */
  httpClosed: boolean;
  /**
   * A nameless node holding the main file: it opens `main`, or `http` for http-shaped text
   * (whose top level then is the http level).
   */
  root: ConfigNode;
}

/** Where a directive comes from, as errors and explanations cite it. */
export interface Source {
  file: string;
  line: number;
}

export function sourceOf(node: ConfigNode): Source {
  return { file: node.span.file, line: node.span.line };
}

/**
 * The directive's name, typed: comparing it with a misspelt name does not compile. (A name
 * nginx does not know is no `DirectiveName`, and simply equals none of them.)
 */
export function nameOf(node: ConfigNode): DirectiveName {
  return node.name as DirectiveName;
}

/** Whether the node is the directive `name`. */
export function is(node: ConfigNode, name: DirectiveName): boolean {
  return node.name === name;
}

/** The node's own directives of one name, in the order nginx reads them. */
export function own(node: ConfigNode, name: DirectiveName): ConfigNode[] {
  return node.children.filter((c) => c.name === name);
}

/** Every node below `node`, depth first in the order nginx reads them. */
export function descendants(node: ConfigNode): ConfigNode[] {
  const out: ConfigNode[] = [];
  const walk = (n: ConfigNode) => {
    for (const c of n.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

/** The nearest enclosing block that opens `context`, or null. */
export function enclosing(node: ConfigNode, context: Context): ConfigNode | null {
  for (let n = node.parent; n; n = n.parent) if (n.opens === context) return n;
  return null;
}

/** An `if` block of the rewrite module (in a server or in a location). */
export function isIfBlock(node: ConfigNode): boolean {
  return node.opens === 'if in location' || node.opens === 'if in server';
}
