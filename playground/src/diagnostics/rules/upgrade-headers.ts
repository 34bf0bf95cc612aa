import type { CodeTable } from '../../message';
import { possibleValues, type RuleContext } from '../context';
import { replaceDirective } from '../edits';
import { effectiveHeaders, findHeader, type HeaderEntry, variablesIn } from '../headers';
import type { MapInfo } from '../maps';
import { ruleMessages } from '../messages';
import { defineRule, evidenceNote, type Finding, locationLabel, wsSeverity } from '../rule';
import type { Node } from '../tree';
import type { TextEdit } from '../types';
import { hasModernProxyDefaults } from '../units';
import { addHeaders, defineMap, upgradeMap } from './header-fix';
import { keepaliveUpstream } from './keepalive-state';

const upgradeNotForwardedCodes = {
  'ws-upgrade-not-forwarded.message': ['location'],
  'ws-upgrade-not-forwarded.explanation': ['note'],
  'ws-upgrade-not-forwarded.fix': [],
} as const satisfies CodeTable;

const connectionNotSetCodes = {
  'ws-connection-not-set.never-upgrade': ['location', 'values'],
  'ws-connection-not-set.never-upgrade-explanation': [],
  'ws-connection-not-set.sends-none': [],
  'ws-connection-not-set.sends-close': [],
  'ws-connection-not-set.message': ['location', 'nginx', 'sent'],
  'ws-connection-not-set.explanation': [],
  'ws-connection-not-set.fix': [],
} as const satisfies CodeTable;

const connectionHardcodedUpgradeCodes = {
  'ws-connection-hardcoded-upgrade.message': ['value'],
  'ws-connection-hardcoded-upgrade.explanation': [],
} as const satisfies CodeTable;

const connectionFromClientCodes = {
  'ws-connection-from-client.map-message': [],
  'ws-connection-from-client.map-explanation': [],
  'ws-connection-from-client.message': [],
  'ws-connection-from-client.explanation': [],
} as const satisfies CodeTable;

const say = ruleMessages({
  ...upgradeNotForwardedCodes,
  ...connectionNotSetCodes,
  ...connectionHardcodedUpgradeCodes,
  ...connectionFromClientCodes,
});

/** Edits that make `location` send `Connection` from the map (defining the map when missing). */
function connectionFromMap(ctx: RuleContext, location: Node, replace?: Node): TextEdit[] | null {
  const existing = upgradeMap(ctx);
  const variable = existing?.variable ?? 'connection_upgrade';
  const line = `proxy_set_header Connection $${variable};`;
  const edits: TextEdit[] = [];
  if (!existing) {
    const map = defineMap(ctx, location, variable, keepaliveUpstream(ctx, location) !== null);
    if (!map) return null;
    edits.push(map);
  }
  edits.push(replace ? replaceDirective(ctx, replace, line) : addHeaders(ctx, location, [line]));
  return edits;
}

export const upgradeNotForwarded = defineRule({
  id: 'ws-upgrade-not-forwarded',
  guide: '/guides/troubleshooting/#t-no-upgrade',
  scenario: 'conformance/hop-by-hop-not-forwarded.yaml',
  codes: upgradeNotForwardedCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const ws of ctx.ws) {
      const upgrade = findHeader(effectiveHeaders(ctx.model, ws.node), 'upgrade');
      if (upgrade && possibleValues(upgrade.value, ctx.mapFor)?.every((v) => v === '') !== true) continue;
      const note = evidenceNote(ws);
      findings.push({
        node: upgrade?.node ?? ws.node,
        severity: wsSeverity(ws),
        message: say('ws-upgrade-not-forwarded.message', { location: locationLabel(ws.node) }),
        explanation: say('ws-upgrade-not-forwarded.explanation', { note }),
        fix: {
          title: say('ws-upgrade-not-forwarded.fix'),
          edits: [
            upgrade
              ? replaceDirective(ctx, upgrade.node, 'proxy_set_header Upgrade $http_upgrade;')
              : addHeaders(ctx, ws.node, ['proxy_set_header Upgrade $http_upgrade;']),
          ],
        },
      });
    }
    return findings;
  },
});

/** A Connection header that can never say upgrade (`""`, `close`, a map without upgrade). */
function neverUpgrade(ctx: RuleContext, location: Node, entry: HeaderEntry, values: string[]): Finding {
  const shown = [...new Set(values)].map((v) => `"${v}"`).join(', ');
  const edits = connectionFromMap(ctx, location, entry.node);
  return {
    node: entry.node,
    severity: 'error',
    message: say('ws-connection-not-set.never-upgrade', { location: locationLabel(location), values: shown }),
    explanation: say('ws-connection-not-set.never-upgrade-explanation'),
    ...(edits ? { fix: { title: say('connection-from-map.fix'), edits } } : {}),
  };
}

