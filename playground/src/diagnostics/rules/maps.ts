import type { CodeTable } from '../../message';
import type { RuleContext } from '../context';
import { insertInto } from '../edits';
import { effectiveHeaders, findHeader, variablesIn } from '../headers';
import { type MapInfo, readsUpgrade } from '../maps';
import { ruleMessages } from '../messages';
import { defineRule, type Finding } from '../rule';
import { keepaliveUpstream } from './keepalive-state';

const mapNoDefaultCodes = {
  'ws-map-no-default.message': ['source', 'variable'],
  'ws-map-no-default.explanation': [],
  'ws-map-no-default.fix': [],
} as const satisfies CodeTable;

const mapNoEmptyKeyCodes = {
  'ws-map-no-empty-key.message': ['source', 'variable', 'value'],
  'ws-map-no-empty-key.explanation': [],
  'ws-map-no-empty-key.fix': ['entry'],
} as const satisfies CodeTable;

const say = ruleMessages({ ...mapNoDefaultCodes, ...mapNoEmptyKeyCodes });

/** Maps that feed a Connection header, or read $http_upgrade (the WebSocket idiom). */
function connectionMaps(ctx: RuleContext): MapInfo[] {
  const used = new Set<string>();
  for (const loc of ctx.locations) {
    const c = findHeader(effectiveHeaders(ctx.model, loc), 'connection');
    if (c) for (const v of variablesIn(c.value)) used.add(v);
  }
  return ctx.maps.filter((m) => readsUpgrade(m) || used.has(m.variable));
}

/** Whether any location sending this map's variable as Connection proxies to a keepalive upstream. */
function feedsKeepalive(ctx: RuleContext, map: MapInfo): boolean {
  return ctx.locations.some((loc) => {
    const c = findHeader(effectiveHeaders(ctx.model, loc), 'connection');
    return (
      c !== undefined && variablesIn(c.value).includes(map.variable) && keepaliveUpstream(ctx, loc) !== null
    );
  });
}

export const mapNoDefault = defineRule({
  id: 'ws-map-no-default',
  guide: '/guides/map-connection-upgrade/',
  scenario: 'conformance/map-no-default-unknown-upgrade.yaml',
  codes: mapNoDefaultCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const map of connectionMaps(ctx)) {
      if (map.default) continue;
      findings.push({
        node: map.node,
        severity: 'warning',
        message: say('ws-map-no-default.message', { source: map.source, variable: map.variable }),
        explanation: say('ws-map-no-default.explanation'),
        fix: {
          title: say('ws-map-no-default.fix'),
          edits: [insertInto(ctx, map.node, ['default upgrade;'])],
        },
      });
    }
    return findings;
  },
});

export const mapNoEmptyKey = defineRule({
  id: 'ws-map-no-empty-key',
  guide: '/guides/map-connection-upgrade/',
  codes: mapNoEmptyKeyCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const map of connectionMaps(ctx)) {
      if (!readsUpgrade(map) || map.entries.some((e) => e.key === '')) continue;
      if (!/\bupgrade\b/i.test(map.default?.value ?? '')) continue;
      const keepalive = feedsKeepalive(ctx, map);
      const entry = keepalive ? '\'\'      "";' : "''      close;";
      findings.push({
        node: map.node,
        severity: 'warning',
        message: say('ws-map-no-empty-key.message', {
          source: map.source,
          variable: map.variable,
          value: map.default?.value ?? '',
        }),
        explanation: say('ws-map-no-empty-key.explanation'),
        fix: {
          title: say('ws-map-no-empty-key.fix', { entry }),
          edits: [insertInto(ctx, map.node, [entry], map.default?.node)],
        },
      });
    }
    return findings;
  },
});
