import { quoteArgument } from '../../config/print';
import type { LocationModel } from '../../eval/model';
import { matchesOnItsOwn } from '../../eval/query';
import { findLocation, locationChain } from '../../eval/routing';
import type { RuleContext } from '../context';
import { replaceDirective } from '../edits';
import { effectiveHeaders, findHeader } from '../headers';
import { type Finding, locationLabel, type Rule } from '../rule';

/** URIs the location is written for: its own path (and one below it), or a literal read off a regex. */
function samples(ctx: RuleContext, loc: LocationModel): string[] {
  const out: string[] = [];
  const path = ctx.scenario?.client?.request?.path?.split('?')[0];
  if (path && matchesOnItsOwn(loc, path)) out.push(path);
  if (loc.modifier === '' || loc.modifier === '^~') {
    out.push(loc.pattern, loc.pattern.endsWith('/') ? `${loc.pattern}x` : `${loc.pattern}/x`);
  } else if (loc.modifier === '=') {
    out.push(loc.pattern);
  } else if (loc.regex) {
    const literal = /^\^?((?:[A-Za-z0-9/_-]|\\\.)*)/.exec(loc.pattern)?.[1]?.replace(/\\\./g, '.') ?? '';
    if (literal && matchesOnItsOwn(loc, literal)) out.push(literal);
  }
  return [...new Set(out)];
}

function why(m: LocationModel['modifier']): { zh: string; en: string } {
  if (m === '=') return { zh: '精确匹配（=）立即胜出', en: 'an exact match (=) wins at once' };
  if (m === '^~')
    return {
      zh: '最长前缀带 ^~ 时不再检查正则 location',
      en: 'a longest prefix marked ^~ stops the regex search',
    };
  if (m === '~' || m === '~*')
    return {
      zh: '前缀匹配之后还会按顺序检查正则 location，第一个匹配的正则胜出',
      en: 'after the prefixes, regex locations are tried in order and the first match wins',
    };
  return { zh: '更长的前缀胜出', en: 'the longer prefix wins' };
}

export const locationShadowed: Rule = {
  id: 'ws-location-shadowed',
  check(ctx) {
    const findings: Finding[] = [];
    for (const ws of ctx.ws) {
      const at = ctx.model.placement(ws.node);
      const loc = at?.location;
      if (!at || !loc) continue;
      for (const uri of samples(ctx, loc)) {
        const found = findLocation(at.server.locations, uri)?.location;
        // Nested locations of the WebSocket location still sit under it.
        if (!found || locationChain(found).includes(loc)) continue;
        const winner = ctx.model.nodeOf(found);
        if (!winner) continue;
        // A winner that forwards Upgrade itself still proxies the WebSocket correctly.
        if (findHeader(effectiveHeaders(ctx.model, winner), 'upgrade')) continue;
        const canPin = loc.modifier === '' && (found.modifier === '~' || found.modifier === '~*');
        const reason = why(found.modifier);
        const line = ctx.span(winner).line;
        findings.push({
          node: ws.node,
          severity: 'warning',
          message: {
            zh: `请求 ${uri} 不会进入 ${locationLabel(ws.node)}，而是被第 ${line} 行的 ${locationLabel(winner)} 接走`,
            en: `A request for ${uri} does not reach ${locationLabel(ws.node)}: ${locationLabel(winner)} on line ${line} takes it`,
          },
          explanation: {
            zh:
              `nginx 选择 location 的顺序：精确匹配（=）立即胜出；否则记住最长前缀，若它带 ^~ 就用它；否则按出现顺序检查正则，` +
              `第一个匹配的正则胜出；都不匹配才用记住的前缀。这里${reason.zh}，于是 WebSocket 握手落到一个不转发 Upgrade 的 location。` +
              (canPin ? '给 WebSocket 的前缀 location 加上 ^~，就不会再被正则抢走。' : ''),
            en:
              'nginx picks a location like this: an exact match (=) wins at once; otherwise the longest prefix is remembered ' +
              'and used if marked ^~; otherwise regexes are tried in config order and the first match wins; only then the ' +
              `remembered prefix. Here ${reason.en}, so the WebSocket handshake lands in a location that does not forward ` +
              `Upgrade.${canPin ? ' Mark the WebSocket prefix location with ^~ so regexes cannot take it.' : ''}`,
          },
          ...(canPin
            ? {
                fix: {
                  title: { zh: `改为 location ^~ ${loc.pattern}`, en: `Use location ^~ ${loc.pattern}` },
                  edits: [replaceDirective(ctx, ws.node, `location ^~ ${quoteArgument(loc.pattern)} {`)],
                },
              }
            : {}),
        });
        break;
      }
    }
    return findings;
  },
};
