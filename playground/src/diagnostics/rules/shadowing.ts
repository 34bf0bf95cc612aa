import { quoteArgument } from '../../config/print';
import type { RuleContext, WsLocation } from '../context';
import { replaceDirective } from '../edits';
import { effectiveHeaders, findHeader } from '../headers';
import { locationMatches, locationRegex, locationSpec, selectLocation } from '../locations';
import { type Finding, locationLabel, type Rule } from '../rule';
import { type Node, serverOf } from '../tree';

/** URIs the location is written for: its own path (and one below it), or a literal read off a regex. */
function samples(ctx: RuleContext, ws: WsLocation): string[] {
  const spec = locationSpec(ws.node);
  const out: string[] = [];
  const path = ctx.scenario?.client?.request?.path?.split('?')[0];
  if (path && locationMatches(ws.node, path)) out.push(path);
  if (spec.modifier === '' || spec.modifier === '^~') {
    out.push(spec.path, spec.path.endsWith('/') ? `${spec.path}x` : `${spec.path}/x`);
  } else if (spec.modifier === '=') {
    out.push(spec.path);
  } else if (locationRegex(spec)) {
    const literal = /^\^?((?:[A-Za-z0-9/_-]|\\\.)*)/.exec(spec.path)?.[1]?.replace(/\\\./g, '.') ?? '';
    if (literal && locationMatches(ws.node, literal)) out.push(literal);
  }
  return [...new Set(out)];
}

function isInside(node: Node | null, ancestor: Node): boolean {
  for (let n = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

function why(winner: Node): { zh: string; en: string } {
  const m = locationSpec(winner).modifier;
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
      const server = serverOf(ws.node);
      if (!server) continue;
      for (const uri of samples(ctx, ws)) {
        const winner = selectLocation(server, uri);
        if (!winner || winner === ws.node || isInside(winner, ws.node)) continue;
        // A winner that forwards Upgrade itself still proxies the WebSocket correctly.
        if (findHeader(effectiveHeaders(winner), 'upgrade')) continue;
        const spec = locationSpec(ws.node);
        const winnerSpec = locationSpec(winner);
        const canPin = spec.modifier === '' && (winnerSpec.modifier === '~' || winnerSpec.modifier === '~*');
        const reason = why(winner);
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
                  title: { zh: `改为 location ^~ ${spec.path}`, en: `Use location ^~ ${spec.path}` },
                  edits: [replaceDirective(ctx, ws.node, `location ^~ ${quoteArgument(spec.path)} {`)],
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
