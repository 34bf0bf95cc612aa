/**
 * Request processing up to the point where nginx talks to a backend: server and location
 * selection, `set`, `return`, `proxy_pass`, the upstream request (line + headers with
 * provenance) and the timer settings that apply. No time passes here; the simulator does that.
 */

import {
  inheritanceChain,
  type ListDirective,
  listOf,
  nearest,
  type SettingDirective,
  settingsAt,
} from '../config/inherit';
import { type ConfigNode, type Source, sourceOf } from '../config/tree';
import { isIpLiteral, parseDuration } from '../config/values';
import type { HeaderDecision } from '../explain/types';
import { type CookieRules, cookieRules } from './cookies';
import { type Expires, expiresFor } from './expires';
import type { FileSystem } from './files';
import { buildUpstreamHeaders } from './headers';
import { validateHost } from './host';
import { type ConfigModel, type IfBlock, type LocationModel, locationName, type ServerModel } from './model';
import { type Peer, type ProxyTarget, parseProxyPass, peerOrder, upstreamUri } from './proxy';
import { type RedirectRule, redirectRules } from './redirects';
import type { RegexRunner } from './regex';
import { checkRequest, type HeaderRules, type RequestProblem } from './request-line';
import { newRewriteState, type PhaseEnd, type RewriteStep, runRewritePhase } from './rewrite';
import { defaultServer, findLocation, type LocationChoice, selectServer } from './routing';
import { type StaticPlan, staticPlan } from './static';
import { tryFiles } from './try-files';
import { escapeUri } from './uri-escape';
import {
  type ClientRequestInfo,
  type MapTrace,
  type RequestBodyState,
  RequestVariables,
  type UpstreamState,
} from './variables';
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

const TIMER_DEFAULTS: Record<keyof TimerSettings & SettingDirective, number> = {
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
  locationHow: LocationChoice['how'] | null;
  /** The `if` block whose configuration applies (the last true one in the location). */
  ifBlock: IfBlock | null;
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
  /** proxy_cookie_domain / _path / _flags (null: none apply). */
  cookies: CookieRules | null;
  /** proxy_bind: the local address nginx connects from (null: off or unset). */
  bind: string | null;
  /** proxy_redirect rules for Location and Refresh (null: off). */
  redirects: RedirectRule[] | null;
}

export type Handling =
  | { kind: 'no-listener'; port: number }
  /** nginx refuses the request before any server configuration runs (request line, Host, method). */
  | { kind: 'bad-request'; status: 400 | 405 | 501; log: string }
  /**
   * nginx answers by itself: `return`, a rewrite redirect, the trailing-slash redirect, or a
   * rewrite failure. `body` null: nginx's error page (or none); `close`: `return 444`.
   */
  | {
      kind: 'respond';
      status: number;
      body: string | null;
      /** Content-Type of `body` (default_type); absent for error pages. */
      contentType?: string;
      /**
       * The Location header as sent: a `/…` one made absolute by the header filter
       * (absolute_redirect), which also decides where it goes among the headers.
       */
      location: { value: string; madeAbsolute: boolean } | null;
      close: boolean;
      via:
        | 'return'
        | 'rewrite'
        | 'auto-redirect'
        | 'rewrite-cycle'
        | 'rewrite-empty'
        | 'no-resolver'
        | 'try-files';
      source: Source | null;
      /** The error.log line nginx writes for it, if any. */
      log: string | null;
    }
  | StaticPlan
  | ProxyPlan;

