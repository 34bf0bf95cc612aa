import type { CodeTable } from '../../message';
import { removeDirective } from '../edits';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, locationLabel } from '../rule';
import { own } from '../tree';

const bufferingMythCodes = {
  'ws-buffering-myth.message': ['location'],
  'ws-buffering-myth.explanation': [],
} as const satisfies CodeTable;

const gzipMythCodes = {
  'ws-gzip-myth.message': ['directive', 'location'],
  'ws-gzip-myth.explanation': [],
} as const satisfies CodeTable;

const say = ruleMessages({ ...bufferingMythCodes, ...gzipMythCodes });

export const bufferingMyth = defineRule({
  id: 'ws-buffering-myth',
  guide: '/guides/tuning-myths/',
  codes: bufferingMythCodes,
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
});

export const gzipMyth = defineRule({
  id: 'ws-gzip-myth',
  guide: '/guides/tuning-myths/',
  codes: gzipMythCodes,
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
});
