import type { DirectiveName } from '../../config/directives';
import type { CodeTable } from '../../message';
import { proxyPassOf } from '../context';
import { insertInto } from '../edits';
import { inherited } from '../headers';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, locationLabel } from '../rule';
import { enclosing, type Node, own } from '../tree';
import { parseDuration, seconds } from '../units';

const timeoutLostInNamedLocationCodes = {
  'ws-timeout-lost-in-named-location.message': ['directive', 'value', 'via', 'named', 'effective'],
  'ws-timeout-lost-in-named-location.explanation': [],
  'ws-timeout-lost-in-named-location.fix': ['directive', 'named'],
} as const satisfies CodeTable;

const say = ruleMessages(timeoutLostInNamedLocationCodes);

/** The idle timers of a proxied WebSocket, with nginx's default. */
const timers: Array<{ name: DirectiveName; fallback: string }> = [
  { name: 'proxy_read_timeout', fallback: '60s' },
  { name: 'proxy_send_timeout', fallback: '60s' },
];

/** Named locations a location jumps to: the last argument of try_files, an error_page target. */
function jumps(location: Node): Array<{ via: Node; name: string }> {
  const out: Array<{ via: Node; name: string }> = [];
  for (const c of own(location, 'try_files')) {
    const last = c.args.at(-1) ?? '';
    if (last.startsWith('@')) out.push({ via: c, name: last });
  }
  for (const c of own(location, 'error_page')) {
    const last = c.args.at(-1) ?? '';
    if (last.startsWith('@')) out.push({ via: c, name: last });
  }
  return out;
}

/**
 * A jump to a named location is an internal redirect: the request is handled by that
 * location's configuration alone, so a timeout set in the location it jumped from is gone and
 * the named location's own (or inherited, or the 60 s default) applies.
 */
export const timeoutLostInNamedLocation = defineRule({
  id: 'ws-timeout-lost-in-named-location',
  guide: '/guides/timeouts/',
  scenario: 'diagnostics/ws-timeout-lost-in-named-location.yaml',
  codes: timeoutLostInNamedLocationCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const location of ctx.locations) {
      for (const jump of jumps(location)) {
        const server = enclosing(location, 'server');
        const named = ctx.locations.find(
          (l) => l.args[0] === jump.name && enclosing(l, 'server') === server && proxyPassOf(l),
        );
        if (!named) continue;
        for (const timer of timers) {
          const mine = own(location, timer.name).at(-1);
          if (!mine) continue;
          const theirs = inherited(ctx.model, named, timer.name)?.nodes.at(-1);
          const value = parseDuration(mine.args[0] ?? '');
          const effective = parseDuration(theirs?.args[0] ?? timer.fallback);
          if (value === null || effective === null || value === effective) continue;
          findings.push({
            node: mine,
            severity: 'warning',
            message: say('ws-timeout-lost-in-named-location.message', {
              directive: timer.name,
              value: mine.args[0] ?? '',
              via: jump.via.name,
              named: locationLabel(named),
              effective: seconds(effective),
            }),
            explanation: say('ws-timeout-lost-in-named-location.explanation'),
            fix: {
              title: say('ws-timeout-lost-in-named-location.fix', {
                directive: timer.name,
                named: locationLabel(named),
              }),
              edits: [
                insertInto(ctx, named, [`${timer.name} ${mine.args[0] ?? ''};`], own(named, 'proxy_pass')[0]),
              ],
            },
          });
        }
      }
    }
    return findings;
  },
});
