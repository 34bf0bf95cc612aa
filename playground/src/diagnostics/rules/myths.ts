import { removeDirective } from '../edits';
import { say } from '../messages';
import { type Finding, locationLabel, type Rule } from '../rule';
import { own } from '../tree';

export const bufferingMyth: Rule = {
  id: 'ws-buffering-myth',
  check(ctx) {
    const findings: Finding[] = [];
    for (const ws of ctx.ws) {
      for (const node of own(ws.node, 'proxy_buffering')) {
        if (node.args[0] !== 'off') continue;
        findings.push({
          node,
          severity: 'info',
          message: say('ws-buffering-myth.message', { location: locationLabel(ws.node) }),
          explanation: say('ws-buffering-myth.explanation'),
          fix: { title: say('remove-line.fix'), edits: [removeDirective(ctx, node)] },
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
        if (node.name !== 'gzip' && !node.name.startsWith('gzip_')) continue;
        findings.push({
          node,
          severity: 'info',
          message: say('ws-gzip-myth.message', {
            directive: node.name,
            location: locationLabel(ws.node),
          }),
          explanation: say('ws-gzip-myth.explanation'),
          fix: { title: say('remove-line.fix'), edits: [removeDirective(ctx, node)] },
        });
      }
    }
    return findings;
  },
};
