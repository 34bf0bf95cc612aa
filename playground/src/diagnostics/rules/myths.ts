import type { CodeTable } from '../../message';
import type { RuleContext } from '../context';
import { removeDirective } from '../edits';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, locationLabel } from '../rule';
import { type Node, own } from '../tree';

const bufferingMythCodes = {
  'ws-buffering-myth.message': ['location'],
  'ws-buffering-myth.explanation': [],
} as const satisfies CodeTable;

const gzipMythCodes = {
  'ws-gzip-myth.message': ['directive', 'location'],
  'ws-gzip-myth.explanation': [],
} as const satisfies CodeTable;

const say = ruleMessages({ ...bufferingMythCodes, ...gzipMythCodes });

/** Path segments of endpoints that speak nothing but WebSocket (no HTTP fallback transport). */
const webSocketOnlySegment = /^(ws|wss|websockets?)$/i;

/** A location whose path names a WebSocket-only endpoint (`/ws/`, `/websocket`), not a catch-all or a transport with fallbacks. */
function webSocketOnly(ctx: RuleContext, node: Node): boolean {
  const location = ctx.model.locationOf(node);
  if (!location || location.modifier === '@') return false;
  return location.pattern.split(/[^A-Za-z0-9]+/).some((segment) => webSocketOnlySegment.test(segment));
}

export const bufferingMyth = defineRule({
  id: 'ws-buffering-myth',
  guide: '/guides/tuning-myths/',
  codes: bufferingMythCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const ws of ctx.ws) {
      // Where the same location also answers plain requests (server-sent events, long polling:
      // socket.io, SockJS, SignalR, `location /`), proxy_buffering off is what streams them.
      if (!webSocketOnly(ctx, ws.node)) continue;
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
