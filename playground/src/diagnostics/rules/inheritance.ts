import type { RuleContext } from '../context';
import { proxyPassOf } from '../context';
import { insertAfter, renderDirective } from '../edits';
import { inherited, inheritedFromOuter } from '../headers';
import { type Finding, ifLabel, locationLabel, type Rule } from '../rule';
import { type Node, own } from '../tree';
import type { Bilingual, RuleId } from '../types';

/**
 * "A level that sets the directive once loses every line of it from outer levels": the
 * inheritance by replacement that proxy_set_header and add_header share. One rule per
 * directive, same shape: the level that sets its own lines, the outer level whose lines it
 * drops, and a fix that repeats them.
 */

function levelLabel(node: Node): string {
  if (node.context === 'location') return locationLabel(node);
  if (node.context === 'if') return ifLabel(node);
  return node.d.directive || 'http';
}

interface LostText {
  /** What stops happening to the lost lines: "inherited" (upstream headers), "sent" (response headers). */
  lost: Bilingual;
  explanation: Bilingual;
}

/** The `if` blocks of proxied locations: a true one is a level of its own. */
function ifLevels(proxied: Node[]): Node[] {
  return proxied.flatMap((l) => l.children.filter((c) => c.context === 'if'));
}

function inheritanceLost(
  id: RuleId,
  directive: 'proxy_set_header' | 'add_header',
  options: { ifBlocks: boolean },
  text: LostText,
): Rule {
  return {
    id,
    check(ctx: RuleContext) {
      const findings: Finding[] = [];
      const proxied = ctx.locations.filter((l) => proxyPassOf(l));
      const ifs = options.ifBlocks ? ifLevels(proxied) : [];
      // The levels whose list some proxied request actually uses; computed once, since asking
      // per level made this rule quadratic in the number of locations.
      const used = new Set([...proxied, ...ifs].map((n) => inherited(ctx.model, n, directive)?.level));
      for (const level of [...ctx.servers, ...ctx.locations, ...ifs]) {
        const mine = own(level, directive);
        if (mine.length === 0) continue;
        if (!used.has(level)) continue;
        const parent = inheritedFromOuter(ctx.model, level, directive);
        if (!parent) continue;
        const key = (n: Node) => (n.d.args[0] ?? '').toLowerCase();
        const names = new Set(mine.map(key));
        const lost = parent.nodes.filter((n) => !names.has(key(n)));
        if (lost.length === 0) continue;
        const list = lost.map((n) => n.d.args[0] ?? '').join(', ');
        const first = ctx.span(lost[0]!);
        const where = first.file === ctx.span(level).file ? `${first.line}` : `${first.file}:${first.line}`;
        const from = {
          zh: `${levelLabel(parent.level)}（第 ${where} 行）`,
          en: `${levelLabel(parent.level)} (line ${where})`,
        };
        const here = level.context === 'server' ? 'server' : levelLabel(level);
        findings.push({
          node: level,
          severity: 'warning',
          message: {
            zh: `${here} 自己设置了 ${directive}，于是 ${from.zh}设置的 ${list} 不再${text.lost.zh}`,
            en: `${here} sets its own ${directive}, so ${list} set in ${from.en} ${lost.length === 1 ? 'is' : 'are'} no longer ${text.lost.en}`,
          },
          explanation: text.explanation,
          fix: {
            title: { zh: `在此处补上 ${list}`, en: `Repeat ${list} here` },
            edits: [
              insertAfter(
                ctx,
                mine.at(-1)!,
                lost.map((n) => renderDirective(directive, n.d.args)),
              ),
            ],
          },
        });
      }
      return findings;
    },
  };
}

export const headerInheritanceLost = inheritanceLost(
  'ws-header-inheritance-lost',
  'proxy_set_header',
  { ifBlocks: false },
  {
    lost: { zh: '继承', en: 'inherited' },
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
  },
);

export const addHeaderInheritanceLost = inheritanceLost(
  'ws-add-header-inheritance-lost',
  'add_header',
  { ifBlocks: true },
  {
    lost: { zh: '发送', en: 'sent' },
    explanation: {
      zh:
        'add_header 和 proxy_set_header 一样按“整表替换”继承，而不是合并：某一层只要写了一条 add_header，外层的 add_header ' +
        '在这一层就全部失效。常见的后果是 server 或 http 里统一加的安全头（Strict-Transport-Security、X-Frame-Options 等）' +
        '在某个 location 里悄悄消失。location 里成立的 if 也算一层：if 块里的 add_header 会让 location 自己的 add_header 失效。' +
        '把需要的头在这一层重新写一遍（或放进一个 include 片段在各层引用）。场景 add-header-server-lost-in-location ' +
        '展示了真实 nginx 的行为（if 的情形见 if-add-header-replaces-location）。',
      en:
        'add_header is inherited by replacement, not by merging, just like proxy_set_header: as soon as a level has one ' +
        'add_header, every add_header from outer levels stops applying there. The usual result is that security headers ' +
        'added once in server or http (Strict-Transport-Security, X-Frame-Options and the like) silently vanish in one ' +
        "location. A true if inside a location counts as a level too: an add_header in the if block drops the location's " +
        'own. Repeat the headers you need at this level (or keep them in a snippet included at each level). Scenario ' +
        'add-header-server-lost-in-location shows real nginx doing this (if-add-header-replaces-location for the if case).',
    },
  },
);