export interface Evaluation {
  handling: Handling;
  route: Route | null;
  timers: TimerSettings;
  /**
   * `server_tokens on` (the default) or `build`: the version appears in Server and error pages
   * (`build` adds the build name given to configure with --build; the builds played here have none).
   */
  serverTokens: boolean;
  /** `msie_padding` (on by default): MSIE and Chrome get padded error pages. */
  msiePadding: boolean;
  /**
   * The level of the request's error_log: `error_log file [level]` nearest the location (level
   * error when not given), else the main log the conformance runner adds at info.
   */
  errorLogLevel: string;
  /** keepalive with the client is allowed (keepalive_timeout > 0). */
  clientKeepalive: boolean;
  /** The `add_header`s of the configuration that applies. */
  addHeaders: AddHeader[];
  /** What the rewrite module's directives did, in order. */
  rewrites: RewriteStep[];
  /** error.log lines of `rewrite_log on`. */
  rewriteLog: string[];
  mapTraces: MapTrace[];
  warnings: string[];
  /**
   * Directives on the request's way that the simulator does not model (try_files, allow …):
   * real nginx may answer differently, and the playground says so on their lines.
   */
  unmodelled: Unmodelled[];
  /** `error_page` lines that apply (the innermost level that has any), for the status nginx answers. */
  errorPages: ConfigNode[];
  /** `proxy_intercept_errors on`: error_page also applies to the backend's answers. */
  interceptErrors: boolean;
  /** Problems found while evaluating (bad proxy_pass and the like), nginx-worded. */
  errors: Array<{ message: string; directive: ConfigNode }>;
  /** `expires` that applies (null: off, unset, or a variable value nginx cannot read). */
  expires: Expires | null;
  /** The client's address as nginx logs it (a proxy_bind address when nginx is its own client). */
  clientAddr: string;
  /** Internal redirects (index, try_files) in order, with the line that made each. */
  internalRedirects: Array<{ uri: string; source: Source }>;
}

/**
 * What is evaluated once the upstream has answered, kept beside the Evaluation (not in it:
 * the Evaluation stays plain data that can be compared and copied).
 */
export interface LateEvaluation {
  /** The request's variables (`$upstream_*` are set on them). */
  vars: RequestVariables;
  /** add_header again, with the upstream's answer known. */
  addHeaders: () => AddHeader[];
  /** A Location as the header filter writes it (made absolute when it starts with `/`). */
  absoluteLocation: (location: string) => { value: string; madeAbsolute: boolean };
  /** The block whose configuration applies (the true if, the location or the server), for settings read later. */
  conf: ConfigNode;
}

const late = new WeakMap<Evaluation, LateEvaluation>();

/** The late part of an evaluation (see LateEvaluation). */
export function lateEvaluation(ev: Evaluation): LateEvaluation {
  return late.get(ev)!;
}

function timerSettings(conf: ConfigNode): TimerSettings {
  const out = {} as TimerSettings;
  for (const name of Object.keys(TIMER_DEFAULTS) as Array<keyof TimerSettings>) {
    const d = nearest(conf, name);
    const ms = d?.args[0] !== undefined ? parseDuration(d.args[0]) : null;
    out[name] =
      ms !== null && d
        ? { seconds: ms / 1000, source: sourceOf(d) }
        : { seconds: TIMER_DEFAULTS[name], source: null };
  }
  return out;
}

function nextUpstreamSettings(conf: ConfigNode): ProxyPlan['nextUpstream'] {
  const d = nearest(conf, 'proxy_next_upstream');
  const args = d?.args ?? ['error', 'timeout'];
  const triesD = nearest(conf, 'proxy_next_upstream_tries');
  const timeoutD = nearest(conf, 'proxy_next_upstream_timeout');
  return {
    error: args.includes('error'),
    timeout: args.includes('timeout'),
    nonIdempotent: args.includes('non_idempotent'),
    tries: Number(triesD?.args[0] ?? 0) || 0,
    timeout_s: (timeoutD?.args[0] ? (parseDuration(timeoutD.args[0]) ?? 0) : 0) / 1000,
    statuses: args.filter((a) => /^http_\d{3}$/.test(a)).map((a) => Number(a.slice(5))),
  };
}

/**
 * The block whose configuration a request has: the last true `if` of its location, else the
 * location, else the server (before any location is chosen).
 */
export function configOf(route: Route): ConfigNode {
  return route.ifBlock?.directive ?? route.location?.directive ?? route.server.directive;
}

/** The `proxy_pass` that handles the request: the true `if`'s own, else its location's (never a parent's). */
export function proxyPassOf(route: Route): ConfigNode | undefined {
  return route.location ? nearest(configOf(route), 'proxy_pass') : undefined;
}

