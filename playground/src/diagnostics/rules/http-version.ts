import { insertInto, replaceDirective } from '../edits';
import { inherited } from '../headers';
import { evidenceNote, type Finding, locationLabel, type Rule, wsSeverity } from '../rule';
import { own } from '../tree';
import { hasModernProxyDefaults } from '../units';

const explanation = {
  zh:
    '在 1.29.7 之前，nginx 默认用 HTTP/1.0 向后端转发请求，除非写了 proxy_http_version 1.1。WebSocket 握手依赖 HTTP/1.1 的协议升级机制：' +
    '后端收到的是带 Upgrade 头的 “GET … HTTP/1.0”，会拒绝升级（通常是 426 Upgrade Required 或 400），隧道建立不起来。' +
    'nginx 1.29.7 起默认就是 1.1，但配置可能还跑在旧版本上，显式写上更稳妥。真实 nginx 1.22.1 的表现见场景 proxy-http-version-10-explicit（后端拒绝升级）。',
  en:
    'Before 1.29.7, nginx sends requests upstream as HTTP/1.0 unless proxy_http_version 1.1 is set. The WebSocket handshake ' +
    'relies on HTTP/1.1 protocol upgrade: the backend receives "GET … HTTP/1.0" carrying Upgrade headers and refuses to switch ' +
    '(typically 426 Upgrade Required or 400), so no tunnel is set up. nginx 1.29.7 and later default to 1.1, but set it ' +
    'explicitly if the config may run on an older nginx. Scenario proxy-http-version-10-explicit shows real nginx 1.22.1 (the backend refuses).',
};

export const missingHttpVersion: Rule = {
  id: 'ws-missing-http-version',
  check(ctx) {
    const findings: Finding[] = [];
    for (const ws of ctx.ws) {
      const set = inherited(ctx.model, ws.node, 'proxy_http_version');
      const value = set?.nodes.at(-1)?.d.args[0];
      if (value === '1.1') continue;
      const fixTitle = { zh: '改为 proxy_http_version 1.1', en: 'Use proxy_http_version 1.1' };
      if (set && value !== undefined) {
        const node = set.nodes.at(-1)!;
        findings.push({
          node,
          severity: 'error',
          message: {
            zh: `${locationLabel(ws.node)} 以 HTTP/${value} 连接后端，WebSocket 无法升级`,
            en: `${locationLabel(ws.node)} talks HTTP/${value} to the backend, which cannot upgrade to WebSocket`,
          },
          explanation,
          fix: { title: fixTitle, edits: [replaceDirective(ctx, node, 'proxy_http_version 1.1;')] },
        });
        continue;
      }
      if (hasModernProxyDefaults(ctx.nginxVersion)) continue;
      const note = evidenceNote(ws);
      const anchor = ws.proxyPass.parent === ws.node ? ws.proxyPass : undefined;
      findings.push({
        node: ws.node,
        severity: wsSeverity(ws),
        message: {
          zh: `${locationLabel(ws.node)} 未设置 proxy_http_version 1.1：nginx ${ctx.nginxVersion} 以 HTTP/1.0 连接后端，WebSocket 无法升级`,
          en: `${locationLabel(ws.node)} has no proxy_http_version 1.1: nginx ${ctx.nginxVersion} talks HTTP/1.0 to the backend, which cannot upgrade`,
        },
        explanation: { zh: explanation.zh + note.zh, en: explanation.en + note.en },
        fix: {
          title: { zh: '添加 proxy_http_version 1.1', en: 'Add proxy_http_version 1.1' },
          edits: [
            insertInto(
              ctx,
              ws.node,
              ['proxy_http_version 1.1;'],
              anchor ?? own(ws.node, 'proxy_set_header')[0],
            ),
          ],
        },
      });
    }
    return findings;
  },
};
