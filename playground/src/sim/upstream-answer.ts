/**
 * What happens to an answer once nginx has it, for scenario v1 and v2 alike: `$upstream_*` and
 * proxy_redirect/proxy_cookie_* on the backend's headers, and the error_page line that catches it.
 */
import type { ConfigNode } from '../config/tree';
import { rewriteSetCookie } from '../eval/cookies';
import { type Evaluation, lateEvaluation } from '../eval/evaluate';
import { rewriteRedirect } from '../eval/redirects';
import type { Exchange } from './exchange';

/**
 * Once the upstream has answered: `$upstream_*` get their values (add_header is evaluated
 * again with them), and proxy_redirect rewrites Location and Refresh
 * (ngx_http_upstream_rewrite_location / _rewrite_refresh).
 */
export function afterUpstream(x: Exchange, ev: Evaluation): void {
  if (x.kind !== 'response' || ev.handling.kind !== 'proxy') return;
  const tries = x.tries ?? [];
  const later = lateEvaluation(ev);
  later.vars.upstream = {
    addrs: tries.map((t) => t.addr),
    statuses: tries.map((t) => t.status),
    headers: x.fromNginx ? [] : x.headers,
  };
  ev.addHeaders = later.addHeaders();
  if (x.fromNginx) return;
  const rules = ev.handling.redirects;
  // A backend's Location stays where it came among the headers, unless nginx rewrote it to a
  // path, which the header filter then makes absolute.
  x.locationInList = true;
  const cookies = ev.handling.cookies;
  // Only these headers change; most answers have none of them (a load scenario: thousands).
  if (!x.headers.some(([n]) => n === 'location' || n === 'refresh' || n === 'set-cookie')) return;
  x.headers = x.headers.map(([name, value]): [string, string] => {
    if (name === 'set-cookie' && cookies) return [name, rewriteSetCookie(value, cookies, later.vars)];
    if (rules === null) return [name, value];
    if (name === 'location') {
      const rewritten = rewriteRedirect(value, 0, rules, later.vars);
      if (rewritten === null) return [name, value];
      const absolute = later.absoluteLocation(rewritten);
      if (absolute.madeAbsolute) x.locationInList = false;
      return [name, absolute.value];
    }
    if (name === 'refresh') {
      const at = value.toLowerCase().indexOf('url=');
      if (at < 0) return [name, value];
      return [name, rewriteRedirect(value, at + 4, rules, later.vars) ?? value];
    }
    return [name, value];
  });
}

/**
 * The error_page line that catches this answer: nginx's own error statuses (from 300 on), or
 * the backend's with proxy_intercept_errors. `overwrite`: `=code` (0 for `=` alone), or null.
 */
export function errorPageFor(
  x: Extract<Exchange, { kind: 'response' }>,
  ev: Evaluation,
): { directive: ConfigNode; target: string; overwrite: number | null } | null {
  if (x.status < 300 || !(x.fromNginx || (ev.interceptErrors && ev.handling.kind === 'proxy'))) return null;
  if (ev.handling.kind === 'respond' && ev.handling.close) return null;
  for (const d of ev.errorPages) {
    const args = d.args;
    const last = args.length - 1;
    const eq = args[last - 1]?.startsWith('=') ? last - 1 : -1;
    const codes = args.slice(0, eq >= 0 ? eq : last);
    if (!codes.includes(String(x.status))) continue;
    const overwrite = eq >= 0 ? (args[eq] === '=' ? 0 : Number(args[eq]!.slice(1))) : null;
    return { directive: d, target: args[last] ?? '', overwrite };
  }
  return null;
}
