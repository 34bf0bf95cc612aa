import type { CodeTable } from '../../message';
import { appendArgument } from '../edits';
import { inherited } from '../headers';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, locationLabel } from '../rule';
import { isIfBlock, type Node } from '../tree';
import type { Severity } from '../types';

const addHeaderNotOn101Codes = {
  'ws-add-header-not-on-101.where-more': ['shown', 'more'],
  'ws-add-header-not-on-101.message.one': ['where', 'list'],
  'ws-add-header-not-on-101.message.other': ['where', 'list'],
  'ws-add-header-not-on-101.explanation': ['detail'],
  'ws-add-header-not-on-101.critical.one': ['headers'],
  'ws-add-header-not-on-101.critical.other': ['headers'],
  'ws-add-header-not-on-101.security': [],
  'ws-add-header-not-on-101.fix': ['list'],
} as const satisfies CodeTable;

const say = ruleMessages(addHeaderNotOn101Codes);

/**
 * add_header without `always` only applies to 200, 201, 204, 206, 301, 302, 303, 304, 307
 * and 308 (ngx_http_headers_filter), never to the 101 of a WebSocket handshake. Checked on
 * the add_header list each WebSocket location really uses: the innermost level with any
 * add_header (the location, or the server or http it inherits from), and the `if` blocks
 * inside the location, whose own list replaces it when true.
 */

/** Headers that only mean something on the handshake response: losing them there changes what the client does. */
const handshakeOnly = /^(set-cookie|sec-websocket-.*)$/i;

function withoutAlways(nodes: Node[]): Node[] {
  // `add_header name value` (two arguments): no `always`; an empty value is never sent anyway.
  return nodes.filter((n) => n.args.length === 2 && n.args[1] !== '');
}

export const addHeaderNotOn101 = defineRule({
  id: 'ws-add-header-not-on-101',
  guide: '/guides/troubleshooting/#t-add-header',
  scenario: 'conformance/add-header-not-on-101.yaml',
  codes: addHeaderNotOn101Codes,
  check(ctx) {
    // One finding per level that holds the lines, naming every WebSocket location using it.
    const byLevel = new Map<Node, { lines: Node[]; users: Node[] }>();
    for (const ws of ctx.ws) {
      const levels = [
        inherited(ctx.model, ws.node, 'add_header'),
        ...ws.node.children
          .filter(isIfBlock)
          .map((c) => inherited(ctx.model, c, 'add_header'))
          .filter((x) => x !== null && isIfBlock(x.level)),
      ];
      for (const set of levels) {
        if (!set) continue;
        const lines = withoutAlways(set.nodes);
        if (lines.length === 0) continue;
        const entry = byLevel.get(set.level) ?? { lines, users: [] };
        entry.users.push(ws.node);
        byLevel.set(set.level, entry);
      }
    }
    const findings: Finding[] = [];
    for (const { lines, users } of byLevel.values()) {
      const names = lines.map((n) => n.args[0] ?? '');
      const list = [...new Set(names)].join(', ');
      const shown = users.slice(0, 3).map(locationLabel).join(', ');
      const where =
        users.length > 3
          ? say('ws-add-header-not-on-101.where-more', { shown, more: users.length - 3 })
          : shown;
      const critical = [...new Set(names.filter((n) => handshakeOnly.test(n)))];
      const severity: Severity = critical.length > 0 ? 'warning' : 'info';
      const plural = lines.length > 1;
      findings.push({
        node: lines[0]!,
        severity,
        message: say(`ws-add-header-not-on-101.message.${plural ? 'other' : 'one'}`, { where, list }),
        explanation: say('ws-add-header-not-on-101.explanation', {
          detail:
            critical.length > 0
              ? say(`ws-add-header-not-on-101.critical.${critical.length > 1 ? 'other' : 'one'}`, {
                  headers: critical,
                })
              : say('ws-add-header-not-on-101.security'),
        }),
        fix: {
          title: say('ws-add-header-not-on-101.fix', { list }),
          edits: lines.map((n) => appendArgument(ctx, n, 'always')),
        },
      });
    }
    return findings;
  },
});
