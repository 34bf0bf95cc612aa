import type { CodeTable } from '../../message';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, locationLabel } from '../rule';

const trailingSlashRedirectCodes = {
  'ws-trailing-slash-redirect.message': ['bare', 'name', 'location'],
  'ws-trailing-slash-redirect.explanation': ['bare', 'name'],
} as const satisfies CodeTable;

const say = ruleMessages(trailingSlashRedirectCodes);

/**
 * A location whose name ends in `/` and that proxies gets nginx's auto_redirect: a request
 * for the name without the slash is answered with a 301 before any upstream is contacted
 * (ngx_http_core_find_static_location returns NGX_DONE). Browsers follow it for pages; a
 * WebSocket handshake fails on anything but 101.
 *
 * Reported only when the scenario's WebSocket request is the one redirected: without a
 * request, `location /ws/` is the canonical way to write an endpoint and nothing says the
 * client leaves the slash out. No automatic fix: each option changes something else (the
 * client URL, what `location /chat` also matches, a second block to keep in step).
 */
export const trailingSlashRedirect = defineRule({
  id: 'ws-trailing-slash-redirect',
  guide: '/guides/troubleshooting/#t-trailing-slash',
  scenario: 'conformance/redirect-trailing-slash-301.yaml',
  codes: trailingSlashRedirectCodes,
  check(ctx) {
    const node = ctx.scenarioLocation;
    if (!node || ctx.scenarioHow !== 'redirect' || !ctx.scenarioUpgrades) return [];
    const name = ctx.model.locationOf(node)?.pattern;
    if (!name) return [];
    const bare = name.slice(0, -1);
    const label = locationLabel(node);
    const finding: Finding = {
      node,
      severity: 'error',
      message: say('ws-trailing-slash-redirect.message', { bare, name, location: label }),
      explanation: say('ws-trailing-slash-redirect.explanation', { bare, name }),
    };
    return [finding];
  },
});
