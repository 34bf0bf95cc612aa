import { proxyPassOf } from '../context';
import { replaceDirective } from '../edits';
import { effectiveHeaders, findHeader, variablesIn } from '../headers';
import { valueForEmpty } from '../maps';
import type { Finding, Rule } from '../rule';
import { locationLabel } from '../rule';
import type { Node } from '../tree';
import { hasModernProxyDefaults } from '../units';
import { addHeaders } from './header-fix';
import { keepaliveUpstream } from './keepalive-state';

const explanation = {
  zh:
    'upstream 里的 keepalive 只缓存空闲的上游连接，前提是响应允许复用。普通请求若带着 Connection: close 发往后端，' +
    '后端回完就关连接，缓存永远是空的，每个请求都要重新建连。普通请求不应发送 Connection：对 WebSocket 的 map 把 \'\' 映射为 ""，' +
    '其他 location 写 proxy_set_header Connection "";（1.29.7 之前还需要 proxy_http_version 1.1）。' +
    '升级后的连接本来就不会被复用，这只影响普通请求。',
  en:
    'keepalive in an upstream only caches idle upstream connections whose response allows reuse. When plain requests go ' +
    'out with Connection: close, the backend closes after answering, the cache stays empty and every request opens a new ' +
    'connection. Plain requests should carry no Connection header: map \'\' to "" in the WebSocket map, or write ' +
    'proxy_set_header Connection ""; in other locations (before 1.29.7 also proxy_http_version 1.1). Upgraded ' +
    'connections are never reused anyway; this is about plain requests.',
};

export const keepaliveConnectionClose: Rule = {
  id: 'ws-keepalive-connection-close',
  check(ctx) {
    const findings: Finding[] = [];
    const reported = new Set<Node>();
    for (const loc of ctx.locations) {
      if (!proxyPassOf(loc)) continue;
      const upstream = keepaliveUpstream(ctx, loc);
      if (!upstream) continue;
      const name = upstream.upstream.d.args[0] ?? '';
      const conn = findHeader(effectiveHeaders(ctx.model, loc), 'connection');
      const message = (how: { zh: string; en: string }) => ({
        zh: `${locationLabel(loc)} 代理到开启了 keepalive 的 upstream ${name}，但普通请求${how.zh}`,
        en: `${locationLabel(loc)} proxies to upstream ${name} with keepalive, but plain requests ${how.en}`,
      });
      if (!conn) {
        if (hasModernProxyDefaults(ctx.nginxVersion)) continue;
        if (ctx.ws.some((w) => w.node === loc)) continue; // ws-connection-not-set covers it
        findings.push({
          node: loc,
          severity: 'warning',
          message: message({ zh: '带着默认的 Connection: close', en: 'carry the default Connection: close' }),
          explanation,
          fix: {
            title: { zh: '添加 proxy_set_header Connection ""', en: 'Add proxy_set_header Connection ""' },
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
            ? {
                zh: `经 map $${map.variable} 得到 Connection: close`,
                en: `get Connection: close from map $${map.variable}`,
              }
            : { zh: '带着 Connection: close', en: 'carry Connection: close' },
        ),
        explanation,
        ...(emptyEntry
          ? {
              fix: {
                title: { zh: '把 map 中的 \'\' 映射为 ""', en: 'Map \'\' to "" instead of close' },
                edits: [replaceDirective(ctx, emptyEntry.node, '\'\'      "";')],
              },
            }
          : map
            ? {}
            : {
                fix: {
                  title: {
                    zh: '改为 proxy_set_header Connection ""',
                    en: 'Use proxy_set_header Connection ""',
                  },
                  edits: [replaceDirective(ctx, conn.node, 'proxy_set_header Connection "";')],
                },
              }),
      });
    }
    return findings;
  },
};
