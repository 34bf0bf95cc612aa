/**
 * Request processing up to the point where nginx talks to a backend: server and location
 * selection, `set`, `return`, `proxy_pass`, the upstream request (line + headers with
 * provenance) and the timer settings that apply. No time passes here; the simulator does that.
 */
import type { Directive } from '../config/ast';
import { parseDuration } from '../config/values';
import type { HeaderDecision } from '../sim/types';
import { buildUpstreamHeaders, type Level } from './headers';
import type { ConfigModel, LocationModel, ServerModel, Source } from './model';
import { sourceOf } from './model';
import { type Peer, type ProxyTarget, parseProxyPass, peerOrder, upstreamUri } from './proxy';
import type { RegexRunner } from './regex';
import { describeLocation, findLocation, locationChain, selectServer } from './routing';
import { type StaticPlan, staticPlan } from './static';
import { type ClientRequestInfo, type MapTrace, RequestVariables } from './variables';
import type { VersionFeatures } from './version';

/** A setting with its value in seconds and where it came from (null: nginx's default). */
export interface Setting {
  seconds: number;
  source: Source | null;
}

export interface TimerSettings {
  proxy_connect_timeout: Setting;
  proxy_read_timeout: Setting;
  proxy_send_timeout: Setting;
  send_timeout: Setting;
  keepalive_timeout: Setting;
  client_header_timeout: Setting;
}

const TIMER_DEFAULTS: Record<keyof TimerSettings, number> = {
  proxy_connect_timeout: 60,
  proxy_read_timeout: 60,
  proxy_send_timeout: 60,
  send_timeout: 60,
  keepalive_timeout: 75,
  client_header_timeout: 60,
};

export interface Route {
  server: ServerModel;
  serverHow: string;
  location: LocationModel | null;
  locationHow: string | null;
}

export interface ProxyPlan {
  kind: 'proxy';
  target: ProxyTarget;
  peers: Peer[];
  /**
   * One primary server and no backup (or a plain `proxy_pass` address): nginx never counts
   * its failures, so it is never "temporarily disabled" (peers->single).
   */
  singlePeer: boolean;
  requestLine: string;
  /** Header names as sent (config or client spelling). */
  headers: Array<[string, string]>;
  decisions: HeaderDecision[];
  httpVersion: '1.0' | '1.1';
  /** Whether the upstream connection may be cached (upstream keepalive). */
  keepalive: { count: number; source: Source | null } | null;
  nextUpstream: {
    error: boolean;
    timeout: boolean;
    /** `non_idempotent`: POST, LOCK and PATCH may be retried after the request was sent. */
    nonIdempotent: boolean;
    tries: number;
    timeout_s: number;
    statuses: number[];
  };
  hideHeaders: Set<string>;
  passHeaders: Set<string>;
}

export type Handling =
  | { kind: 'no-listener'; port: number }
  | { kind: 'no-host'; status: 400 }
  | { kind: 'return'; status: number; text: string | null; source: Source }
  | StaticPlan
  | ProxyPlan;

export interface Evaluation {
  handling: Handling;
  route: Route | null;
  timers: TimerSettings;
  /** `server_tokens on` (the default): the version appears in Server and error pages. */
  serverTokens: boolean;
  /** keepalive with the client is allowed (keepalive_timeout > 0). */
  clientKeepalive: boolean;
  mapTraces: MapTrace[];
  warnings: string[];
  /** Problems found while evaluating (bad proxy_pass and the like), nginx-worded. */
  errors: Array<{ message: string; directive: Directive }>;
}

function lookup(levels: Level[], name: string): Directive | undefined {
  for (const level of levels) {
    const d = level.directives.find((x) => x.directive === name);
    if (d) return d;
  }
  return undefined;
}

function timerSettings(levels: Level[]): TimerSettings {
  const out = {} as TimerSettings;
  for (const name of Object.keys(TIMER_DEFAULTS) as Array<keyof TimerSettings>) {
    const d = lookup(levels, name);
    const ms = d?.args[0] !== undefined ? parseDuration(d.args[0]) : null;
    out[name] =
      ms !== null && d
        ? { seconds: ms / 1000, source: sourceOf(d) }
        : { seconds: TIMER_DEFAULTS[name], source: null };
  }
  return out;
}

function nextUpstreamSettings(levels: Level[]): ProxyPlan['nextUpstream'] {
  const d = lookup(levels, 'proxy_next_upstream');
  const args = d?.args ?? ['error', 'timeout'];
  const triesD = lookup(levels, 'proxy_next_upstream_tries');
  const timeoutD = lookup(levels, 'proxy_next_upstream_timeout');
  return {
    error: args.includes('error'),
    timeout: args.includes('timeout'),
    nonIdempotent: args.includes('non_idempotent'),
    tries: Number(triesD?.args[0] ?? 0) || 0,
    timeout_s: (timeoutD?.args[0] ? (parseDuration(timeoutD.args[0]) ?? 0) : 0) / 1000,
    statuses: args.filter((a) => /^http_\d{3}$/.test(a)).map((a) => Number(a.slice(5))),
  };
}

export function levelsFor(model: ConfigModel, server: ServerModel, location: LocationModel | null): Level[] {
  return [
    ...locationChain(location).map((l) => ({
      label: `location ${describeLocation(l)}`,
      directives: l.directives,
    })),
    { label: 'server', directives: server.directives },
    { label: 'http', directives: model.http },
  ];
}

function flag(levels: Level[], name: string, fallback: boolean): boolean {
  const d = lookup(levels, name);
  return d ? d.args[0] === 'on' : fallback;
}

