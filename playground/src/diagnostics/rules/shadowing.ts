import { quoteArgument } from '../../config/print';
import type { LocationModel } from '../../eval/model';
import { matchesOnItsOwn } from '../../eval/query';
import { findLocation, locationChain } from '../../eval/routing';
import type { CodeTable, Message } from '../../message';
import type { RuleContext } from '../context';
import { replaceDirective } from '../edits';
import { effectiveHeaders, findHeader } from '../headers';
import { ruleMessages } from '../messages';
import { regexExample } from '../regex-example';
import { defineRule, type Finding, locationLabel } from '../rule';

const locationShadowedCodes = {
  'ws-location-shadowed.why-exact': [],
  'ws-location-shadowed.why-caret': [],
  'ws-location-shadowed.why-regex': [],
  'ws-location-shadowed.why-prefix': [],
  'ws-location-shadowed.message': ['uri', 'location', 'line', 'winner'],
  'ws-location-shadowed.explanation': ['reason'],
  'ws-location-shadowed.explanation-pin': ['reason'],
  'ws-location-shadowed.fix': ['pattern'],
} as const satisfies CodeTable;

const say = ruleMessages(locationShadowedCodes);

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
    // A pattern with classes or groups (`/api/v[0-9]+/websocket$`) has no literal that matches.
    const example = regexExample(loc.pattern);
    if (example.startsWith('/') && matchesOnItsOwn(loc, example)) out.push(example);
  }
  return [...new Set(out)];
}

function why(m: LocationModel['modifier']): Message {
  if (m === '=') return say('ws-location-shadowed.why-exact');
  if (m === '^~') return say('ws-location-shadowed.why-caret');
  if (m === '~' || m === '~*') return say('ws-location-shadowed.why-regex');
  return say('ws-location-shadowed.why-prefix');
}

export const locationShadowed = defineRule({
  id: 'ws-location-shadowed',
  guide: '/guides/troubleshooting/#t-regex',
  scenario: 'diagnostics/ws-location-shadowed-regex.yaml',
  codes: locationShadowedCodes,
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
          message: say('ws-location-shadowed.message', {
            uri,
            location: locationLabel(ws.node),
            line,
            winner: locationLabel(winner),
          }),
          explanation: say(
            canPin ? 'ws-location-shadowed.explanation-pin' : 'ws-location-shadowed.explanation',
            { reason },
          ),
          ...(canPin
            ? {
                fix: {
                  title: say('ws-location-shadowed.fix', { pattern: loc.pattern }),
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
});
