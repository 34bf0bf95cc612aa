import type { CodeTable, Message } from '../../message';
import { proxyPassOf } from '../context';
import { replaceDirective } from '../edits';
import { effectiveHeaders, findHeader, variablesIn } from '../headers';
import { valueForEmpty } from '../maps';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, locationLabel } from '../rule';
import type { Node } from '../tree';
import { hasModernProxyDefaults } from '../units';
import { addHeaders } from './header-fix';
import { keepaliveUpstream } from './keepalive-state';

const keepaliveConnectionCloseCodes = {
  'ws-keepalive-connection-close.explanation': [],
  'ws-keepalive-connection-close.message': ['location', 'upstream', 'how'],
  'ws-keepalive-connection-close.default-close': [],
  'ws-keepalive-connection-close.map-close': ['variable'],
  'ws-keepalive-connection-close.close': [],
  'ws-keepalive-connection-close.fix-add': [],
  'ws-keepalive-connection-close.fix-map': [],
  'ws-keepalive-connection-close.fix-use': [],
} as const satisfies CodeTable;

const say = ruleMessages(keepaliveConnectionCloseCodes);

export const keepaliveConnectionClose = defineRule({
  id: 'ws-keepalive-connection-close',
  guide: '/guides/load-balancing/',
  scenario: 'conformance/keepalive-missing-connection-reset.yaml',
  codes: keepaliveConnectionCloseCodes,
  check(ctx) {
    const findings: Finding[] = [];
    const reported = new Set<Node>();
    for (const loc of ctx.locations) {
      if (!proxyPassOf(loc)) continue;
      const upstream = keepaliveUpstream(ctx, loc);
      if (!upstream) continue;
      const name = upstream.upstream.args[0] ?? '';
      const conn = findHeader(effectiveHeaders(ctx.model, loc), 'connection');
      const message = (how: Message) =>
        say('ws-keepalive-connection-close.message', { location: locationLabel(loc), upstream: name, how });
      const explanation = say('ws-keepalive-connection-close.explanation');
      if (!conn) {
        if (hasModernProxyDefaults(ctx.nginxVersion)) continue;
        if (ctx.ws.some((w) => w.node === loc)) continue; // ws-connection-not-set covers it
        findings.push({
          node: loc,
          severity: 'warning',
          message: message(say('ws-keepalive-connection-close.default-close')),
          explanation,
          fix: {
            title: say('ws-keepalive-connection-close.fix-add'),
            edits: [addHeaders(ctx, loc, ['proxy_set_header Connection "";'])],
          },
        });
        continue;
      }
      const vars = variablesIn(conn.value);
      const map = vars.length === 1 ? ctx.mapFor(vars[0] ?? '') : undefined;
      const plainValue = map ? valueForEmpty(map) : vars.length === 0 ? conn.value : null;
      if (plainValue === null || !/\bclose\b/i.test(plainValue)) continue;
      const emptyEntry = map?.entries.find((e) => e.key === '');
      const node = emptyEntry?.node ?? conn.node;
      if (reported.has(node)) continue;
      reported.add(node);
      findings.push({
        node,
        severity: 'warning',
        message: message(
          map
            ? say('ws-keepalive-connection-close.map-close', { variable: map.variable })
            : say('ws-keepalive-connection-close.close'),
        ),
        explanation,
        ...(emptyEntry
          ? {
              fix: {
                title: say('ws-keepalive-connection-close.fix-map'),
                edits: [replaceDirective(ctx, emptyEntry.node, '\'\'      "";')],
              },
            }
          : map
            ? {}
            : {
                fix: {
                  title: say('ws-keepalive-connection-close.fix-use'),
                  edits: [replaceDirective(ctx, conn.node, 'proxy_set_header Connection "";')],
                },
              }),
      });
    }
    return findings;
  },
});
