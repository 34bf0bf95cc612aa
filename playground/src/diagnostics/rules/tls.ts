import { replaceDirective } from '../edits';
import type { Finding, Rule } from '../rule';
import { descendants } from '../tree';

const obsolete = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);

export const tlsObsolete: Rule = {
  id: 'ws-tls-obsolete',
  check(ctx) {
    const findings: Finding[] = [];
    for (const node of [ctx.root, ...descendants(ctx.root)]) {
      if (node.d.directive !== 'ssl_protocols') continue;
      const old = node.d.args.filter((a) => obsolete.has(a));
      if (old.length === 0) continue;
      findings.push({
        node,
        severity: 'warning',
        message: {
          zh: `ssl_protocols 仍启用已废弃的 ${old.join(' ')}`,
          en: `ssl_protocols still enables obsolete ${old.join(' ')}`,
        },
        explanation: {
          zh:
            'TLS 1.0 和 1.1 已被 RFC 8996 废弃，主流浏览器早已不再使用；留着它们只会扩大攻击面（wss:// 与 https:// 用的是同一套 TLS 设置）。' +
            'nginx 1.23.4 起默认只启用 TLSv1.2 和 TLSv1.3。',
          en:
            'TLS 1.0 and 1.1 are deprecated by RFC 8996 and no current browser uses them; keeping them only widens the ' +
            'attack surface (wss:// uses the same TLS settings as https://). Since 1.23.4 nginx enables only TLSv1.2 and ' +
            'TLSv1.3 by default.',
        },
        fix: {
          title: { zh: '只启用 TLSv1.2 和 TLSv1.3', en: 'Enable only TLSv1.2 and TLSv1.3' },
          edits: [replaceDirective(ctx, node, 'ssl_protocols TLSv1.2 TLSv1.3;')],
        },
      });
    }
    return findings;
  },
};
