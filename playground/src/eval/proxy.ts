/**
 * `proxy_pass` targets and the URI nginx sends upstream, plus the order in which an upstream's
 * servers are tried for one request (round-robin, `ip_hash`, `hash`).
 */
import type { ConfigNode } from '../config/tree';
import { consistentHashOrder, ipHashOrder, keyHashOrder } from './balancer';
import type { LocationModel, UpstreamModel, UpstreamServer } from './model';
import { escapeUri } from './uri-escape';

export interface ProxyTarget {
  url: string;
  scheme: 'http' | 'https';
  /** `host[:port]` as written. */
  authority: string;
  host: string;
  port: number;
  /** The URI part after the authority (`/`, `/x/`), or null when there is none. */
  uriPart: string | null;
  upstream: UpstreamModel | null;
  /** `$proxy_host`: the upstream name, or host[:port] with the default port left out. */
  proxyHost: string;
  directive: ConfigNode;
}

export type ProxyParse = { target: ProxyTarget } | { error: string };

export function parseProxyPass(
  url: string,
  directive: ConfigNode,
  upstreams: Map<string, UpstreamModel>,
): ProxyParse {
  const m = /^(https?):\/\/([^/]*)(\/.*)?$/i.exec(url);
  if (!m) return { error: `invalid URL prefix in "${url}"` };
  const scheme = m[1]!.toLowerCase() as 'http' | 'https';
  const authority = m[2]!;
  if (authority === '') return { error: `no host in "${url}"` };
  let host = authority;
  let port = scheme === 'https' ? 443 : 80;
  let explicitPort = false;
  const portMatch = /^(.*):(\d*)$/.exec(authority);
  if (portMatch && !authority.endsWith(']')) {
    host = portMatch[1]!;
    port = Number(portMatch[2]);
    explicitPort = true;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return { error: `invalid port in upstream "${authority}"` };
  }
  const upstream = explicitPort ? null : (upstreams.get(host.toLowerCase()) ?? null);
  const defaultPort = scheme === 'https' ? 443 : 80;
  return {
    target: {
      url,
      scheme,
      authority,
      host,
      port,
      uriPart: m[3] ?? null,
      upstream,
      proxyHost: upstream ? host : port === defaultPort ? host : `${host}:${port}`,
      directive,
    },
  };
}

/**
 * The URI of the upstream request line (`ngx_http_proxy_create_request`): without a URI part
 * the client's request target as sent; with one, the location prefix of the normalised URI
 * replaced by it, re-escaped only if the client escaped anything, then `?args`.
 */
/** How the request reached the proxy handler, as ngx_http_proxy_create_request reads it. */
export interface UriState {
  /** proxy_pass has variables: a URI part is sent as it is. */
  withVariables: boolean;
  /** A rewrite changed the URI (r->internal; the client's request line is no longer valid). */
  rewritten: boolean;
  /** r->valid_location: false after `rewrite … break`, when the URI part is ignored. */
  validLocation: boolean;
}

/**
 * The URI sent upstream: the client's request line as it came (no URI part, no rewrite);
 * a URI part in place of the location's prefix; the whole rewritten URI after `break`.
 */
export function upstreamUri(
  target: ProxyTarget,
  location: LocationModel | null,
  requestTarget: string,
  uri: string,
  args: string,
  state: UriState,
): string {
  const query = args.length > 0 ? `?${args}` : '';
  if (state.withVariables && target.uriPart !== null) return target.uriPart;
  if (target.uriPart === null || (!state.validLocation && !state.withVariables)) {
    return state.rewritten ? `${escapeUri(uri, 'uri')}${query}` : requestTarget;
  }
  const prefixLength =
    location && (location.modifier === '' || location.modifier === '^~' || location.modifier === '=')
      ? Math.min(location.pattern.length, uri.length)
      : 0;
  const rest = uri.slice(prefixLength);
  const quoted = state.rewritten || requestTarget.split('?')[0]!.includes('%');
  return `${target.uriPart}${quoted ? escapeUri(rest, 'uri') : rest}${query}`;
}

export interface Peer {
  /** The address as the config writes it (key into `scenario.backends`). */
  address: string;
  backup: boolean;
  /**
   * Failures that mark the server "temporarily disabled" (`max_fails`, default 1; 0 = never).
   * Each peer is tried at most once per request, so one failure reaches it only when this is 1.
   */
  maxFails: number;
  directive: ConfigNode;
}

/**
 * ngx_http_upstream_init_round_robin: `peers->single = (n == 1)` counts the non-backup
 * servers, `down` ones included, and any backup server clears it. A single peer is never
 * marked failed (ngx_http_upstream_free_round_robin_peer returns before counting fails), so
 * it never logs "upstream server temporarily disabled". One address per server: names are
 * not resolved here.
 */
export function isSingle(up: UpstreamModel): boolean {
  return up.servers.filter((s) => !s.backup).length === 1 && !up.servers.some((s) => s.backup);
}

/**
 * Servers in the order one request tries them: the balancer's first pick, then the others as
 * its later picks yield them (balancer.ts), then `backup` servers. `down` servers are never
 * tried. Approximation: least_conn and random behave like round-robin for a single request.
 */
export function peerOrder(
  up: UpstreamModel,
  hashKey: string,
): { peers: Peer[]; firstBy: string; single: boolean } {
  const hashed = up.servers.filter((s) => !s.backup);
  const backups = up.servers.filter((s) => s.backup && !s.down);
  const usable = hashed.filter((s) => !s.down);
  // nginx hashes only when there is a choice (peers->single) and, for `hash`, a non-empty key.
  const kind = usable.length === 0 || isSingle(up) ? 'round-robin' : up.balancer.kind;
  let order: UpstreamServer[];
  let firstBy = kind;
  if (kind === 'ip_hash') order = ipHashOrder(hashed, [127, 0, 0]).map((i) => hashed[i]!);
  else if (kind === 'hash' && hashKey !== '')
    order = (up.balancer.consistent ? consistentHashOrder : keyHashOrder)(hashed, hashKey).map(
      (i) => hashed[i]!,
    );
  else {
    // Smooth weighted round-robin: the first request goes to the heaviest server (first on ties).
    firstBy = 'round-robin';
    let first = 0;
    for (let i = 1; i < usable.length; i++) if (usable[i]!.weight > usable[first]!.weight) first = i;
    order = usable.length > 0 ? [usable[first]!, ...usable.filter((_, i) => i !== first)] : [];
  }
  const toPeer = (s: UpstreamModel['servers'][number]): Peer => ({
    address: s.address,
    backup: s.backup,
    maxFails: s.maxFails,
    directive: s.directive,
  });
  return {
    peers: [...order.map(toPeer), ...backups.map(toPeer)],
    firstBy,
    single: isSingle(up),
  };
}
