import type { CodeTable } from '../../message';
import { indentOf, replaceDirective } from '../edits';
import { effectiveHeaders, findHeader, variablesIn } from '../headers';
import { type MapInfo, readsUpgrade } from '../maps';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, locationLabel } from '../rule';

const upgradeAnyProtocolCodes = {
  'ws-upgrade-any-protocol.message': ['variable', 'location'],
  'ws-upgrade-any-protocol.explanation': [],
  'ws-upgrade-any-protocol.fix': [],
} as const satisfies CodeTable;

const say = ruleMessages(upgradeAnyProtocolCodes);

/**
 * `map $http_upgrade $connection_upgrade { default upgrade; '' close; }` says "upgrade" for any
 * Upgrade value, not only websocket: with `Upgrade: h2c` the backend is asked to switch to
 * cleartext HTTP/2, and a backend that does so gives the client a tunnel past nginx's locations
 * and access rules (h2c smuggling). The map should say upgrade for websocket only.
 */
function upgradesAnything(map: MapInfo): boolean {
  const value = map.default?.value ?? '';
  return /\bupgrade\b/i.test(value);
}

export const upgradeAnyProtocol = defineRule({
  id: 'ws-upgrade-any-protocol',
  guide: '/guides/edge-security/',
  scenario: 'guides/sec-upgrade-any.yaml',
  codes: upgradeAnyProtocolCodes,
  check(ctx) {
    const findings: Finding[] = [];
    const reported = new Set<MapInfo>();
    for (const ws of ctx.ws) {
      const headers = effectiveHeaders(ctx.model, ws.node);
      const upgrade = findHeader(headers, 'upgrade');
      const connection = findHeader(headers, 'connection');
      // Only when the client's Upgrade value reaches the backend as is.
      if (!upgrade || !variablesIn(upgrade.value).some((v) => v.toLowerCase() === 'http_upgrade')) continue;
      const vars = connection ? variablesIn(connection.value) : [];
      const map = vars.length === 1 ? ctx.mapFor(vars[0] ?? '') : undefined;
      if (!map || !readsUpgrade(map) || !upgradesAnything(map) || reported.has(map)) continue;
      reported.add(map);
      const def = map.default!;
      findings.push({
        node: def.node,
        severity: 'info',
        message: say('ws-upgrade-any-protocol.message', {
          variable: `$${map.variable}`,
          location: locationLabel(ws.node),
        }),
        explanation: say('ws-upgrade-any-protocol.explanation'),
        fix: {
          title: say('ws-upgrade-any-protocol.fix'),
          edits: [
            replaceDirective(ctx, def.node, `websocket upgrade;\n${indentOf(ctx, def.node)}default close;`),
          ],
        },
      });
    }
    return findings;
  },
});