/** How explanations name a level: `if (line 12)`, `location /chat/`, `server`, `http`. */
export function levelLabel(level: ConfigNode): string {
  switch (level.opens) {
    case 'if in location':
    case 'if in server':
      return `if (line ${level.span.line})`;
    case 'location': {
      const { modifier, pattern } = locationName(level.args);
      return `location ${modifier ? `${modifier} ${pattern}` : pattern}`;
    }
    case 'server':
      return 'server';
    default:
      return 'http';
  }
}

function flag(conf: ConfigNode, name: Exclude<SettingDirective, ListDirective>, fallback: boolean): boolean {
  const d = nearest(conf, name);
  return d ? d.args[0] === 'on' : fallback;
}

/** merge_slashes of the server that parses the URI: the port's default server (no Host is read yet). */
function mergeSlashes(servers: ServerModel[], port: number): boolean {
  const server = defaultServer(servers, port);
  return server ? flag(server.directive, 'merge_slashes', true) : true;
}

function errorLogLevel(conf: ConfigNode): string {
  const d = nearest(conf, 'error_log');
  return d ? (d.args[1] ?? 'error') : 'info';
}

/** r->uri_changes starts at NGX_HTTP_MAX_URI_CHANGES + 1: the eleventh new search fails. */
const URI_CHANGES = 11;

/** How an error_page target re-enters the request: its URI (in `request.target`) or a named location. */
export interface ErrorPageRedirect {
  /** r->headers_in.server of the original request ('' when it had none, or an invalid one). */
  host: string | null;
  /** `@name`: the named location, skipping the location search. */
  named?: string;
  /** What the upstream answered the first time: `$upstream_*` keep it across the redirect. */
  upstream?: UpstreamState;
  /**
   * X-Accel-Redirect: r->uri and r->args set as they are (no normalisation), `$request_uri`
   * left the client's; the upstream URI is built from the new `$uri` (valid_unparsed_uri is 0).
   */
  uri?: { path: string; args: string; hasArgs: boolean };
  /** The request body nginx read before the redirect: `$request_body` and `$request_body_file` keep it. */
  requestBody?: RequestBodyState;
}

/**
 * ngx_http_process_request_header on Transfer-Encoding: only `chunked`, only on HTTP/1.1, and
 * never with a Content-Length.
 */
function transferEncodingProblem(
  httpVersion: string,
  headers: Array<[string, string]>,
): RequestProblem | null {
  const te = headers.find(([n]) => n.toLowerCase() === 'transfer-encoding');
  if (!te) return null;
  const during = ' while reading client request headers';
  if (httpVersion !== '1.1')
    return {
      status: 400,
      log: `[info] client sent HTTP/1.0 request with "Transfer-Encoding" header${during}`,
    };
  if (te[1].toLowerCase() !== 'chunked')
    return { status: 501, log: `[info] client sent unknown "Transfer-Encoding": "${te[1]}"${during}` };
  if (headers.some(([n]) => n.toLowerCase() === 'content-length'))
    return {
      status: 400,
      log: `[info] client sent "Content-Length" and "Transfer-Encoding" headers at the same time${during}`,
    };
  return null;
}

/** The index and static modules only act on these methods. */
const FILE_METHODS = new Set(['GET', 'HEAD', 'POST']);

/** Nothing exists on disk (the conformance prefix without scenario files). */
const NO_FILES: FileSystem = { isFile: () => false, isDirectory: () => false };

