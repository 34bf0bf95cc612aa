import type { RuleContext } from '../context';
import { insertInto, replaceDirective } from '../edits';
import { inherited } from '../headers';
import { type Finding, locationLabel, type Rule } from '../rule';
import { descendants, type Node, own } from '../tree';
import { parseDuration, seconds } from '../units';

/** Seconds between messages the scenario's backends send on their own (ping or data), if any. */
function scenarioHeartbeat(ctx: RuleContext): number | null {
  const intervals: number[] = [];
  for (const b of Object.values(ctx.scenario?.backends ?? {})) {
    for (const v of [b?.ping_every, b?.send_every]) if (typeof v === 'number' && v > 0) intervals.push(v);
  }
  return intervals.length > 0 ? Math.min(...intervals) : null;
}

/** Above this an idle timeout stops detecting dead peers in any useful time. */
const veryLong = 3600;

export const readTimeoutVsHeartbeat: Rule = {
  id: 'ws-read-timeout-vs-heartbeat',
  check(ctx) {
    const findings: Finding[] = [];
    const reported = new Set<Node>();
    const heartbeat = scenarioHeartbeat(ctx);
    for (const ws of ctx.ws) {
      const set = inherited(ctx.model, ws.node, 'proxy_read_timeout');
      const directive = set?.nodes.at(-1);
      const timeout = directive ? parseDuration(directive.d.args[0] ?? '') : 60;
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
          message: {
            zh: `proxy_read_timeout ${seconds(timeout)} 不长于心跳间隔 ${seconds(heartbeat)}：隧道会在两次心跳之间被 nginx 关闭`,
            en: `proxy_read_timeout ${seconds(timeout)} is not longer than the ${seconds(heartbeat)} heartbeat: nginx closes the tunnel between two heartbeats`,
          },
          explanation: {
            zh:
              '隧道里任一方向的数据（包括 ping/pong）都会重置 proxy_read_timeout。心跳间隔不短于这个超时，空闲计时就会先到期，' +
              'nginx 直接断开两端（浏览器看到 1006，没有关闭帧），错误日志只在 info 级别记一行 upstream timed out。' +
              '让超时至少是心跳间隔的两三倍。场景 timeout-backend-pings-rearm 与 timeout-idle-1s 展示了真实 nginx 的两种结果。',
            en:
              'Data in either direction of the tunnel (pings and pongs included) resets proxy_read_timeout. When the heartbeat ' +
              'is not more frequent than the timeout, the idle timer fires first and nginx drops both ends (the browser sees ' +
              '1006, no close frame), logging only an info-level "upstream timed out". Make the timeout two or three heartbeat ' +
              'intervals. Scenarios timeout-backend-pings-rearm and timeout-idle-1s show both outcomes on real nginx.',
          },
          fix: {
            title: {
              zh: `设为 ${suggested}s（心跳间隔的 3 倍）`,
              en: `Set it to ${suggested}s (3 heartbeats)`,
            },
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
        reported.add(node);
        findings.push({
          node,
          severity: 'info',
          message: {
            zh: `${locationLabel(ws.node)} 使用默认的 proxy_read_timeout 60s：空闲 60 秒的 WebSocket 会被关闭`,
            en: `${locationLabel(ws.node)} uses the default proxy_read_timeout of 60s: a WebSocket idle for 60 s is closed`,
          },
          explanation: {
            zh:
              '升级之后 proxy_read_timeout 就是隧道的空闲超时：60 秒内两个方向都没有数据，nginx 就关闭连接。' +
              '让应用每隔几十秒发一次 ping（或业务心跳），而不是把超时调得很大；确实需要更长时再设置 proxy_read_timeout。',
            en:
              "After the upgrade, proxy_read_timeout is the tunnel's idle timeout: with no data in either direction for " +
              '60 s, nginx closes the connection. Have the application ping every few tens of seconds rather than raising ' +
              'the timeout a lot; set proxy_read_timeout only if you really need longer silences.',
          },
        });
      } else if (timeout >= veryLong) {
        reported.add(node);
        findings.push({
          node,
          severity: 'info',
          message: {
            zh: `proxy_read_timeout ${directive.d.args[0]} 很长：死掉的连接要这么久才会被发现`,
            en: `proxy_read_timeout ${directive.d.args[0]} is very long: dead connections are noticed only that late`,
          },
          explanation: {
            zh:
              '超时设成几小时甚至几天并不能让连接“更稳”：客户端断网或进程崩溃时没有 FIN 到达，nginx 要等满这个时间才释放两条连接，' +
              '期间占着 worker_connections 和文件描述符。更好的做法是应用层心跳（ping 每 20–30 秒）配合几分钟的超时。',
            en:
              'A timeout of hours or days does not make connections "more stable": when a client loses its network or ' +
              'crashes, no FIN arrives and nginx holds both connections (worker_connections, file descriptors) until the ' +
              'timeout. Prefer an application heartbeat (a ping every 20–30 s) with a timeout of a few minutes.',
          },
        });
      }
    }
    return findings;
  },
};

/** nginx documents that the connect timeout "usually cannot exceed 75 seconds". */
const connectCap = 75;

export const connectTimeoutCap: Rule = {
  id: 'ws-connect-timeout-cap',
  check(ctx) {
    const findings: Finding[] = [];
    for (const node of [ctx.root, ...descendants(ctx.root)]) {
      if (node.d.directive === 'proxy_connect_timeout') {
        const value = parseDuration(node.d.args[0] ?? '');
        if (value === null || value <= connectCap) continue;
        findings.push({
          node,
          severity: 'warning',
          message: {
            zh: `proxy_connect_timeout ${node.d.args[0]} 超过 75 秒，起不到作用`,
            en: `proxy_connect_timeout ${node.d.args[0]} is over 75 s and has no useful effect`,
          },
          explanation: {
            zh:
              'proxy_connect_timeout 只管与后端建立 TCP 连接这一步，和 WebSocket 连接能保持多久无关（那是 proxy_read_timeout）。' +
              'nginx 文档说明它通常不能超过 75 秒（操作系统对 TCP 握手有自己的上限）；设得很长只会让客户端在后端宕机时干等。' +
              '用几秒的值，让 nginx 尽快换下一台后端或返回 502/504。',
            en:
              'proxy_connect_timeout only covers opening the TCP connection to the backend; it has nothing to do with how ' +
              'long a WebSocket stays open (that is proxy_read_timeout). nginx documents that it usually cannot exceed 75 s ' +
              'as the operating system applies its own limit to the TCP handshake; a long value only keeps clients waiting when a backend is down. ' +
              'Use a few seconds so nginx moves on to the next server or answers 502/504 quickly.',
          },
          fix: {
            title: { zh: '改为 proxy_connect_timeout 5s', en: 'Use proxy_connect_timeout 5s' },
            edits: [replaceDirective(ctx, node, 'proxy_connect_timeout 5s;')],
          },
        });
      }
    }
    return findings;
  },
};
