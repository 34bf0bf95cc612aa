import { codePointName, INVISIBLE_CHARS, showInvisible } from '../../config/invisible';
import type { CodeTable } from '../../message';
import { ruleMessages } from '../messages';
import { defineRule, type Finding } from '../rule';
import { descendants, type Node } from '../tree';
import type { TextEdit } from '../types';

const invisibleCharacterCodes = {
  'ws-invisible-character.message': ['code', 'word', 'line'],
  'ws-invisible-character.explanation': [],
  'ws-invisible-character.fix': [],
} as const satisfies CodeTable;

const say = ruleMessages(invisibleCharacterCodes);

/**
 * Invisible characters in the config text (see config/invisible.ts), one finding per line, with
 * a fix that deletes them.
 */

/** The word around `index` with each invisible character shown as `⟨U+200B⟩`. */
function visibleWord(line: string, index: number): string {
  let start = index;
  while (start > 0 && !/\s/.test(line[start - 1]!)) start--;
  let end = index;
  while (end < line.length && !/\s/.test(line[end]!)) end++;
  const word = line.slice(start, end);
  const shown = showInvisible(word);
  return shown.length > 60 ? `${shown.slice(0, 59)}…` : shown;
}

/** The innermost node of `file` whose span covers `line` (the file's first node otherwise). */
function nodeAt(nodes: Node[], file: string, line: number): Node | undefined {
  let best: Node | undefined;
  for (const n of nodes) {
    const s = n.span;
    if (s.file !== file) continue;
    const end = s.blockEndLine ?? s.endLine;
    if (s.line <= line && line <= end) best = n;
  }
  return best ?? nodes.find((n) => n.span.file === file);
}

export const invisibleCharacter = defineRule({
  id: 'ws-invisible-character',
  guide: '/guides/troubleshooting/',
  codes: invisibleCharacterCodes,
  check(ctx) {
    const findings: Finding[] = [];
    const nodes = descendants(ctx.root);
    const INVISIBLE = new RegExp(INVISIBLE_CHARS.source, 'g');
    for (const { file } of ctx.parse.files) {
      const text = ctx.options.sources?.[file];
      if (text === undefined) continue;
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        const hits = [...line.matchAll(INVISIBLE)];
        if (hits.length === 0) return;
        const lineNo = i + 1;
        const first = hits[0]!;
        const node = nodeAt(nodes, file, lineNo) ?? ctx.root;
        const code = [...new Set(hits.map((h) => codePointName(h[0])))].join(', ');
        const word = visibleWord(line, first.index);
        const edits: TextEdit[] = hits.map((h) => ({
          file,
          from: { line: lineNo, col: h.index + 1 },
          to: { line: lineNo, col: h.index + 1 + h[0].length },
          insert: '',
        }));
        findings.push({
          node,
          span: {
            file,
            line: lineNo,
            col: first.index + 1,
            endLine: lineNo,
            endCol: first.index + 1 + first[0].length,
          },
          severity: 'warning',
          message: say('ws-invisible-character.message', { code, word, line: lineNo }),
          explanation: say('ws-invisible-character.explanation'),
          fix: {
            title: say('ws-invisible-character.fix'),
            edits,
          },
        });
      });
    }
    return findings;
  },
});
