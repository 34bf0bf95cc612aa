/**
 * One scenario, end to end, in virtual time: config check (`nginx -t`), request evaluation,
 * the upstream exchange, the response to the client, then either the WebSocket tunnel or the
 * idle keep-alive connection until the client's `until`. Deterministic, and never throws:
 * every failure becomes a structured error in `Simulation.errors`.
 */
import type { ConfigError } from '../config/ast';
import { formatConfigError } from '../config/check';
import { sourceOf } from '../config/tree';
import type { ConnectionBudget } from '../eval/connections';
import {
  type ErrorPageRedirect,
  type Evaluation,
  evaluate,
  lateEvaluation,
  proxyPassOf,
} from '../eval/evaluate';
import { PrefixFiles } from '../eval/files';
import { defaultRegexRunner, type RegexRunner } from '../eval/regex';
import { describeLocation, firstListenPort, serversOnPort } from '../eval/routing';
import { versionFeatures } from '../eval/version';
import { MAX_SIMULATED_EVENTS } from '../limits/counts';
import { exceedsBytes, MAX_CONFIG_BYTES, tooLargeMessage, utf8Bytes } from '../limits/size';
import { coerceScenario } from '../scenario/load';
import type { AnyOutcome, AnyScenario, OutcomeV2, RunOutcome, Scenario, ScenarioV2 } from '../scenario/types';
import { emptyRunOutcome, isScenarioV2 } from '../scenario/types';
import { accelCharset } from './accel-charset';
import { accelRedirectOf, accelTarget, keptHeaders, withKeptHeaders } from './accel-redirect';
import { configWarnings } from './config-warnings';
import { type Exchange, peerAddr, runExchange, type SelfUpstream } from './exchange';
import { detectLimits } from './limits';
import { answerLocally } from './local-answer';
import { notModelledList, unmodelledFeature, unmodelledNote } from './not-modelled';
import { statusLine, wantsErrorPadding } from './pages';
import { CONFIG_FILE, prepare } from './prepare';
import { isLogLevel, Recorder, seconds, shortenParams, toMs } from './recorder';
import { buildResponseHeaders, notSatisfiable, wireHeaderName } from './response-headers';
import { simulateV2 } from './simulate-v2';
import { runTunnel } from './tunnel';
import type { Simulation } from './types';
import { afterUpstream, errorPageFor } from './upstream-answer';

export interface SimulateOptions {
  /** Regex engine for config regexes; the default refuses catastrophic patterns. */
  regex?: RegexRunner;
  /** nginx version to model; overrides `scenario.nginx_version`. */
  nginxVersion?: string;
}

/**
 * How deep nginx may proxy to itself here. Real nginx loops until its worker_connections run
 * out; the simulator stops earlier and says it did not model the rest.
 */
const MAX_SELF_DEPTH = 4;

/** Error pages after which nginx closes the client connection (ngx_http_special_response_handler). */
const CLOSING_ERRORS = new Set([400, 413, 414, 500, 501]);

function emptyRun(): RunOutcome {
  return { ...emptyRunOutcome(), error_log: [] };
}

function engineError(code: string, error: string, line: number | null = null): ConfigError {
  return { file: CONFIG_FILE, line, error, code };
}

/** The reason code of a scenario the simulator does not play yet (see notModelledYet). */
export const NOT_MODELLED = 'unmodelled-scenario-v2';

export function simulate(input: Scenario, options?: SimulateOptions): Simulation;
export function simulate(input: AnyScenario, options?: SimulateOptions): Simulation<AnyOutcome>;
export function simulate(input: AnyScenario, options: SimulateOptions = {}): Simulation<AnyOutcome> {
  try {
    if (isScenarioV2(input)) return runV2(input, options);
    const beyond = notModelledYet(input);
    if (beyond) return beyond;
    return run(input, options);
  } catch (error) {
    return {
      outcome: emptyRun(),
      errors: [
        engineError('engine-internal', `simulator failure: ${(error as Error)?.message ?? String(error)}`),
      ],
      headers: [],
      timeline: [],
      transcript: [],
      errorLog: [],
    };
  }
}