export function evaluate(
  model: ConfigModel,
  features: VersionFeatures,
  request: ClientRequestInfo,
  port: number,
  runner: RegexRunner,
): Evaluation {
  const vars = new RequestVariables(model, features, request);
  const serverLevels: Level[] = [{ label: 'http', directives: model.http }];
  const base = (handling: Handling, route: Route | null, levels: Level[]): Evaluation => {
    const timers = timerSettings(levels);
    return {
      handling,
      route,
      timers,
      serverTokens: flag(levels, 'server_tokens', true),
      clientKeepalive: timers.keepalive_timeout.seconds > 0,
      mapTraces: vars.mapTraces,
      warnings: vars.warnings,
      errors: [],
    };
  };

  const hostHeader = request.headers.find(([n]) => n.toLowerCase() === 'host')?.[1];
  const choice = selectServer(model.servers, port, hostHeader, runner);
  if (!choice) return base({ kind: 'no-listener', port }, null, serverLevels);
  const server = choice.server;
  vars.server = server;
  vars.serverPort = port;
  if (choice.captures) vars.captures = choice.captures;
  if (request.httpVersion === '1.1' && hostHeader === undefined) {
    return base(
      { kind: 'no-host', status: 400 },
      { server, serverHow: choice.how, location: null, locationHow: null },
      [{ label: 'server', directives: server.directives }, ...serverLevels],
    );
  }

  // Server-level rewrite phase: `set` and `return` run before a location is chosen.
  vars.runSets(server.directives);
  const serverReturn = server.directives.find((d) => d.directive === 'return');
  const found = findLocation(server.locations, vars.uri);
  const location = found?.location ?? null;
  if (found?.captures) vars.captures = found.captures;
  const route: Route = { server, serverHow: choice.how, location, locationHow: found?.how ?? null };
  const levels = levelsFor(model, server, location);
  if (serverReturn) return base(returnHandling(serverReturn, vars), route, levels);
  if (location) {
    vars.runSets(location.directives);
    const ret = location.directives.find((d) => d.directive === 'return');
    if (ret) return base(returnHandling(ret, vars), route, levels);
  }
  const proxyPass = location?.directives.find((d) => d.directive === 'proxy_pass');
  const files = staticPlan(levels, location, vars.uri);
  if (proxyPass?.args.length !== 1) return base(files, route, levels);

  const result = base(files, route, levels);
  const url = vars.interpolate(proxyPass.args[0]!);
  const parsed = parseProxyPass(url, proxyPass, model.upstreams);
  if ('error' in parsed) {
    result.errors.push({ message: parsed.error, directive: proxyPass });
    return result;
  }
  const target = parsed.target;
  vars.proxyHost = target.proxyHost;
  vars.proxyPort = String(target.port);
  const withVariables = proxyPass.args[0]!.includes('$');
  const uri = withVariables
    ? (target.uriPart ?? request.target)
    : upstreamUri(target, location, request.target, vars.uri, vars.args);

  const versionD = lookup(levels, 'proxy_http_version');
  const httpVersion =
    versionD?.args[0] === '1.1' || versionD?.args[0] === '1.0' ? versionD.args[0] : features.proxyHttpVersion;
  const methodD = lookup(levels, 'proxy_method');
  const method = methodD?.args[0] ? vars.interpolate(methodD.args[0]) : request.method;
  const headers = buildUpstreamHeaders(
    levels,
    vars,
    features,
    flag(levels, 'proxy_pass_request_headers', true),
  );

  let peers: Peer[];
  let singlePeer = true;
  let keepalive: ProxyPlan['keepalive'] = null;
  if (target.upstream) {
    const hashKey =
      target.upstream.balancer.kind === 'hash' ? vars.interpolate(target.upstream.balancer.key ?? '') : '';
    const order = peerOrder(target.upstream, hashKey);
    peers = order.peers;
    singlePeer = order.single;
    if (target.upstream.keepalive) {
      keepalive =
        target.upstream.keepalive.count > 0
          ? { count: target.upstream.keepalive.count, source: sourceOf(target.upstream.keepalive.directive) }
          : null;
    } else if (features.defaultUpstreamKeepalive > 0) {
      keepalive = { count: features.defaultUpstreamKeepalive, source: null };
    }
  } else {
    // An address in proxy_pass is an implicit upstream of one peer (max_fails 1, but single).
    peers = [{ address: target.authority, backup: false, maxFails: 1, directive: proxyPass }];
  }
  const names = (name: string) =>
    new Set(
      levels
        .flatMap((l) => l.directives)
        .filter((d) => d.directive === name)
        .map((d) => (d.args[0] ?? '').toLowerCase()),
    );
  result.handling = {
    kind: 'proxy',
    target,
    peers,
    singlePeer,
    requestLine: `${method} ${uri} HTTP/${httpVersion}`,
    headers: headers.sent,
    decisions: headers.decisions,
    httpVersion,
    keepalive,
    nextUpstream: nextUpstreamSettings(levels),
    hideHeaders: names('proxy_hide_header'),
    passHeaders: names('proxy_pass_header'),
  };
  return result;
}

function returnHandling(d: Directive, vars: RequestVariables): Handling {
  const [first, second] = d.args;
  const source = sourceOf(d);
  if (first !== undefined && /^\d{3}$/.test(first)) {
    return {
      kind: 'return',
      status: Number(first),
      text: second !== undefined ? vars.interpolate(second) : null,
      source,
    };
  }
  // `return URL` is a 302 redirect.
  return { kind: 'return', status: 302, text: first !== undefined ? vars.interpolate(first) : null, source };
}
