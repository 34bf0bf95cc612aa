import { replaceDirective } from '../edits';
import { say } from '../messages';
import type { Finding, Rule } from '../rule';
import { descendants } from '../tree';

const obsolete = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);

export const tlsObsolete: Rule = {
  id: 'ws-tls-obsolete',
  check(ctx) {
    const findings: Finding[] = [];
    for (const node of [ctx.root, ...descendants(ctx.root)]) {
      if (node.name !== 'ssl_protocols') continue;
      const old = node.args.filter((a) => obsolete.has(a));
      if (old.length === 0) continue;
      findings.push({
        node,
        severity: 'warning',
        message: say('ws-tls-obsolete.message', { protocols: old.join(' ') }),
        explanation: say('ws-tls-obsolete.explanation'),
        fix: {
          title: say('ws-tls-obsolete.fix'),
          edits: [replaceDirective(ctx, node, 'ssl_protocols TLSv1.2 TLSv1.3;')],
        },
      });
    }
    return findings;
  },
};