/** Scenario v2: several clients and events (simulate-v2.ts), behind the same size limit as v1. */
function runV2(input: ScenarioV2, options: SimulateOptions): Simulation<OutcomeV2> {
  const configText = [input.config, ...Object.values(input.files ?? {})].join('\n');
  if (exceedsBytes(configText, MAX_CONFIG_BYTES)) {
    const message = tooLargeMessage('the config', utf8Bytes(configText), MAX_CONFIG_BYTES);
    return {
      outcome: { format: 'outcome@2', config_error: message },
      errors: [engineError('engine-config-too-large', message)],
      headers: [],
      timeline: [],
      transcript: [],
      errorLog: [],
    };
  }
  return simulateV2(input, {
    regex: options.regex ?? defaultRegexRunner,
    ...(options.nginxVersion ? { nginxVersion: options.nginxVersion } : {}),
  });
}

/**
 * Scripted backend answers in a v1 scenario are played by the conformance runner against real
 * nginx but not yet by the v1 simulator: say so, with a code the site and the CLI render, instead
 * of simulating something else. (Written as scenario v2, the same script is simulated.)
 */
function notModelledYet(input: Scenario): Simulation | null {
  const value = input as unknown as Record<string, unknown> | null;
  if (!value || typeof value !== 'object') return null;
  const backends = (value.backends ?? {}) as Record<string, { answers?: unknown } | null>;
  const feature =
    'events' in value
      ? 'events'
      : Object.values(backends).some((b) => b && typeof b === 'object' && b.answers !== undefined)
        ? 'answers'
        : null;
  if (!feature) return null;
  return {
    outcome: emptyRun(),
    errors: [
      {
        ...engineError('engine-unmodelled', NOT_MODELLED),
        explain: { code: NOT_MODELLED, params: { feature } },
      },
    ],
    headers: [],
    timeline: [],
    transcript: [],
    errorLog: [],
  };
}

