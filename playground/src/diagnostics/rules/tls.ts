import type { CodeTable } from '../../message';
import { replaceDirective } from '../edits';
import { ruleMessages } from '../messages';
import { defineRule, type Finding } from '../rule';
import { descendants } from '../tree';

const tlsObsoleteCodes = {
  'ws-tls-obsolete.message': ['protocols'],
  'ws-tls-obsolete.explanation': [],
  'ws-tls-obsolete.fix': [],
} as const satisfies CodeTable;

const say = ruleMessages(tlsObsoleteCodes);

const obsolete = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);

export const tlsObsolete = defineRule({
  id: 'ws-tls-obsolete',
  guide: '/guides/tls-wss/',
  codes: tlsObsoleteCodes,
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
});
