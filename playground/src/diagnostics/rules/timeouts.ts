import type { CodeTable } from '../../message';
import type { RuleContext, WsLocation } from '../context';
import { insertInto, replaceDirective } from '../edits';
import { effectiveHeaders, findHeader, inherited } from '../headers';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, locationLabel } from '../rule';
import { descendants, enclosing, type Node, own } from '../tree';
import { parseDuration, seconds } from '../units';

const readTimeoutVsHeartbeatCodes = {
  'ws-read-timeout-vs-heartbeat.heartbeat': ['timeout', 'heartbeat'],
  'ws-read-timeout-vs-heartbeat.heartbeat-explanation': [],
  'ws-read-timeout-vs-heartbeat.heartbeat-fix': ['seconds'],
  'ws-read-timeout-vs-heartbeat.default': ['location'],
  'ws-read-timeout-vs-heartbeat.default-explanation': [],
  'ws-read-timeout-vs-heartbeat.long': ['value'],
  'ws-read-timeout-vs-heartbeat.long-explanation': [],
} as const satisfies CodeTable;

const connectTimeoutCapCodes = {
  'ws-connect-timeout-cap.message': ['value'],
  'ws-connect-timeout-cap.explanation': [],
  'ws-connect-timeout-cap.fix': [],
} as const satisfies CodeTable;

const say = ruleMessages({ ...readTimeoutVsHeartbeatCodes, ...connectTimeoutCapCodes });

/** Seconds between messages the scenario's backends send on their own (ping or data), if any. */
function scenarioHeartbeat(ctx: RuleContext): number | null {
  const intervals: number[] = [];
  for (const b of Object.values(ctx.scenario?.backends ?? {})) {
    for (const v of [b?.ping_every, b?.send_every]) if (typeof v === 'number' && v > 0) intervals.push(v);
  }
  return intervals.length > 0 ? Math.min(...intervals) : null;
}

/** The location forwards the client's Upgrade, or the scenario's WebSocket request goes there. */
function carriesUpgrade(ctx: RuleContext, ws: WsLocation): boolean {
  return (
    ws.evidence.includes('scenario') ||
    findHeader(effectiveHeaders(ctx.model, ws.node), 'upgrade') !== undefined
  );
}

/** Above this an idle timeout stops detecting dead peers in any useful time. */
const veryLong = 3600;

export const readTimeoutVsHeartbeat = defineRule({
  id: 'ws-read-timeout-vs-heartbeat',
  guide: '/guides/troubleshooting/#t-1006',
  scenario: 'conformance/timeout-backend-pings-rearm.yaml',
  codes: readTimeoutVsHeartbeatCodes,
  check(ctx) {
    const findings: Finding[] = [];
    const reported = new Set<Node>();
    // The default-timeout note is advice, not a fault: once per server, and only where Upgrade
    // is forwarded (a location named like a socket that forwards no Upgrade is not a tunnel).
    const notedServers = new Set<Node | null>();
    const heartbeat = scenarioHeartbeat(ctx);
    for (const ws of ctx.ws) {
      const set = inherited(ctx.model, ws.node, 'proxy_read_timeout');
      const directive = set?.nodes.at(-1);
      const timeout = directive ? parseDuration(directive.args[0] ?? '') : 60;
      if (timeout === null) continue;
      const node = directive ?? ws.node;
      if (reported.has(node)) continue;
      const forScenario = ctx.scenario !== undefined && ctx.scenarioLocation === ws.node;
      if (forScenario && heartbeat !== null) {
        if (timeout > heartbeat) continue;
        reported.add(node);
        const suggested = Math.ceil(heartbeat * 3);
        findings.push({
          node,
          severity: 'warning',
          message: say('ws-read-timeout-vs-heartbeat.heartbeat', {
            timeout: seconds(timeout),
            heartbeat: seconds(heartbeat),
          }),
          explanation: say('ws-read-timeout-vs-heartbeat.heartbeat-explanation'),
          fix: {
            title: say('ws-read-timeout-vs-heartbeat.heartbeat-fix', { seconds: suggested }),
            edits: [
              directive
                ? replaceDirective(ctx, directive, `proxy_read_timeout ${suggested}s;`)
                : insertInto(
                    ctx,
                    ws.node,
                    [`proxy_read_timeout ${suggested}s;`],
                    own(ws.node, 'proxy_pass')[0],
                  ),
            ],
          },
        });
        continue;
      }
      if (!directive) {
        if (!carriesUpgrade(ctx, ws)) continue;
        const server = enclosing(ws.node, 'server');
        if (notedServers.has(server)) continue;
        notedServers.add(server);
        reported.add(node);
        findings.push({
          node,
          severity: 'info',
          message: say('ws-read-timeout-vs-heartbeat.default', { location: locationLabel(ws.node) }),
          explanation: say('ws-read-timeout-vs-heartbeat.default-explanation'),
        });
      } else if (timeout >= veryLong) {
        reported.add(node);
        findings.push({
          node,
          severity: 'info',
          message: say('ws-read-timeout-vs-heartbeat.long', { value: directive.args[0] ?? '' }),
          explanation: say('ws-read-timeout-vs-heartbeat.long-explanation'),
        });
      }
    }
    return findings;
  },
});

/** nginx documents that the connect timeout "usually cannot exceed 75 seconds". */
const connectCap = 75;

export const connectTimeoutCap = defineRule({
  id: 'ws-connect-timeout-cap',
  guide: '/guides/timeouts/',
  codes: connectTimeoutCapCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const node of [ctx.root, ...descendants(ctx.root)]) {
      if (node.name === 'proxy_connect_timeout') {
        const value = parseDuration(node.args[0] ?? '');
        if (value === null || value <= connectCap) continue;
        findings.push({
          node,
          severity: 'warning',
          message: say('ws-connect-timeout-cap.message', { value: node.args[0] ?? '' }),
          explanation: say('ws-connect-timeout-cap.explanation'),
          fix: {
            title: say('ws-connect-timeout-cap.fix'),
            edits: [replaceDirective(ctx, node, 'proxy_connect_timeout 5s;')],
          },
        });
      }
    }
    return findings;
  },
});