function run(input: Scenario, options: SimulateOptions, depth = 0, remoteAddr?: string): Simulation {
  const { scenario, errors: problems } = coerceScenario(input);
  const runner = options.regex ?? defaultRegexRunner;
  const features = versionFeatures(options.nginxVersion ?? scenario.nginx_version);
  const errors: ConfigError[] = problems.map((p) =>
    engineError('scenario-invalid', `${p.path}: ${p.message}`),
  );
  const configText = [scenario.config, ...Object.values(scenario.files ?? {})].join('\n');
  if (exceedsBytes(configText, MAX_CONFIG_BYTES)) {
    const message = tooLargeMessage('the config', utf8Bytes(configText), MAX_CONFIG_BYTES);
    errors.unshift(engineError('engine-config-too-large', message));
    return {
      outcome: { format: 'outcome@1', config_error: message },
      errors,
      headers: [],
      timeline: [],
      transcript: [],
      errorLog: [],
    };
  }
  const prepared = prepare(scenario.config, scenario.files, runner, features.version);
  const rec = new Recorder();
  /**
   * The own upstream's "closed keepalive connection": written when this nginx closes the cached
   * upstream connection, which it does only when it stops, after everything else of the run.
   */
  const atShutdown: string[] = [];
  const base = (outcome: Simulation['outcome']): Simulation => {
    for (const line of atShutdown.splice(0)) rec.log(line);
    return {
      outcome: withNotModelled(outcome, errors),
      errors,
      headers: rec.headers,
      responseHeaders: rec.responseHeaders,
      timeline: rec.timeline,
      transcript: rec.transcript,
      errorLog: rec.errorLog,
    };
  };

  // A whole nginx.conf without `events {}`: the scenario format makes it optional and the
  // conformance runner adds an empty one, so the simulator does too, and says so.
  const withoutEvents = prepared.configErrors.filter((e) => e.code !== 'no-events');
  if (withoutEvents.length < prepared.configErrors.length && depth === 0)
    errors.push({ ...engineError('engine-note', 'events-added'), explain: { code: 'events-added' } });
  const nginxErrors = [...withoutEvents, ...prepared.model.errors];
  if (nginxErrors.length > 0) {
    // Not unshift(...list): a huge config can report more errors than a call takes arguments.
    const scenarioProblems = errors.splice(0);
    for (const e of nginxErrors) errors.push(e);
    for (const e of scenarioProblems) errors.push(e);
    return base({ format: 'outcome@1', config_error: formatConfigError(nginxErrors[0]!) });
  }
  for (const problem of prepared.model.regexProblems) errors.push(problem);
  if (depth === 0) for (const line of configWarnings(prepared)) rec.log(line);

  const port = scenario.client.port ?? firstListenPort(prepared.model.servers) ?? 80;
  const request = scenario.client.request;
  let ev = evaluate(
    prepared.model,
    features,
    {
      method: request.method,
      target: request.path,
      httpVersion: request.http_version,
      headers: request.headers,
      ...(remoteAddr ? { remoteAddr } : {}),
    },
    port,
    runner,
    new PrefixFiles(scenario.files),
  );
  for (const e of ev.errors)
    errors.push({
      ...engineError('eval', e.message, e.directive.span.line),
      file: sourceOf(e.directive).file,
    });
  for (const u of ev.unmodelled) errors.push(unmodelledNote(u));
  if (isLogLevel(ev.errorLogLevel)) rec.logLevel = ev.errorLogLevel;
  const first = ev;
  let selfRequests = 0;

  const outcome = emptyRun();
  /** What of this run the simulator does not model (limits.ts), once the response is known. */
  const noteLimits = (client: Evaluation, last: Evaluation, upstreamHeaders: Array<[string, string]>) => {
    const input = {
      request,
      root: prepared.parse.root,
      response: outcome.response ?? null,
      upstreamHeaders,
      ownRequests: selfRequests,
    };
    const found = detectLimits({ ...input, ev: client, conf: lateEvaluation(client).conf });
    // The error_page target's own constructs, each code once.
    if (last !== client)
      for (const e of detectLimits({
        ...input,
        ev: last,
        conf: lateEvaluation(last).conf,
      }))
        if (!found.some((f) => f.explain?.code === e.explain?.code)) found.push(e);
    for (const e of found) errors.push(e);
  };
  const untilMs = toMs(scenario.client.until);
  rec.event(0, 'client', 'nginx', 'connect', `connect 127.0.0.1:${port}`);
  rec.say(0, '*', `Trying 127.0.0.1:${port}...`);
  if (ev.handling.kind === 'no-listener') {
    rec.say(0, '*', `connect to 127.0.0.1 port ${port} failed: Connection refused`);
    rec.event(0, 'nginx', 'client', 'refused', 'connection refused', {
      explain: { code: 'no-listener', params: { port } },
    });
    outcome.error_log = rec.errorLog;
    return base(outcome);
  }
  rec.say(0, '*', `Connected to 127.0.0.1 port ${port}`);
  const requestLine = `${request.method} ${request.path} HTTP/${request.http_version}`;
  rec.event(0, 'client', 'nginx', 'request', requestLine);
  rec.say(0, '>', requestLine);
  for (const [n, v] of request.headers) rec.say(0, '>', `${n}: ${v}`);
  rec.say(0, '>', '');
  const clientUpgrade = request.headers.some(([n]) => n.toLowerCase() === 'upgrade');
  // Written while nginx evaluates the request (before any upstream contact), as nginx does.
  for (const warning of ev.warnings) rec.log(warning);
  noteRewrites(ev, rec);

  const self: SelfUpstream = (address, plan, at) => {
    const [host, port] = splitAddr(peerAddr(address));
    if (host !== '127.0.0.1' || serversOnPort(prepared.model.servers, port).length === 0) return null;
    selfRequests++;
    if (depth >= MAX_SELF_DEPTH) {
      errors.push(engineError('engine-unmodelled', 'unmodelled-self-loop'));
      return { answerAfter: null, status: 0, headers: [], backend: null };
    }
    const [method = 'GET', target = '/'] = plan.requestLine.split(' ');
    const inner = run(
      {
        ...scenario,
        client: {
          port,
          request: { method, path: target, http_version: plan.httpVersion, headers: plan.headers },
          steps: [],
          until: Math.max(0, (untilMs - at) / 1000),
        },
      },
      options,
      depth + 1,
      plan.bind ?? undefined,
    );
    for (const line of inner.errorLog)
      if (line.endsWith('closed keepalive connection')) atShutdown.push(line);
      else rec.log(line);
    const innerOutcome = inner.outcome as RunOutcome;
    for (const u of innerOutcome.upstream ?? []) rec.upstream.push(u);
    for (const e of inner.errors)
      if (!errors.some((x) => x.error === e.error && x.line === e.line)) errors.push(e);
    const response = innerOutcome.response;
    if (!response) return { answerAfter: null, status: 0, headers: [], backend: null };
    const sent = (inner.responseHeaders ?? [])
      .filter((d) => d.sent)
      .map((d): [string, string] => [d.name, d.value ?? '']);
    return { answerAfter: toMs(response.at), status: response.status, headers: sent, backend: null };
  };
  /** The request again after an internal redirect: from the server's rewrite phase, or a named location. */
  const evaluateAgain = (
    from: Evaluation,
    method: string,
    target: string,
    redirect: Omit<ErrorPageRedirect, 'host'>,
  ) => {
    const later = lateEvaluation(from);
    const again = evaluate(
      prepared.model,
      features,
      {
        method,
        target,
        httpVersion: request.http_version,
        headers: later.vars.request.headers,
        ...(remoteAddr ? { remoteAddr } : {}),
      },
      port,
      runner,
      new PrefixFiles(scenario.files),
      { host: later.vars.serverHost, ...redirect },
    );
    for (const warning of again.warnings) rec.log(warning);
    noteRewrites(again, rec);
    return again;
  };
  let exchange = respond(ev, scenario, clientUpgrade, untilMs, rec, errors, prepared.model.connections, self);
  const upstreamHeaders = exchange.kind === 'response' && !exchange.fromNginx ? exchange.headers : [];
  outcome.upstream = rec.upstream;
  if (exchange.kind === 'closed') {
    rec.event(exchange.at, 'nginx', 'client', 'close', 'close (no response)');
    rec.say(exchange.at, '*', 'connection closed by nginx without a response');
    outcome.error_log = rec.errorLog;
    return withRoute(base(outcome), ev);
  }
  if (exchange.kind === 'client-gone') {
    rec.event(exchange.at, 'client', 'nginx', 'close', 'client drops TCP');
    rec.say(exchange.at, '*', 'client closes the connection before any response (until)');
    outcome.error_log = rec.errorLog;
    return withRoute(base(outcome), ev);
  }

  if (ev.handling.kind === 'proxy') afterUpstream(exchange, ev);
  const accel = accelRedirectOf(exchange, ev);
  if (accel !== null) {
    // Before error_page: what the redirect ends in (a 404 for an unsafe URI too) can be caught.
    const later = lateEvaluation(ev);
    const target = accelTarget(accel);
    const kept = keptHeaders(exchange);
    rec.event(exchange.at, 'nginx', null, 'note', `X-Accel-Redirect → ${accel}`, {
      explain: { code: 'internal-redirect', params: { uri: accel } },
    });
    if (target.kind === 'unsafe') {
      rec.log(
        `[error] unsafe URI "${target.logged}" was detected while reading response header from upstream`,
      );
      const notFound = { ...exchange, status: 404, headers: [], backend: null, fromNginx: true };
      exchange = withKeptHeaders(kept, notFound);
    } else {
      const named = target.kind === 'named';
      const ev2 = evaluateAgain(
        ev,
        named || request.method === 'HEAD' ? request.method : 'GET',
        later.vars.request.target,
        {
          ...(later.vars.upstream ? { upstream: later.vars.upstream } : {}),
          ...(named ? { named: target.name } : { uri: target }),
        },
      );
      const connections = prepared.model.connections;
      const second = respond(ev2, scenario, clientUpgrade, untilMs, rec, errors, connections, self);
      ev = ev2;
      if (second.kind !== 'response') {
        rec.event(second.at, 'nginx', 'client', 'close', 'close (no response)');
        outcome.upstream = rec.upstream;
        outcome.error_log = rec.errorLog;
        return withRoute(base(outcome), ev);
      }
      if (ev2.handling.kind === 'proxy') afterUpstream(second, ev2);
      exchange = withKeptHeaders(kept, { ...second, at: Math.max(exchange.at, second.at) });
    }
  }
  // error_page: nginx's own error answers (and the backend's, with proxy_intercept_errors) go
  // to another URI, a named location or a URL, once (recursive_error_pages is not modelled).
  const page = errorPageFor(exchange, ev);
  if (page) {
    const later = lateEvaluation(ev);
    const target = later.vars.interpolate(page.target);
    rec.event(exchange.at, 'nginx', null, 'note', `error_page ${exchange.status} → ${target}`, {
      source: sourceOf(page.directive),
      explain: { code: 'error-page', params: { status: exchange.status, target } },
    });
    if (target.startsWith('/') || target.startsWith('@')) {
      const named = target.startsWith('@');
      // ngx_http_send_error_page: a URI is requested with GET (HEAD stays HEAD).
      const method = named || request.method === 'HEAD' ? request.method : 'GET';
      const ev2 = evaluateAgain(
        ev,
        method,
        named ? later.vars.request.target : target,
        named ? { named: target } : {},
      );
      if (isLogLevel(ev2.errorLogLevel)) rec.logLevel = ev2.errorLogLevel;
      // $upstream_* keep what the first upstream answered (r->upstream_states survive the redirect).
      if (later.vars.upstream && ev2.handling.kind !== 'proxy') {
        const later2 = lateEvaluation(ev2);
        later2.vars.upstream = later.vars.upstream;
        ev2.addHeaders = later2.addHeaders();
      }
      const first = exchange;
      const second = respond(
        ev2,
        scenario,
        clientUpgrade,
        untilMs,
        rec,
        errors,
        prepared.model.connections,
        self,
      );
      if (second.kind !== 'response') {
        exchange = second;
      } else {
        if (ev2.handling.kind === 'proxy') afterUpstream(second, ev2);
        // The status is the first error's (or `=code`'s, or with `=` the target's), unless the
        // target ends in an error of its own, which nginx then answers with its page.
        const ownError = second.fromNginx && second.status >= 300;
        const status = ownError || page.overwrite === 0 ? second.status : (page.overwrite ?? first.status);
        // A Location of the target's own (ngx_http_clear_location before it sets one) replaces the first.
        const ownLocation = second.headers.some(([n]) => n === 'location');
        const carried = carriedHeaders(first, features.joinRepeatedHeaders).filter(
          ([n]) => n !== 'location' || !ownLocation,
        );
        const carriesLocation = carried.some(([n]) => n === 'location');
        exchange = {
          ...second,
          headers: [...carried, ...second.headers],
          at: Math.max(first.at, second.at),
          status,
          ...(carriesLocation && first.kind === 'response' && first.locationInList !== undefined
            ? { locationInList: first.locationInList }
            : {}),
        };
      }
      ev = ev2;
    } else {
      const redirect = page.overwrite !== null && [301, 302, 303, 307, 308].includes(page.overwrite);
      exchange = {
        kind: 'response',
        at: exchange.at,
        status: redirect ? page.overwrite! : 302,
        headers: [['location', target]],
        backend: null,
        fromNginx: true,
        locationInList: !target.startsWith('/'),
      };
    }
    if (exchange.kind === 'closed' || exchange.kind === 'client-gone') {
      rec.event(exchange.at, 'nginx', 'client', 'close', 'close (no response)');
      outcome.upstream = rec.upstream;
      outcome.error_log = rec.errorLog;
      if (depth === 0) noteLimits(first, ev, upstreamHeaders);
      return withRoute(base(outcome), ev);
    }
  }
  outcome.upstream = rec.upstream;
  const serverHeader = ev.serverTokens ? `nginx/${features.version}` : 'nginx';
  const tunnel = exchange.status === 101 && clientUpgrade && !exchange.fromNginx && !exchange.heldUpgrade;
  const keepalive =
    !tunnel &&
    exchange.status !== 101 &&
    ev.clientKeepalive &&
    wantsKeepalive(request) &&
    // ngx_http_special_response_handler drops keepalive after its own 400, 413, 414, 500 and
    // 501 pages; the same status relayed from the backend keeps the client connection
    // (backend-plain-status-400), and so does a `return` with a text.
    !(exchange.fromNginx && CLOSING_ERRORS.has(exchange.status)) &&
    // Refused while the request was read: r->keepalive is set only later, in ngx_http_handler.
    ev.handling.kind !== 'bad-request';
  const userAgent = request.headers.find(([n]) => n.toLowerCase() === 'user-agent')?.[1];
  const padded = ev.msiePadding && wantsErrorPadding(userAgent);
  const headerOptions = { server: serverHeader, version: features.version, keepalive, padded, ranges: true };
  let built = buildResponseHeaders(exchange, ev, headerOptions);
  if (built.status) exchange = { ...exchange, status: built.status };
  if (built.range.kind === 'not-satisfiable') {
    // The 416 goes through the header filters again as nginx's own error page; error_page 416
    // would redirect it instead, which is not modelled.
    const answer = notSatisfiable(exchange, built.sent, built.range.total);
    if (errorPageFor(answer, ev)) errors.push(unmodelledFeature('unmodelled-ranges'));
    else {
      exchange = answer;
      built = buildResponseHeaders(exchange, ev, headerOptions);
    }
  }
  const headers = built.sent;
  for (const line of built.log) rec.log(line);
  // The charset filter runs after add_header's, on the backend's answer as nginx passes it on.
  const charset = exchange.fromNginx
    ? null
    : accelCharset(
        exchange.headers,
        headers.some(([n]) => n === 'content-type'),
        ev,
        prepared.model,
      );
  if (charset?.kind === 'unknown') rec.log(`${charset.log} while reading response header from upstream`);
  if (charset?.kind === 'known') errors.push(unmodelledFeature('unmodelled-x-accel-charset'));
  rec.responseHeaders.push(...built.decisions);
  if (built.skippedAddHeaders.length > 0) {
    rec.event(exchange.at, 'nginx', null, 'note', `add_header skipped on ${exchange.status}`, {
      source: built.skippedAddHeaders[0]!.source,
      explain: {
        code: 'add-header-skipped',
        params: { status: exchange.status, names: built.skippedAddHeaders.map((h) => h.name).join(', ') },
      },
    });
  }
  outcome.response = {
    at: seconds(exchange.at),
    status: exchange.status,
    headers: joinRepeated(headers),
  };
  rec.event(exchange.at, 'nginx', 'client', 'response', statusLine(exchange.status));
  rec.say(exchange.at, '<', `HTTP/1.1 ${statusLine(exchange.status)}`);
  for (const [n, v] of headers) rec.say(exchange.at, '<', `${wireHeaderName(n)}: ${v}`);
  rec.say(exchange.at, '<', '');

  if (tunnel && exchange.backend) {
    outcome.tunnel = true;
    rec.event(exchange.at, 'nginx', null, 'tunnel', 'tunnel open', { explain: { code: 'tunnel-open' } });
    rec.say(exchange.at, '*', 'WebSocket connection established');
    const result = runTunnel(
      exchange.at,
      untilMs,
      scenario.client.steps,
      exchange.backend,
      {
        ms: toMs(ev.timers.proxy_read_timeout.seconds),
        source: ev.timers.proxy_read_timeout.source,
      },
      rec,
    );
    outcome.end = result.end;
  } else {
    afterResponse(exchange.at, untilMs, keepalive && !exchange.heldUpgrade, ev, scenario, rec);
  }
  noteEventLimit(rec, errors);
  outcome.frames = rec.frames;
  outcome.error_log = rec.errorLog;
  if (depth === 0) noteLimits(first, ev, upstreamHeaders);
  return withRoute(base(outcome), ev);
}

