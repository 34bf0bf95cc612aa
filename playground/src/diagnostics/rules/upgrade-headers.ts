import { possibleValues, type RuleContext } from '../context';
import { replaceDirective } from '../edits';
import { effectiveHeaders, findHeader, type HeaderEntry, variablesIn } from '../headers';
import { evidenceNote, type Finding, locationLabel, type Rule, wsSeverity } from '../rule';
import type { Node } from '../tree';
import type { TextEdit } from '../types';
import { hasModernProxyDefaults } from '../units';
import { addHeaders, defineMap, upgradeMap } from './header-fix';
import { keepaliveUpstream } from './keepalive-state';

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

export const upgradeNotForwarded: Rule = {
  id: 'ws-upgrade-not-forwarded',
  check(ctx) {
    const findings: Finding[] = [];
    for (const ws of ctx.ws) {
      const upgrade = findHeader(effectiveHeaders(ctx.model, ws.node), 'upgrade');
      if (upgrade && possibleValues(upgrade.value, ctx.mapFor)?.every((v) => v === '') !== true) continue;
      const note = evidenceNote(ws);
      findings.push({
        node: upgrade?.node ?? ws.node,
        severity: wsSeverity(ws),
        message: {
          zh: `${locationLabel(ws.node)} 没有把 Upgrade 头转发给后端，WebSocket 握手到不了后端`,
          en: `${locationLabel(ws.node)} does not pass the Upgrade header to the backend, so the WebSocket handshake never reaches it`,
        },
        explanation: {
          zh:
            'Upgrade 是逐跳（hop-by-hop）头：nginx 的默认头表把它置空，每个代理请求都会丢掉它。后端因此看不出客户端想升级，' +
            '按普通 HTTP 作答；而 nginx 只有在后端回 101 时才建立隧道。加上 proxy_set_header Upgrade $http_upgrade; ——' +
            '普通请求里 $http_upgrade 为空，值为空的头不会发出，所以不影响普通请求。' +
            note.zh,
          en:
            "Upgrade is a hop-by-hop header: nginx's default header table sets it to empty, so every proxied request loses it. " +
            'The backend cannot tell that the client wants to upgrade and answers as plain HTTP, and nginx only opens a tunnel ' +
            'when the backend answers 101. Add proxy_set_header Upgrade $http_upgrade; — for plain requests $http_upgrade is ' +
            'empty and a header with an empty value is not sent, so they are unaffected.' +
            note.en,
        },
        fix: {
          title: {
            zh: '添加 proxy_set_header Upgrade $http_upgrade',
            en: 'Add proxy_set_header Upgrade $http_upgrade',
          },
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
};

/** A Connection header that can never say upgrade (`""`, `close`, a map without upgrade). */
function neverUpgrade(ctx: RuleContext, location: Node, entry: HeaderEntry, values: string[]): Finding {
  const shown = [...new Set(values)].map((v) => `"${v}"`).join(', ');
  const edits = connectionFromMap(ctx, location, entry.node);
  return {
    node: entry.node,
    severity: 'error',
    message: {
      zh: `${locationLabel(location)} 的 Connection 只会是 ${shown}，升级请求到达后端时没有 Connection: upgrade`,
      en: `Connection in ${locationLabel(location)} can only be ${shown}: upgrade requests reach the backend without Connection: upgrade`,
    },
    explanation: {
      zh:
        '协议升级要求请求同时带 Upgrade 和 “Connection: upgrade”。这里的 Connection 永远不含 upgrade（空值的头根本不会发出），' +
        '后端会忽略 Upgrade，通常回 400 或 426。Connection "" 是给 upstream keepalive 下的普通请求用的，' +
        '在 WebSocket location 中应改用 map：升级请求得到 upgrade，普通请求得到空值。',
      en:
        'A protocol upgrade needs both Upgrade and "Connection: upgrade" on the request. This Connection never contains ' +
        'upgrade (and a header with an empty value is not sent at all), so the backend ignores Upgrade and typically ' +
        'answers 400 or 426. Connection "" is meant for plain requests with upstream keepalive; in a WebSocket location ' +
        'use a map instead: upgrade for upgrade requests, empty for plain ones.',
    },
    ...(edits
      ? { fix: { title: { zh: '改用 map 得出 Connection', en: 'Derive Connection from a map' }, edits } }
      : {}),
  };
}

export const connectionNotSet: Rule = {
  id: 'ws-connection-not-set',
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
        ? { zh: '不发送 Connection 头', en: 'sends no Connection header' }
        : { zh: '发送 Connection: close', en: 'sends Connection: close' };
      const edits = connectionFromMap(ctx, ws.node);
      findings.push({
        node: ws.node,
        severity: wsSeverity(ws),
        message: {
          zh: `${locationLabel(ws.node)} 转发了 Upgrade 却没有设置 Connection：nginx ${ctx.nginxVersion} 默认${sent.zh}，后端不会升级`,
          en: `${locationLabel(ws.node)} forwards Upgrade but sets no Connection header: nginx ${ctx.nginxVersion} ${sent.en}, so the backend will not upgrade`,
        },
        explanation: {
          zh:
            'Connection 同样是逐跳头，不会从客户端传过去。协议升级要求请求同时带 Upgrade 和 “Connection: upgrade”，' +
            '否则后端会忽略 Upgrade（通常回 400 或 426）。1.29.7 之前 nginx 默认发 Connection: close，之后默认不发。' +
            '用 map 根据 $http_upgrade 得出 Connection 的值：升级请求得到 upgrade，普通请求得到 close（或在 upstream keepalive 时为空）。',
          en:
            'Connection is hop-by-hop too and is not passed from the client. A protocol upgrade needs both Upgrade and ' +
            '"Connection: upgrade" on the request, otherwise the backend ignores Upgrade (typically answering 400 or 426). ' +
            'Before 1.29.7 nginx sends Connection: close by default, later versions send none. Derive the value from ' +
            '$http_upgrade with a map: upgrade for upgrade requests, close for plain ones (or empty with upstream keepalive).',
        },
        ...(edits
          ? {
              fix: {
                title: { zh: '用 map 设置 Connection', en: 'Set Connection from a map' },
                edits,
              },
            }
          : {}),
      });
    }
    return findings;
  },
};

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

export const connectionHardcodedUpgrade: Rule = {
  id: 'ws-connection-hardcoded-upgrade',
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
        message: {
          zh: `Connection 被写死为 "${entry.value}"：普通请求也会带着它到达后端`,
          en: `Connection is hard-coded to "${entry.value}": plain requests reach the backend with it too`,
        },
        explanation: {
          zh:
            '写死的 Connection: upgrade 会随这个 location 的每个请求发出，包括不带 Upgrade 的普通请求。后端收到的是一个' +
            '指向并不存在的 Upgrade 头的连接选项；有的后端会回 400，普通请求也失去了 nginx 默认的 Connection: close' +
            '（或配合 upstream keepalive 时应发送的空值）所表达的连接语义。只服务 WebSocket 的 location 这样写问题不大' +
            '（nginx 文档的第一个例子就是如此），同时服务普通 HTTP 时请改用 map $http_upgrade。',
          en:
            'A hard-coded Connection: upgrade goes out with every request of this location, including plain requests ' +
            'without Upgrade. The backend receives a connection option naming an Upgrade header that is not there; some ' +
            'backends answer 400, and plain requests lose what nginx would otherwise say about the connection ' +
            '(Connection: close by default, or nothing when you use upstream keepalive). In a location that only serves ' +
            "WebSocket this is acceptable (nginx's documentation starts with it); where plain HTTP goes through too, use " +
            'a map on $http_upgrade.',
        },
        ...(edits
          ? { fix: { title: { zh: '改用 map 得出 Connection', en: 'Derive Connection from a map' }, edits } }
          : {}),
      });
    }
    return findings;
  },
};

