import { quoteArgument } from '../config/print';
import type { RuleContext } from './context';
import type { Node } from './tree';
import type { Position, TextEdit } from './types';

/**
 * Text edits for fixes. Spans end just past a directive's `;` or `{`, so new directives go
 * after a simple directive, or right after a block's `{`, or before a block directive.
 */

export function renderDirective(name: string, args: string[]): string {
  return `${[name, ...args.map(quoteArgument)].join(' ')};`;
}

function lineText(ctx: RuleContext, file: string, line: number): string | undefined {
  const text = ctx.options.sources?.[file];
  return text?.split('\n')[line - 1];
}

/** Leading whitespace of the node's line (from the source when given, else spaces up to its column). */
export function indentOf(ctx: RuleContext, node: Node): string {
  const span = ctx.span(node);
  const text = lineText(ctx, span.file, span.line);
  if (text !== undefined) {
    const lead = /^[ \t]*/.exec(text)?.[0] ?? '';
    if (lead.length === span.col - 1) return lead;
  }
  return ' '.repeat(Math.max(0, span.col - 1));
}

/** One indentation step inside `block`: copied from an existing child, else 4 spaces (a tab in tab files). */
function childIndent(ctx: RuleContext, block: Node): string {
  const child = block.children.find((c) => c.span.file === block.span.file);
  if (child && ctx.span(child).line !== ctx.span(block).line) return indentOf(ctx, child);
  const own = indentOf(ctx, block);
  return own + (own.includes('\t') ? '\t' : '    ');
}

function endOf(ctx: RuleContext, node: Node): Position {
  const s = ctx.span(node);
  return { line: s.endLine, col: s.endCol };
}

/** Inserts directive lines after a simple directive, at its indentation. */
export function insertAfter(ctx: RuleContext, node: Node, lines: string[]): TextEdit {
  const indent = indentOf(ctx, node);
  const at = endOf(ctx, node);
  return {
    file: ctx.span(node).file,
    from: at,
    to: at,
    insert: lines.map((l) => `\n${indent}${l}`).join(''),
  };
}

/** Inserts directive lines before a (block) directive, at its indentation. */
export function insertBefore(ctx: RuleContext, node: Node, lines: string[]): TextEdit {
  const indent = indentOf(ctx, node);
  const s = ctx.span(node);
  const at = { line: s.line, col: s.col };
  return {
    file: s.file,
    from: at,
    to: at,
    insert: `${lines.map((l, i) => (i === 0 ? l : `${indent}${l}`)).join('\n')}\n${indent}`,
  };
}

/**
 * Inserts directive lines into a block: after `anchor` when given (a simple directive in
 * the block), else right after the block's `{`.
 */
export function insertInto(ctx: RuleContext, block: Node, lines: string[], anchor?: Node): TextEdit {
  if (anchor) return insertAfter(ctx, anchor, lines);
  const indent = childIndent(ctx, block);
  const at = endOf(ctx, block);
  return {
    file: ctx.span(block).file,
    from: at,
    to: at,
    insert: lines.map((l) => `\n${indent}${l}`).join(''),
  };
}

/** Replaces a whole simple directive with new text. */
export function replaceDirective(ctx: RuleContext, node: Node, text: string): TextEdit {
  const s = ctx.span(node);
  return {
    file: s.file,
    from: { line: s.line, col: s.col },
    to: { line: s.endLine, col: s.endCol },
    insert: text,
  };
}

/**
 * Adds an argument at the end of a simple directive, right before its `;`, leaving the rest
 * of the line as written (quotes, spacing).
 */
export function appendArgument(ctx: RuleContext, node: Node, arg: string): TextEdit {
  const s = ctx.span(node);
  const text = lineText(ctx, s.file, s.endLine);
  if (text !== undefined && text[s.endCol - 2] !== ';')
    return replaceDirective(ctx, node, renderDirective(node.name, [...node.args, arg]));
  const at = { line: s.endLine, col: s.endCol - 1 };
  return { file: s.file, from: at, to: at, insert: ` ${quoteArgument(arg)}` };
}

/** Removes a simple directive; the whole line when the source shows nothing else on it. */
export function removeDirective(ctx: RuleContext, node: Node): TextEdit {
  const s = ctx.span(node);
  const text = lineText(ctx, s.file, s.line);
  const alone =
    text !== undefined &&
    s.line === s.endLine &&
    text.slice(0, s.col - 1).trim() === '' &&
    /^\s*(#.*)?$/.test(text.slice(s.endCol - 1));
  if (alone)
    return { file: s.file, from: { line: s.line, col: 1 }, to: { line: s.line + 1, col: 1 }, insert: '' };
  return replaceDirective(ctx, node, '');
}

/**
 * Applies edits to one file's text (positions 1-based; edits must not overlap). Used by the
 * playground's "apply fix" and by tests that check a fix really silences its rule.
 */
export function applyEdits(text: string, edits: Array<Pick<TextEdit, 'from' | 'to' | 'insert'>>): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => {
    const start = lineStarts[p.line - 1];
    if (start === undefined) return text.length;
    const next = lineStarts[p.line] ?? text.length + 1;
    return Math.min(start + p.col - 1, next - 1, text.length);
  };
  const sorted = [...edits].sort((a, b) => offset(b.from) - offset(a.from));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.from)) + e.insert + out.slice(offset(e.to));
  return out;
}
