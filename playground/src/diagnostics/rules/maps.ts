import type { RuleContext } from '../context';
import { insertInto } from '../edits';
import { effectiveHeaders, findHeader, variablesIn } from '../headers';
import { type MapInfo, readsUpgrade } from '../maps';
import type { Finding, Rule } from '../rule';
import { keepaliveUpstream } from './keepalive-state';

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

export const mapNoDefault: Rule = {
  id: 'ws-map-no-default',
  check(ctx) {
    const findings: Finding[] = [];
    for (const map of connectionMaps(ctx)) {
      if (map.default) continue;
      findings.push({
        node: map.node,
        severity: 'warning',
        message: {
          zh: `map ${map.source} $${map.variable} 没有 default：未列出的 Upgrade 值会得到空字符串`,
          en: `map ${map.source} $${map.variable} has no default: Upgrade values it does not list give an empty string`,
        },
        explanation: {
          zh:
            '没有 default 的 map 对未匹配的值返回空字符串，而值为空的 proxy_set_header 不会发出。于是客户端的 Upgrade 只要' +
            '不在表里（例如带了别的协议名），后端就只看到 Upgrade 而没有 Connection: upgrade，升级失败。' +
            "加上 default upgrade;，再用 '' 这一项处理没有 Upgrade 的普通请求。",
          en:
            'A map without default returns the empty string for values it does not list, and a proxy_set_header whose ' +
            'value is empty is not sent. Any Upgrade value missing from the table (another protocol token, say) then reaches ' +
            "the backend without Connection: upgrade and the upgrade fails. Add default upgrade; and let the '' entry " +
            'handle plain requests that carry no Upgrade.',
        },
        fix: {
          title: { zh: '添加 default upgrade;', en: 'Add default upgrade;' },
          edits: [insertInto(ctx, map.node, ['default upgrade;'])],
        },
      });
    }
    return findings;
  },
};

export const mapNoEmptyKey: Rule = {
  id: 'ws-map-no-empty-key',
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
        message: {
          zh: `map ${map.source} $${map.variable} 没有 '' 项：普通请求也会得到 "${map.default?.value}"`,
          en: `map ${map.source} $${map.variable} has no '' entry: plain requests get "${map.default?.value}" too`,
        },
        explanation: {
          zh:
            "'' 这一项匹配空的或缺失的 $http_upgrade，也就是不升级的普通请求。缺了它，普通请求落到 default，" +
            '同样带着 Connection: upgrade 到达后端，和写死 upgrade 一样。普通请求应得到 close；' +
            '若 upstream 开了 keepalive，则应为空（不发送 Connection），连接才能复用。',
          en:
            "The '' entry matches an empty or absent $http_upgrade, i.e. plain requests that do not upgrade. Without it " +
            'they fall through to default and reach the backend with Connection: upgrade, just like a hard-coded upgrade. ' +
            'Plain requests should get close, or nothing at all (no Connection header) when the upstream uses keepalive so ' +
            'the connection can be reused.',
        },
        fix: {
          title: { zh: `添加 ${entry}`, en: `Add ${entry}` },
          edits: [insertInto(ctx, map.node, [entry], map.default?.node)],
        },
      });
    }
    return findings;
  },
};
