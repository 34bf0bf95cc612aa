import { proxyPassOf, type RuleContext } from '../context';
import { type Node, own } from '../tree';
import { hasModernProxyDefaults } from '../units';

/**
 * The upstream block a location proxies to when that upstream caches connections: `keepalive
 * N` set (N > 0), or, from 1.29.7, any upstream block without `keepalive 0`.
 */
export function keepaliveUpstream(
  ctx: RuleContext,
  location: Node,
): { upstream: Node; keepalive: Node | null } | null {
  const pass = proxyPassOf(location);
  if (!pass) return null;
  const upstream = ctx.upstreamFor(pass);
  if (!upstream) return null;
  const keepalive = own(upstream, 'keepalive').at(-1) ?? null;
  if (keepalive) return Number(keepalive.args[0] ?? '0') > 0 ? { upstream, keepalive } : null;
  return hasModernProxyDefaults(ctx.nginxVersion) ? { upstream, keepalive: null } : null;
}