export const connectionNotSet = defineRule({
  id: 'ws-connection-not-set',
  guide: '/guides/minimal-config/',
  scenario: 'diagnostics/ws-connection-not-set.yaml',
  codes: connectionNotSetCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const ws of ctx.ws) {
      const headers = effectiveHeaders(ctx.model, ws.node);
      if (!findHeader(headers, 'upgrade')) continue; // ws-upgrade-not-forwarded speaks first
      const existing = findHeader(headers, 'connection');
      if (existing) {
        const values = possibleValues(existing.value, ctx.mapFor);
        if (values === null || values.some((v) => /\bupgrade\b/i.test(v))) continue;
        findings.push(neverUpgrade(ctx, ws.node, existing, values));
        continue;
      }
      const sent = hasModernProxyDefaults(ctx.nginxVersion)
        ? say('ws-connection-not-set.sends-none')
        : say('ws-connection-not-set.sends-close');
      const edits = connectionFromMap(ctx, ws.node);
      findings.push({
        node: ws.node,
        severity: wsSeverity(ws),
        message: say('ws-connection-not-set.message', {
          location: locationLabel(ws.node),
          nginx: ctx.nginxVersion,
          sent,
        }),
        explanation: say('ws-connection-not-set.explanation'),
        ...(edits
          ? {
              fix: { title: say('ws-connection-not-set.fix'), edits },
            }
          : {}),
      });
    }
    return findings;
  },
});

/** Own `proxy_set_header Connection …` directives of proxying locations and their servers, once each. */
function connectionDirectives(ctx: RuleContext): HeaderEntry[] {
  const seen = new Set<Node>();
  const out: HeaderEntry[] = [];
  for (const loc of ctx.locations) {
    const entry = findHeader(effectiveHeaders(ctx.model, loc), 'connection');
    if (entry && !seen.has(entry.node)) {
      seen.add(entry.node);
      out.push(entry);
    }
  }
  return out;
}

export const connectionHardcodedUpgrade = defineRule({
  id: 'ws-connection-hardcoded-upgrade',
  guide: '/guides/map-connection-upgrade/',
  scenario: 'conformance/hardcoded-connection-upgrade-plain.yaml',
  codes: connectionHardcodedUpgradeCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const entry of connectionDirectives(ctx)) {
      if (variablesIn(entry.value).length > 0 || !/\bupgrade\b/i.test(entry.value)) continue;
      // A catch-all location (`location /`) evidently serves the site's plain requests too; a
      // dedicated location such as /chat/ may well be WebSocket-only (nginx's own example).
      const users = ctx.locations.filter(
        (l) => findHeader(effectiveHeaders(ctx.model, l), 'connection')?.node === entry.node,
      );
      const wsOnly = !users.some((l) => {
        const location = ctx.model.locationOf(l);
        return location?.modifier === '' && location.pattern === '/';
      });
      const location = users[0] ?? entry.node.parent!;
      const edits = connectionFromMap(ctx, location, entry.node);
      findings.push({
        node: entry.node,
        severity: wsOnly ? 'info' : 'warning',
        message: say('ws-connection-hardcoded-upgrade.message', { value: entry.value }),
        explanation: say('ws-connection-hardcoded-upgrade.explanation'),
        ...(edits ? { fix: { title: say('connection-from-map.fix'), edits } } : {}),
      });
    }
    return findings;
  },
});

/** What Firefox sends on a WebSocket request; Chrome and Safari send `Upgrade`. */
const firefoxConnection = 'keep-alive, Upgrade';

/**
 * A map on $http_connection that catches Firefox's value: an exact key equal to it (nginx
 * compares map strings case-insensitively) or a regex key that matches it (`~*upgrade`).
 */
function matchesFirefox(map: MapInfo): boolean {
  return map.entries.some(({ key }) => {
    if (!key.startsWith('~')) return key.toLowerCase() === firefoxConnection.toLowerCase();
    const caseless = key.startsWith('~*');
    try {
      return new RegExp(key.slice(caseless ? 2 : 1), caseless ? 'i' : '').test(firefoxConnection);
    } catch {
      return false; // nginx -t refuses the map; that is the parser's finding
    }
  });
}

export const connectionFromClient = defineRule({
  id: 'ws-connection-from-client',
  guide: '/guides/troubleshooting/#t-firefox',
  codes: connectionFromClientCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const entry of connectionDirectives(ctx)) {
      const vars = variablesIn(entry.value);
      const viaMap = vars
        .map((v) => ctx.mapFor(v))
        .find((m) => m && /^\$\{?http_connection\}?$/i.test(m.source));
      if (viaMap && matchesFirefox(viaMap)) continue;
      if (viaMap) {
        findings.push({
          node: viaMap.node,
          severity: 'warning',
          message: say('ws-connection-from-client.map-message'),
          explanation: say('ws-connection-from-client.map-explanation'),
        });
        continue;
      }
      if (!vars.some((v) => v.toLowerCase() === 'http_connection')) continue;
      const users = ctx.locations.filter(
        (l) => findHeader(effectiveHeaders(ctx.model, l), 'connection')?.node === entry.node,
      );
      const edits = connectionFromMap(ctx, users[0] ?? entry.node.parent!, entry.node);
      findings.push({
        node: entry.node,
        severity: 'warning',
        message: say('ws-connection-from-client.message'),
        explanation: say('ws-connection-from-client.explanation'),
        ...(edits ? { fix: { title: say('connection-from-map.fix'), edits } } : {}),
      });
    }
    return findings;
  },
});