/** The recorder stopped at its event cap: say when, as a located engine note. */
function noteEventLimit(rec: Recorder, errors: ConfigError[]): void {
  if (rec.stoppedAt === null) return;
  const params = { limit: MAX_SIMULATED_EVENTS, at: seconds(rec.stoppedAt) };
  errors.push({
    ...engineError(
      'engine-event-limit',
      `more than ${params.limit} events: the scenario stops at t=${params.at} s`,
    ),
    explain: { code: 'event-limit', params },
  });
}

function wantsKeepalive(request: Scenario['client']['request']): boolean {
  const connection = request.headers
    .filter(([n]) => n.toLowerCase() === 'connection')
    .map(([, v]) => v.toLowerCase())
    .join(',');
  if (request.http_version === '1.0') return connection.includes('keep-alive');
  return !connection.split(',').some((t) => t.trim() === 'close');
}

function respond(
  ev: Evaluation,
  scenario: Scenario,
  clientUpgrade: boolean,
  untilMs: number,
  rec: Recorder,
  errors: ConfigError[],
  budget: ConnectionBudget,
  self: SelfUpstream,
): Exchange {
  const h = ev.handling;
  if (h.kind === 'proxy')
    return runExchange(
      h,
      ev.timers,
      scenario.backends,
      scenario.client.request.method,
      clientUpgrade,
      untilMs,
      rec,
      budget,
      self,
    );
  return answerLocally(ev, scenario.client.request.method, scenario.files, rec, errors);
}

