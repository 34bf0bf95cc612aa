import { proxyPassOf } from '../context';
import { insertAfter, renderDirective } from '../edits';
import { effectiveHeaders, ownHeaders, parentHeaders } from '../headers';
import { type Finding, locationLabel, type Rule } from '../rule';

function levelLabel(node: { d: { directive: string; args: string[] }; context: string }): string {
  if (node.context === 'location') return ['location', ...node.d.args].join(' ');
  return node.d.directive || 'http';
}

export const headerInheritanceLost: Rule = {
  id: 'ws-header-inheritance-lost',
  check(ctx) {
    const findings: Finding[] = [];
    // The levels whose list some proxied request actually uses; computed once, since asking
    // per level made this rule quadratic in the number of locations.
    const used = new Set(
      ctx.locations.filter((l) => proxyPassOf(l)).map((l) => effectiveHeaders(ctx.model, l).level),
    );
    for (const level of [...ctx.servers, ...ctx.locations]) {
      const mine = ownHeaders(level);
      if (mine.length === 0) continue;
      if (!used.has(level)) continue;
      const parent = parentHeaders(ctx.model, level);
      if (!parent.level) continue;
      const names = new Set(mine.map((e) => e.name.toLowerCase()));
      const lost = parent.entries.filter((e) => !names.has(e.name.toLowerCase()));
      if (lost.length === 0) continue;
      const list = lost.map((e) => e.name).join(', ');
      const first = ctx.span(lost[0]!.node);
      const where = first.file === ctx.span(level).file ? `${first.line}` : `${first.file}:${first.line}`;
      const from = {
        zh: `${levelLabel(parent.level)}（第 ${where} 行）`,
        en: `${levelLabel(parent.level)} (line ${where})`,
      };
      const here = level.context === 'location' ? locationLabel(level) : 'server';
      findings.push({
        node: level,
        severity: 'warning',
        message: {
          zh: `${here} 自己设置了 proxy_set_header，于是 ${from.zh} 设置的 ${list} 不再继承`,
          en: `${here} sets its own proxy_set_header, so ${list} set in ${from.en} ${lost.length === 1 ? 'is' : 'are'} no longer inherited`,
        },
        explanation: {
          zh:
            'proxy_set_header 的继承是“整表替换”而不是合并：某一层只要写了一条 proxy_set_header，外层（server、http）' +
            '的所有 proxy_set_header 在这一层就全部失效。为 WebSocket 在 location 里加上 Upgrade 和 Connection 时，' +
            'server 里的 Host、X-Forwarded-For 等就悄悄没了，后端收到的 Host 变成 proxy_pass 里的名字。' +
            '把需要的头在这一层重新写一遍（或放进一个 include 片段在各层引用）。场景 inherit-lost-at-server 展示了真实 nginx 的行为。',
          en:
            'proxy_set_header is inherited by replacement, not by merging: as soon as a level has one proxy_set_header, ' +
            'every proxy_set_header from outer levels (server, http) stops applying there. Adding Upgrade and Connection ' +
            "to a location for WebSocket silently drops the server's Host, X-Forwarded-For and the like; the backend then " +
            'sees the proxy_pass name as Host. Repeat the headers you need at this level (or keep them in a snippet ' +
            'included at each level). Scenario inherit-lost-at-server shows real nginx doing this.',
        },
        fix: {
          title: { zh: `在此处补上 ${list}`, en: `Repeat ${list} here` },
          edits: [
            insertAfter(
              ctx,
              mine.at(-1)!.node,
              lost.map((e) => renderDirective('proxy_set_header', [e.name, e.value])),
            ),
          ],
        },
      });
    }
    return findings;
  },
};
