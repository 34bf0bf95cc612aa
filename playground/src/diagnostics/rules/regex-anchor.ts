import type { CodeTable } from '../../message';
import type { RuleContext } from '../context';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, locationLabel } from '../rule';
import type { Node } from '../tree';
import type { TextEdit } from '../types';

const regexLocationUnanchoredCodes = {
  'ws-regex-location-unanchored.message': ['location', 'example'],
  'ws-regex-location-unanchored.explanation': [],
  'ws-regex-location-unanchored.fix': [],
} as const satisfies CodeTable;

const say = ruleMessages(regexLocationUnanchoredCodes);

/**
 * A regex written like a path prefix (`~ /.well-known`, `~ /api`): nginx searches the whole
 * URI, so it also takes `/x/.well-known` (and `.` is any character), and a regex beats every
 * prefix location. Patterns that read as "anywhere" on purpose are left alone: an escaped
 * first character (`~ /\.ht`, dot files anywhere) or an end anchor (`~ /websocket$`, a suffix).
 */
const prefixLike = /^\/[A-Za-z0-9_.-]/;

/** Inserts `^` before the pattern, found on the location's line in the source (when given). */
function anchorEdit(ctx: RuleContext, node: Node, pattern: string): TextEdit | null {
  const span = ctx.span(node);
  const line = ctx.options.sources?.[span.file]?.split('\n')[span.line - 1];
  if (line === undefined) return null;
  const at = line.indexOf(pattern, span.col - 1 + 'location'.length);
  if (at < 0) return null;
  return {
    file: span.file,
    from: { line: span.line, col: at + 1 },
    to: { line: span.line, col: at + 1 },
    insert: '^',
  };
}

export const regexLocationUnanchored = defineRule({
  id: 'ws-regex-location-unanchored',
  guide: '/guides/troubleshooting/#t-regex',
  scenario: 'diagnostics/ws-regex-location-unanchored.yaml',
  codes: regexLocationUnanchoredCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const node of ctx.locations) {
      const location = ctx.model.locationOf(node);
      if (!location || (location.modifier !== '~' && location.modifier !== '~*')) continue;
      const pattern = location.pattern;
      if (!prefixLike.test(pattern) || pattern.endsWith('$')) continue;
      const edit = anchorEdit(ctx, node, pattern);
      findings.push({
        node,
        severity: 'info',
        message: say('ws-regex-location-unanchored.message', {
          location: locationLabel(node),
          example: `/x${pattern.replace(/[\\^$()[\]{}|?*+]/g, '')}`,
        }),
        explanation: say('ws-regex-location-unanchored.explanation'),
        ...(edit ? { fix: { title: say('ws-regex-location-unanchored.fix'), edits: [edit] } } : {}),
      });
    }
    return findings;
  },
});