export const connectionFromClient: Rule = {
  id: 'ws-connection-from-client',
  check(ctx) {
    const findings: Finding[] = [];
    for (const entry of connectionDirectives(ctx)) {
      const vars = variablesIn(entry.value);
      const viaMap = vars
        .map((v) => ctx.mapFor(v))
        .find((m) => m && /^\$\{?http_connection\}?$/i.test(m.source));
      if (viaMap) {
        findings.push({
          node: viaMap.node,
          severity: 'warning',
          message: {
            zh: `map 以客户端的 $http_connection 为键：Firefox 发送的 "keep-alive, Upgrade" 匹配不上精确键`,
            en: `This map is keyed on the client's $http_connection: Firefox's "keep-alive, Upgrade" matches no exact key`,
          },
          explanation: {
            zh:
              'map 的精确键要与整个值相等（不区分大小写）。客户端的 Connection 是一个逗号分隔的列表：Chrome 发 “Upgrade”，' +
              'Firefox 发 “keep-alive, Upgrade”，于是 Firefox 的握手落到 default，后端收不到 Connection: upgrade。' +
              "判断是否升级应该看 $http_upgrade：map $http_upgrade $connection_upgrade { default upgrade; '' close; }。",
            en:
              "An exact map key must equal the whole value (ignoring case). The client's Connection is a comma-separated " +
              'list: Chrome sends "Upgrade", Firefox "keep-alive, Upgrade", so Firefox\'s handshake falls to default and the ' +
              'backend gets no Connection: upgrade. Decide on $http_upgrade instead: map $http_upgrade $connection_upgrade ' +
              "{ default upgrade; '' close; }.",
          },
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
        message: {
          zh: 'Connection 取自客户端的 $http_connection：把逐跳头原样转发给了后端',
          en: 'Connection is copied from the client ($http_connection): a hop-by-hop header is forwarded as is',
        },
        explanation: {
          zh:
            'Connection 描述的是客户端与 nginx 之间那一段连接，不该原样转给后端。客户端发来的可能是 keep-alive、close，' +
            '或 “keep-alive, Upgrade”（Firefox），升级是否成功取决于客户端怎么写；客户端说 close 时后端也会关闭上游连接，' +
            'upstream keepalive 因而失效。用 map $http_upgrade 得出 Connection 的值。',
          en:
            'Connection describes the client-to-nginx hop and should not be passed on. Clients send keep-alive, close, or ' +
            '"keep-alive, Upgrade" (Firefox), so whether the upgrade works depends on how each client words it; when the client ' +
            'says close the backend closes the upstream connection too, defeating upstream keepalive. Derive Connection from ' +
            '$http_upgrade with a map.',
        },
        ...(edits
          ? { fix: { title: { zh: '改用 map 得出 Connection', en: 'Derive Connection from a map' }, edits } }
          : {}),
      });
    }
    return findings;
  },
};