/**
 * Headers of the first answer that outlive error_page's internal redirect: nginx does not clear
 * r->headers_out, so the Location of its own redirect (`return 302 text`) stays, and an
 * intercepted 401 hands on the upstream's WWW-Authenticate (ngx_http_upstream_intercept_errors:
 * the first before 1.23.0, every one since).
 */
function carriedHeaders(first: Exchange, every: boolean): Array<[string, string]> {
  if (first.kind !== 'response') return [];
  if (first.fromNginx) return first.headers.filter(([n]) => n === 'location');
  if (first.status !== 401) return [];
  const auth = first.headers.filter(([n]) => n === 'www-authenticate');
  return every ? auth : auth.slice(0, 1);
}

/** What the simulator did not model on this run, in the outcome itself (not-modelled.ts). */
function withNotModelled(outcome: Simulation['outcome'], errors: ConfigError[]): Simulation['outcome'] {
  if ('config_error' in outcome) return outcome;
  const list = notModelledList(errors);
  if (list === null) {
    delete outcome.not_modelled;
    return outcome;
  }
  outcome.not_modelled = list;
  return outcome;
}

/** The outcome's header object: a repeated header's values joined with `, `, as the recordings hold them. */
function joinRepeated(headers: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) out[name] = name in out ? `${out[name]}, ${value}` : value;
  return out;
}

