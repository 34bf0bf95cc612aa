/**
 * Rewrites directives in config text by their spans without moving any line: nginx's messages
 * must name the scenario's own lines. A re-written directive keeps its `;` or `{` on the line
 * where it was (nginx reports a directive's errors against that line); a blanked one leaves
 * spaces and its newlines.
 */
import type { Span } from '../../src/index';
import { offsetOf } from './config-tree';

export type Edit =
  | { kind: 'words'; span: Span; words: string[] }
  | { kind: 'blank'; span: Span }
  /** Text (no newline) inserted where a block's `{` ends, e.g. the runner's own http settings. */
  | { kind: 'insert'; span: Span; text: string };

/** One word as nginx's tokenizer reads it back unchanged; never spreads over lines. */
export function quoteWord(value: string): string {
  if (value !== '' && !/[\s;{}"'#\\]/.test(value)) return value;
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

function lineBreaks(text: string): number {
  let n = 0;
  for (const c of text) if (c === '\n') n++;
  return n;
}

/** Applies edits to one file's text; every line keeps its number. */
export function applyEdits(text: string, edits: Edit[]): string {
  const placed = edits.map((edit) => {
    const start = offsetOf(text, edit.span.line, edit.span.col);
    const end = offsetOf(text, edit.span.endLine, edit.span.endCol);
    return { edit, start, end };
  });
  placed.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const { edit, start, end } of placed) {
    if (end > limit) throw new Error(`overlapping config edits at line ${edit.span.line}`);
    const original = out.slice(start, end);
    let replacement: string;
    if (edit.kind === 'insert') {
      replacement = `${original} ${edit.text} `;
    } else if (edit.kind === 'blank') {
      replacement = original.replace(/[^\n]/g, ' ');
    } else {
      const terminator = original.slice(-1);
      if (terminator !== ';' && terminator !== '{') {
        throw new Error(`config edit at line ${edit.span.line} does not end a directive`);
      }
      const breaks = lineBreaks(original);
      const gap = breaks ? '\n'.repeat(breaks) : terminator === '{' ? ' ' : '';
      replacement = `${edit.words.map(quoteWord).join(' ')}${gap}${terminator}`;
    }
    out = out.slice(0, start) + replacement + out.slice(end);
    limit = start;
  }
  return out;
}