export function evaluate(
  model: ConfigModel,
  features: VersionFeatures,
  request: ClientRequestInfo,
  port: number,
  runner: RegexRunner,
  files: FileSystem = NO_FILES,
  redirect: ErrorPageRedirect | null = null,
): Evaluation {
  const vars = new RequestVariables(model, features, request);
  if (redirect?.upstream) vars.upstream = redirect.upstream;
  if (redirect?.requestBody) vars.requestBody = redirect.requestBody;
  const state = newRewriteState();
  if (redirect?.uri) {
    vars.setUri(redirect.uri.path, redirect.uri.args, redirect.uri.hasArgs);
    state.rewritten = true;
  }
  const redirects: Array<{ directive: ConfigNode; uri: string }> = [];
  // `conf`: the block whose configuration applies (see configOf); settings are inherited from the tree.
  const finish = (handling: Handling, route: Route | null, conf: ConfigNode): Evaluation => {
    const timers = timerSettings(conf);
    const result: Evaluation = {
      handling,
      route,
      timers,
      serverTokens: (nearest(conf, 'server_tokens')?.args[0] ?? 'on') !== 'off',
      msiePadding: flag(conf, 'msie_padding', true),
      errorLogLevel: errorLogLevel(conf),
      clientKeepalive: timers.keepalive_timeout.seconds > 0,
      addHeaders: addHeaders(conf, vars),
      rewrites: state.steps,
      rewriteLog: state.log,
      mapTraces: vars.mapTraces,
      warnings: vars.warnings,
      unmodelled: unmodelledOn(conf),
      errorPages: listOf(conf, 'error_page'),
      interceptErrors: flag(conf, 'proxy_intercept_errors', false),
      errors: [],
      expires: expiresFor(conf, vars),
      clientAddr: request.connection?.remoteAddr ?? request.remoteAddr ?? '127.0.0.1',
      internalRedirects: redirects.map((r) => ({ uri: r.uri, source: sourceOf(r.directive) })),
    };
    late.set(result, {
      conf,
      vars,
      addHeaders: () => addHeaders(conf, vars),
      absoluteLocation: (location) =>
        route
          ? absoluteLocation(location, conf, route.server, vars, port)
          : { value: location, madeAbsolute: false },
    });
    return result;
  };

  const hostHeader = request.headers.find(([n]) => n.toLowerCase() === 'host')?.[1];
  const rules = (host: string | null): HeaderRules => {
    const conf = selectServer(model.servers, port, host ?? undefined, runner)?.server.directive;
    return {
      ignoreInvalid: conf ? flag(conf, 'ignore_invalid_headers', true) : true,
      underscores: conf ? flag(conf, 'underscores_in_headers', false) : false,
    };
  };
  // An error_page redirect re-enters a request nginx already accepted: no checks again.
  const checked:
    | ReturnType<typeof checkRequest>
    | {
        path: string;
        host: string | null;
        methodProblem: null;
        headers: Array<[string, string]>;
        notes: string[];
      } = redirect
    ? {
        path: request.target,
        host: redirect.host,
        methodProblem: null,
        headers: [...request.headers],
        notes: [],
      }
    : checkRequest(
        request.method,
        request.target,
        request.headers,
        rules,
        (raw) => validateHost(raw, features.rfc3986Host),
        features.rfc3986Host,
        mergeSlashes(model.servers, port),
      );
  // Header lines nginx dropped are logged as it reads them, before anything else happens.
  vars.warnings.push(...checked.notes);
  const serverHost = 'problem' in checked ? undefined : (checked.host ?? undefined);
  const choice = selectServer(model.servers, port, serverHost, runner);
  if (!choice) return finish({ kind: 'no-listener', port }, null, model.http);
  const server = choice.server;
  vars.server = server;
  vars.serverPort = port;
  if (choice.captures) vars.captures = choice.captures;
  const route: Route = { server, serverHow: choice.how, location: null, locationHow: null, ifBlock: null };
  const current = () => configOf(route);
  const refuse = (problem: RequestProblem) =>
    finish({ kind: 'bad-request', status: problem.status, log: problem.log }, route, server.directive);
  if ('problem' in checked) return refuse(checked.problem);
  if (request.httpVersion === '1.1' && hostHeader === undefined && !redirect) {
    return refuse({
      status: 400,
      log: '[info] client sent HTTP/1.1 request without "Host" header while reading client request headers',
    });
  }
  const framing = redirect ? null : transferEncodingProblem(request.httpVersion, checked.headers);
  if (framing) return refuse(framing);
  if (checked.methodProblem) return refuse(checked.methodProblem);
  vars.serverHost = checked.host ?? '';
  if (checked.headers.length !== request.headers.length) {
    request = { ...request, headers: checked.headers };
    vars.request = { ...vars.request, headers: checked.headers };
  }
  if ('uri' in checked) {
    // Absolute-form: the URI is the path; the request line's host is r->headers_in.server.
    // Without a path the request line has no origin-form: what is sent on is the URI and arguments.
    const origin = checked.path.startsWith('?') ? `/${checked.path}` : checked.path;
    if (origin !== request.target) request = { ...request, target: origin };
    vars.setParsedTarget(checked.uri, checked.path, origin);
  }
  vars.files = () => {
    const plan = staticPlan(current(), route.location, vars.uri);
    return { filename: plan.filename, documentRoot: plan.documentRoot };
  };
  const redirectTo = (location: string) => absoluteLocation(location, current(), server, vars, port);
  const ended = (end: Exclude<PhaseEnd, { kind: 'done' }>): Evaluation => {
    const conf = current();
    return finish(phaseHandling(end, vars, conf, redirectTo), route, conf);
  };

  const rewriteLog = (conf: ConfigNode) => flag(conf, 'rewrite_log', false);
  // r->uri_changes: rewrites and internal redirects (index, try_files) share one budget.
  let changes = URI_CHANGES;
  let named: LocationModel | null = null;
  if (redirect?.named) {
    named = server.locations.find((l) => l.modifier === '@' && l.pattern === redirect.named) ?? null;
    if (!named) {
      const log = `[error] could not find named location "${redirect.named}"`;
      return finish(
        nginxAnswer(500, 'try-files', sourceOf(server.directive), { log }),
        route,
        server.directive,
      );
    }
  }
  /** ngx_http_internal_redirect: a new URI (and arguments, if it has any), searched from SERVER_REWRITE. */
  const internalRedirect = (target: string, d: ConfigNode): Evaluation | null => {
    const q = target.indexOf('?');
    const uri = q >= 0 ? target.slice(0, q) : target;
    if (q >= 0) vars.setUri(uri, target.slice(q + 1), true);
    else vars.setUri(uri, vars.args, vars.hasArgs);
    state.rewritten = true;
    redirects.push({ directive: d, uri });
    if (--changes === 0) {
      const log = `[error] rewrite or internal redirection cycle while internally redirecting to "${uri}"`;
      return finish(nginxAnswer(500, 'rewrite-cycle', sourceOf(d), { log }), route, current());
    }
    return null;
  };
  for (;;) {
    if (!named) {
      // SERVER_REWRITE: the server's own script, before any location is chosen.
      route.location = null;
      route.ifBlock = null;
      const serverEnd = runRewritePhase(
        server.script,
        { model, vars, files, inLocation: false, log: rewriteLog(current()) },
        state,
      );
      if (serverEnd.kind !== 'done') return ended(serverEnd);
    }

    // FIND_CONFIG → REWRITE → POST_REWRITE, again while a rewrite changes the URI. A named
    // location (try_files … @name) skips the search.
    for (;;) {
      if (named) {
        route.location = named;
        route.locationHow = 'exact';
        named = null;
      } else {
        const found = findLocation(server.locations, vars.uri);
        route.location = found?.location ?? null;
        route.locationHow = found?.how ?? null;
        if (found?.captures) vars.captures = found.captures;
        if (found?.how === 'redirect') {
          // clcf->escaped_name: the location's name, escaped once when the configuration is read.
          const name = escapeUri(found.location.pattern, 'uri');
          const target = vars.args !== '' ? `${name}?${vars.args}` : name;
          const answer = nginxAnswer(301, 'auto-redirect', sourceOf(found.location.directive), {
            location: redirectTo(target),
          });
          return finish(answer, route, current());
        }
      }
      route.ifBlock = null;
      // "skipping location rewrite phase for server null location"
      if (!route.location) break;
      const end = runRewritePhase(
        route.location.script,
        { model, vars, files, inLocation: true, log: rewriteLog(current()) },
        state,
      );
      // The true `if` of this pass applies to what follows (and is dropped by a new search).
      route.ifBlock = state.ifBlock;
      state.ifBlock = null;
      if (end.kind !== 'done') return ended(end);
      if (!state.uriChanged) break;
      state.uriChanged = false;
      if (--changes === 0) {
        const answer = nginxAnswer(500, 'rewrite-cycle', sourceOf(route.location.directive), {
          log: `[error] rewrite or internal redirection cycle while processing "${vars.uri}"`,
        });
        return finish(answer, route, current());
      }
    }

    const conf = current();

    // PRECONTENT: try_files of the location itself (it is not inherited), before any handler.
    const tryFilesD = route.location ? settingsAt(route.location.directive, 'try_files')[0] : undefined;
    let addUriToAlias = false;
    if (tryFilesD && tryFilesD.args.length >= 2) {
      const tried = tryFiles(tryFilesD, conf, route.location, vars, files);
      if (tried.kind === 'found') {
        vars.setUri(tried.uri, vars.args, vars.hasArgs);
        addUriToAlias = tried.addUriToAlias;
      } else if (tried.kind === 'code') {
        return finish(nginxAnswer(tried.status, 'try-files', sourceOf(tryFilesD)), route, conf);
      } else if (tried.kind === 'named') {
        named = server.locations.find((l) => l.modifier === '@' && l.pattern === tried.name) ?? null;
        if (!named) {
          const log = `[error] could not find named location "${tried.name}"`;
          return finish(nginxAnswer(500, 'try-files', sourceOf(tryFilesD), { log }), route, conf);
        }
        continue;
      } else {
        const stop = internalRedirect(tried.uri, tryFilesD);
        if (stop) return stop;
        continue;
      }
    }

    if (proxyPassOf(route)) break;

    // CONTENT: the index module answers a URI ending in `/` with its first index file that exists.
    const plan = staticPlan(conf, route.location, vars.uri, vars.args, addUriToAlias);
    if (plan.directory && FILE_METHODS.has(request.method)) {
      const dir = plan.path.slice(0, plan.path.length - plan.index[0]!.length);
      const indexD = listOf(conf, 'index')[0];
      let target: string | null = null;
      for (const raw of plan.index) {
        const name = vars.interpolate(raw);
        if (name.startsWith('/')) {
          target = name;
          break;
        }
        if (files.isFile(dir + name)) {
          target = vars.uri + name;
          break;
        }
      }
      if (target !== null) {
        const stop = internalRedirect(target, indexD ?? route.location?.directive ?? server.directive);
        if (stop) return stop;
        continue;
      }
    }
    return finish(plan, route, conf);
  }

  const conf = current();
  const location = route.location;
  const proxyPass = proxyPassOf(route)!;
  const filesPlan = staticPlan(conf, location, vars.uri, vars.args);
  if (proxyPass.args.length !== 1) return finish(filesPlan, route, conf);

  const url = vars.interpolate(proxyPass.args[0]!);
  const parsed = parseProxyPass(url, proxyPass, model.upstreams);
  if ('error' in parsed) {
    const result = finish(filesPlan, route, conf);
    result.errors.push({ message: parsed.error, directive: proxyPass });
    return result;
  }
  const target = parsed.target;
  // A name computed at run time is resolved then, with `resolver`, and never from /etc/hosts.
  const resolvedAtRunTime = withVariables(proxyPass) && !target.upstream && !isIpLiteral(target.host);
  if (resolvedAtRunTime && !nearest(conf, 'resolver')) {
    const log = `[error] no resolver defined to resolve ${target.host}`;
    return finish(nginxAnswer(502, 'no-resolver', sourceOf(proxyPass), { log }), route, conf);
  }
  vars.proxyHost = target.proxyHost;
  vars.proxyPort = String(target.port);
  const uri = upstreamUri(target, location, request.target, vars.uri, vars.args, {
    withVariables: withVariables(proxyPass),
    rewritten: state.rewritten,
    validLocation: state.validLocation,
  });

  const versionD = nearest(conf, 'proxy_http_version');
  const httpVersion =
    versionD?.args[0] === '1.1' || versionD?.args[0] === '1.0' ? versionD.args[0] : features.proxyHttpVersion;
  const methodD = nearest(conf, 'proxy_method');
  const method = methodD?.args[0] ? vars.interpolate(methodD.args[0]) : request.method;
  vars.upstreamChunked = httpVersion === '1.1' && !flag(conf, 'proxy_request_buffering', true);
  const setBody = nearest(conf, 'proxy_set_body')?.args[0];
  vars.setBody = setBody === undefined ? null : vars.interpolate(setBody);
  const headers = buildUpstreamHeaders(
    conf,
    vars,
    features,
    flag(conf, 'proxy_pass_request_headers', true),
    levelLabel,
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
  // Every level's lines count here (nginx takes the innermost level's, as for proxy_set_header).
  const names = (name: 'proxy_hide_header' | 'proxy_pass_header') =>
    new Set(
      inheritanceChain(conf)
        .flatMap((level) => settingsAt(level, name))
        .map((d) => (d.args[0] ?? '').toLowerCase()),
    );
  // finish() after $proxy_host is known: add_header values may use it.
  const result = finish(
    {
      kind: 'proxy',
      target,
      peers,
      singlePeer,
      requestLine: `${method} ${uri} HTTP/${httpVersion}`,
      headers: headers.sent,
      decisions: headers.decisions,
      httpVersion,
      keepalive,
      nextUpstream: nextUpstreamSettings(conf),
      hideHeaders: names('proxy_hide_header'),
      passHeaders: names('proxy_pass_header'),
      redirects: redirectRules(conf, target, proxyPass, location, runner),
      bind: bindAddress(conf, vars),
      cookies: cookieRules(conf, runner),
    },
    route,
    conf,
  );
  if (resolvedAtRunTime) {
    result.unmodelled.push(unmodelled('unmodelled-resolver', { host: target.host }, proxyPass));
  }
  return result;
}

type Respond = Extract<Handling, { kind: 'respond' }>;

/** Statuses for which `return` and ngx_http_send_response write a Location header. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** nginx answering by itself; `extra` sets what differs from an error page without a Location. */
function nginxAnswer(
  status: number,
  via: Respond['via'],
  source: Source,
  extra: Partial<Pick<Respond, 'body' | 'contentType' | 'location' | 'close' | 'log'>> = {},
): Respond {
  return {
    kind: 'respond',
    status,
    body: null,
    location: null,
    close: false,
    via,
    source,
    log: null,
    ...extra,
  };
}

/** What a `return`, a rewrite redirect or a failed rewrite answers. */
function phaseHandling(
  end: Exclude<PhaseEnd, { kind: 'done' }>,
  vars: RequestVariables,
  conf: ConfigNode,
  redirectTo: (location: string) => Respond['location'],
): Respond {
  const source = sourceOf(end.directive);
  if (end.kind === 'redirect') {
    return nginxAnswer(end.status, 'rewrite', source, { location: redirectTo(end.location) });
  }
  if (end.kind === 'error') return nginxAnswer(500, 'rewrite-empty', source, { log: end.log });
  const [first, second] = end.directive.args;
  if (first === undefined || !/^\d{3}$/.test(first)) {
    // `return URL` is a 302 (nginx -t lets only http://, https:// and $scheme URLs through).
    const location = redirectTo(first !== undefined ? vars.interpolate(first) : '');
    return nginxAnswer(302, 'return', source, { location });
  }
  const status = Number(first);
  // 444 is nginx's "close the connection without a response" (NGX_HTTP_CLOSE).
  if (status === 444) return nginxAnswer(status, 'return', source, { close: true });
  const text = second !== undefined ? vars.interpolate(second) : null;
  if (REDIRECTS.has(status))
    return nginxAnswer(status, 'return', source, { location: redirectTo(text ?? '') });
  // ngx_http_script_return_code: below 400, or with a text, nginx sends the text as the body;
  // otherwise the request ends with the status and nginx's error page.
  if (status < 400 || text !== null) {
    return nginxAnswer(status, 'return', source, { body: text ?? '', contentType: defaultType(conf) });
  }
  return nginxAnswer(status, 'return', source);
}

/** A directive the simulator does not run; `code` (in `reasonCodes`) says what nginx would do. */
export interface Unmodelled {
  code: string;
  params: Record<string, string>;
  directive: ConfigNode;
}

/**
 * Directives that change how nginx answers and that the simulator does not run; what each
 * would do is `unmodelled-<name>` in `reasonCodes`. Only the innermost of each counts, as
 * nginx's configuration merge does.
 */
const UNMODELLED = [
  'limit_except',
  'allow',
  'deny',
  'auth_basic',
  'auth_request',
  'internal',
  'mirror',
] as const satisfies readonly SettingDirective[];

export function unmodelled(code: string, params: Record<string, string>, directive: ConfigNode): Unmodelled {
  return { code, params, directive };
}

function unmodelledOn(conf: ConfigNode): Unmodelled[] {
  const out: Unmodelled[] = [];
  for (const name of UNMODELLED) {
    const d = nearest(conf, name);
    if (!d || (name === 'auth_basic' && d.args[0] === 'off')) continue;
    out.push(unmodelled(`unmodelled-${name}`, {}, d));
  }
  return out;
}

function bindAddress(conf: ConfigNode, vars: RequestVariables): string | null {
  const d = nearest(conf, 'proxy_bind');
  if (!d?.args[0] || d.args[0] === 'off') return null;
  return vars.interpolate(d.args[0]) || null;
}

const withVariables = (proxyPass: ConfigNode) => (proxyPass.args[0] ?? '').includes('$');

function defaultType(conf: ConfigNode): string {
  return nearest(conf, 'default_type')?.args[0] ?? 'text/plain';
}

/**
 * A Location that starts with `/` is made absolute by the header filter (absolute_redirect):
 * scheme, the Host the client sent (or the server's first name with server_name_in_redirect,
 * or the local address), and the port unless it is 80 (port_in_redirect).
 */
function absoluteLocation(
  location: string,
  conf: ConfigNode,
  server: ServerModel,
  vars: RequestVariables,
  port: number,
): { value: string; madeAbsolute: boolean } {
  if (!location.startsWith('/') || !flag(conf, 'absolute_redirect', true))
    return { value: location, madeAbsolute: false };
  let host: string;
  if (flag(conf, 'server_name_in_redirect', false)) host = server.serverName;
  else host = vars.hostHeader() || '127.0.0.1';
  const withPort = flag(conf, 'port_in_redirect', true) && port !== 80 ? `:${port}` : '';
  return { value: `http://${host}${withPort}${location}`, madeAbsolute: true };
}

/** One `add_header` that applies, its value evaluated (empty values are never sent). */
export interface AddHeader {
  name: string;
  value: string;
  always: boolean;
  source: Source;
  /**
   * `[warn]` lines evaluating the value writes. nginx evaluates it in the header filter, only
   * when the header applies, so they belong to the response, not to the request.
   */
  warnings: string[];
  /**
   * For a value that reads `$sent_http_*`: the value (and its warnings) evaluated against the
   * response's header list as it stands when this add_header runs.
   */
  evaluateAgainst?: (list: ReadonlyArray<readonly [string, string]>) => { value: string; warnings: string[] };
}

/** The innermost level with any `add_header` wins whole, as with proxy_set_header. */
function addHeaders(conf: ConfigNode, vars: RequestVariables): AddHeader[] {
  return listOf(conf, 'add_header')
    .filter((d) => d.args.length >= 2)
    .map((d) => {
      const raw = d.args[1]!;
      const evaluate = () => {
        const before = vars.warnings.length;
        const value = vars.interpolate(raw);
        return { value, warnings: vars.warnings.splice(before) };
      };
      const header: AddHeader = {
        name: d.args[0]!,
        ...evaluate(),
        always: d.args[2] === 'always',
        source: sourceOf(d),
      };
      if (/\$\{?sent_http_/i.test(raw))
        header.evaluateAgainst = (list) => {
          vars.responseHeaders = list;
          try {
            return evaluate();
          } finally {
            vars.responseHeaders = null;
          }
        };
      return header;
    });
}