function splitAddr(addr: string): [string, number] {
  const i = addr.lastIndexOf(':');
  return [addr.slice(0, i), Number(addr.slice(i + 1))];
}

/** A short label for nginx answering by itself (the explanation says why). */
function respondLabel(h: Extract<Evaluation['handling'], { kind: 'respond' }>): string {
  if (h.close) return 'return 444: close';
  if (h.location !== null) return `${h.status} → ${h.location.value}`;
  switch (h.via) {
    case 'rewrite-cycle':
      return 'rewrite cycle: 500';
    case 'rewrite-empty':
      return 'empty URI: 500';
    case 'no-resolver':
      return 'no resolver: 502';
    default:
      return `return ${h.status}`;
  }
}

/** What the rewrite module did, as notes at the moment the request arrives. */
function noteRewrites(ev: Evaluation, rec: Recorder): void {
  for (const line of ev.rewriteLog) rec.log(line);
  for (const rewrite of ev.rewrites) {
    // A rewrite can grow the URI to kilobytes; the note quotes it shortened.
    const step = { ...rewrite, params: shortenParams(rewrite.params) };
    const label =
      step.code === 'rewrite-uri'
        ? `rewrite ${step.params.from} → ${step.params.to}`
        : step.code === 'rewrite-break'
          ? 'break'
          : `if (${step.params.condition}): ${step.code === 'rewrite-if-true' ? 'true' : 'false'}`;
    rec.event(0, 'nginx', null, 'note', label, {
      source: sourceOf(step.directive),
      explain: { code: step.code, params: step.params },
    });
  }
  for (const r of ev.internalRedirects) {
    rec.event(0, 'nginx', null, 'note', `internal redirect → ${r.uri}`, {
      source: r.source,
      explain: { code: 'internal-redirect', params: { uri: r.uri } },
    });
  }
  const h = ev.handling;
  if (h.kind === 'respond') {
    rec.event(0, 'nginx', null, 'note', respondLabel(h), {
      ...(h.source ? { source: h.source } : {}),
      explain: {
        code: h.close ? 'respond-close' : `respond-${h.via}`,
        params: { status: h.status, location: h.location?.value ?? '' },
      },
    });
  }
}

