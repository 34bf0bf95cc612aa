import { removeDirective } from '../edits';
import { type Finding, locationLabel, type Rule } from '../rule';
import { own } from '../tree';

export const bufferingMyth: Rule = {
  id: 'ws-buffering-myth',
  check(ctx) {
    const findings: Finding[] = [];
    for (const ws of ctx.ws) {
      for (const node of own(ws.node, 'proxy_buffering')) {
        if (node.d.args[0] !== 'off') continue;
        findings.push({
          node,
          severity: 'info',
          message: {
            zh: `${locationLabel(ws.node)} 中的 proxy_buffering off 对 WebSocket 隧道没有作用`,
            en: `proxy_buffering off in ${locationLabel(ws.node)} has no effect on the WebSocket tunnel`,
          },
          explanation: {
            zh:
              '升级（101）之后，nginx 只是在两端之间按到达顺序搬运字节，不经过响应缓冲，也不管 proxy_buffering 的设置。' +
              'proxy_buffering 只影响普通 HTTP 响应。如果这个 location 还提供流式的普通响应（SSE、长轮询回退），保留它；' +
              '否则这行只是噪音。',
            en:
              'After the upgrade (101), nginx just copies bytes between the two ends as they arrive; response buffering is ' +
              'not involved, whatever proxy_buffering says. proxy_buffering only affects ordinary HTTP responses. Keep it if ' +
              'this location also streams plain responses (server-sent events, a long-polling fallback); otherwise the line ' +
              'is noise.',
          },
          fix: { title: { zh: '删除这一行', en: 'Remove this line' }, edits: [removeDirective(ctx, node)] },
        });
      }
    }
    return findings;
  },
};

export const gzipMyth: Rule = {
  id: 'ws-gzip-myth',
  check(ctx) {
    const findings: Finding[] = [];
    for (const ws of ctx.ws) {
      for (const node of ws.node.children) {
        if (node.d.directive !== 'gzip' && !node.d.directive.startsWith('gzip_')) continue;
        findings.push({
          node,
          severity: 'info',
          message: {
            zh: `${locationLabel(ws.node)} 中的 ${node.d.directive} 不会改变 WebSocket 帧`,
            en: `${node.d.directive} in ${locationLabel(ws.node)} does not change WebSocket frames`,
          },
          explanation: {
            zh:
              'gzip 是作用于普通响应正文的输出过滤器；升级后的隧道绕过所有过滤器，帧原样通过，所以 gzip on 不会压缩它们，' +
              'gzip off 也不是必需的。WebSocket 的压缩是 permessage-deflate 扩展，由客户端和后端通过握手头协商，' +
              'nginx 原样转发这些头。',
            en:
              'gzip is an output filter for ordinary response bodies; an upgraded tunnel bypasses every filter and frames ' +
              'pass unchanged, so gzip on does not compress them and gzip off is not needed. WebSocket compression is the ' +
              'permessage-deflate extension, negotiated by the client and the backend in handshake headers that nginx passes ' +
              'through.',
          },
          fix: { title: { zh: '删除这一行', en: 'Remove this line' }, edits: [removeDirective(ctx, node)] },
        });
      }
    }
    return findings;
  },
};
