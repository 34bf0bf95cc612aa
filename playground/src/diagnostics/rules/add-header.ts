import { appendArgument } from '../edits';
import { inherited } from '../headers';
import { type Finding, locationLabel, type Rule } from '../rule';
import type { Node } from '../tree';
import type { Severity } from '../types';

/**
 * add_header without `always` only applies to 200, 201, 204, 206, 301, 302, 303, 304, 307
 * and 308 (ngx_http_headers_filter), never to the 101 of a WebSocket handshake. Checked on
 * the add_header list each WebSocket location really uses: the innermost level with any
 * add_header (the location, or the server or http it inherits from), and the `if` blocks
 * inside the location, whose own list replaces it when true.
 */

/** Headers that only mean something on the handshake response: losing them there changes what the client does. */
const handshakeOnly = /^(set-cookie|sec-websocket-.*)$/i;

function withoutAlways(nodes: Node[]): Node[] {
  // `add_header name value` (two arguments): no `always`; an empty value is never sent anyway.
  return nodes.filter((n) => n.d.args.length === 2 && n.d.args[1] !== '');
}

export const addHeaderNotOn101: Rule = {
  id: 'ws-add-header-not-on-101',
  check(ctx) {
    // One finding per level that holds the lines, naming every WebSocket location using it.
    const byLevel = new Map<Node, { lines: Node[]; users: Node[] }>();
    for (const ws of ctx.ws) {
      const levels = [
        inherited(ctx.model, ws.node, 'add_header'),
        ...ws.node.children
          .filter((c) => c.context === 'if')
          .map((c) => inherited(ctx.model, c, 'add_header'))
          .filter((x) => x?.level.context === 'if'),
      ];
      for (const set of levels) {
        if (!set) continue;
        const lines = withoutAlways(set.nodes);
        if (lines.length === 0) continue;
        const entry = byLevel.get(set.level) ?? { lines, users: [] };
        entry.users.push(ws.node);
        byLevel.set(set.level, entry);
      }
    }
    const findings: Finding[] = [];
    for (const { lines, users } of byLevel.values()) {
      const names = lines.map((n) => n.d.args[0] ?? '');
      const list = [...new Set(names)].join(', ');
      const shown = users.slice(0, 3).map(locationLabel).join(', ');
      const where =
        users.length > 3
          ? { zh: `${shown} 等 ${users.length} 个 location`, en: `${shown} and ${users.length - 3} more` }
          : { zh: shown, en: shown };
      const critical = [...new Set(names.filter((n) => handshakeOnly.test(n)))];
      const severity: Severity = critical.length > 0 ? 'warning' : 'info';
      const plural = lines.length > 1;
      findings.push({
        node: lines[0]!,
        severity,
        message: {
          zh: `${where.zh} 的 101 握手响应不会带上 add_header ${list}（没有 always）`,
          en: `add_header ${list} ${plural ? 'are' : 'is'} not sent on the 101 handshake response of ${where.en} (no always)`,
        },
        explanation: {
          zh:
            '不带 always 时，add_header 只作用于状态码为 200、201、204、206、301、302、303、304、307、308 的响应。' +
            'WebSocket 握手成功的响应是 101 Switching Protocols，不在其中，所以这些头不会出现在 101 上；' +
            '后端不可用时 nginx 返回的 502、504 等错误响应也不会带它们。在浏览器开发者工具里看握手响应找不到这个头，原因就在这里。' +
            (critical.length > 0
              ? `${critical.join('、')} 只有在握手响应上才起作用（WebSocket 连接里没有别的 HTTP 响应），没有 always 就等于没写。`
              : 'X-Frame-Options、Content-Security-Policy 这类安全头对 101 本来就没有作用，漏掉它们影响不大；若头只为普通 HTTP 响应而加，可忽略本条。') +
            '要让它出现在所有响应上（包括 101 和错误响应），在行尾加上 always。场景 add-header-not-on-101 展示了真实 nginx 的行为，' +
            '加上 always 后的结果见 add-header-always-on-101。',
          en:
            'Without always, add_header only applies to responses with status 200, 201, 204, 206, 301, 302, 303, 304, 307 ' +
            'or 308. A successful WebSocket handshake is answered with 101 Switching Protocols, which is not in that list, ' +
            'so these headers never appear on the 101, nor on the 502 or 504 nginx sends when the backend is down. That is ' +
            'why the browser developer tools do not show them on the handshake response. ' +
            (critical.length > 0
              ? `${critical.join(', ')} only ${critical.length > 1 ? 'matter' : 'matters'} on the handshake response (a WebSocket connection has no other HTTP response), so without always the line does nothing. `
              : 'Security headers such as X-Frame-Options or Content-Security-Policy have no effect on a 101 anyway, so missing them there costs little; ignore this if the header is meant for plain HTTP responses only. ') +
            'Add always at the end of the line to send it on every response, the 101 and error responses included. ' +
            'Scenario add-header-not-on-101 shows real nginx doing this; add-header-always-on-101 shows the result with always.',
        },
        fix: {
          title: {
            zh: `给 add_header ${list} 加上 always`,
            en: `Add always to add_header ${list}`,
          },
          edits: lines.map((n) => appendArgument(ctx, n, 'always')),
        },
      });
    }
    return findings;
  },
};