/** After a plain response: nginx keeps the connection for keepalive_timeout, or closes it at once. */
function afterResponse(
  at: number,
  untilMs: number,
  keepalive: boolean,
  ev: Evaluation,
  scenario: Scenario,
  rec: Recorder,
): void {
  if (!keepalive) {
    rec.event(at, 'nginx', 'client', 'close', 'close');
    rec.say(at, '*', 'connection closed by nginx (no keep-alive)');
    return;
  }
  const idle = toMs(ev.timers.keepalive_timeout.seconds);
  rec.timerArmed(at, 'keepalive_timeout', at + idle, ev.timers.keepalive_timeout.source, 'timer-keepalive');
  // Steps the client would have taken while the connection was open, in time order: the
  // timeline is read in order, and a step after the close never happens at all.
  const end = Math.min(untilMs, at + idle);
  const skipped = scenario.client.steps.map((step) => Math.max(at, toMs(step.at))).filter((t) => t < end);
  for (const t of skipped.sort((a, b) => a - b)) {
    rec.event(t, 'client', null, 'skipped', 'step without a tunnel', { explain: { code: 'step-skipped' } });
  }
  if (untilMs < at + idle) {
    rec.event(untilMs, 'client', 'nginx', 'close', 'client closes');
    rec.say(untilMs, '*', 'client closes the connection (until)');
    rec.log(`[info] client ${ev.clientAddr} closed keepalive connection`);
  } else {
    rec.timerFired(at + idle, 'keepalive_timeout', ev.timers.keepalive_timeout.source);
    rec.event(at + idle, 'nginx', 'client', 'close', 'close (keepalive_timeout)');
    rec.say(at + idle, '*', 'connection closed by nginx (keepalive_timeout)');
  }
}

function withRoute(sim: Simulation, ev: Evaluation): Simulation {
  const route = ev.route;
  if (!route) return sim;
  const proxyPass = proxyPassOf(route);
  sim.route = {
    server: { line: route.server.directive.span.line },
    location: route.location
      ? { line: route.location.directive.span.line, match: describeLocation(route.location) }
      : null,
    proxyPass: proxyPass?.args[0] ?? null,
  };
  return sim;
}
