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
import { type Evaluation, evaluate, proxyPassOf, type Unmodelled, unmodelled } from '../eval/evaluate';
import { PrefixFiles } from '../eval/files';
import { defaultRegexRunner, type RegexRunner } from '../eval/regex';
import { describeLocation, firstListenPort } from '../eval/routing';
import { versionFeatures } from '../eval/version';
import { MAX_SIMULATED_EVENTS } from '../limits/counts';
import { exceedsBytes, MAX_CONFIG_BYTES, tooLargeMessage, utf8Bytes } from '../limits/size';
import { coerceScenario } from '../scenario/load';
import type { RunOutcome, Scenario } from '../scenario/types';
import { emptyRunOutcome } from '../scenario/types';
import { type Exchange, runExchange } from './exchange';
import { statusLine, wantsErrorPadding } from './pages';
import { CONFIG_FILE, prepare } from './prepare';
import { Recorder, seconds, shortenParams, toMs } from './recorder';
import { buildResponseHeaders, wireHeaderName } from './response-headers';
import { answerStatic } from './static-files';
import { runTunnel } from './tunnel';
import type { Simulation } from './types';

export interface SimulateOptions {
  /** Regex engine for config regexes; the default refuses catastrophic patterns. */
  regex?: RegexRunner;
  /** nginx version to model; overrides `scenario.nginx_version`. */
  nginxVersion?: string;
}

/** Error pages after which nginx closes the client connection (ngx_http_special_response_handler). */
const CLOSING_ERRORS = new Set([400, 413, 414, 500, 501]);

function emptyRun(): RunOutcome {
  return { ...emptyRunOutcome(), error_log: [] };
}

function engineError(code: string, error: string, line: number | null = null): ConfigError {
  return { file: CONFIG_FILE, line, error, code };
}

/**
 * What the simulator does not model, on the line that needs it: no prose here, the reason code
 * (also in `error`, for readers that only show `error`) is rendered by the site or the CLI.
 */
function unmodelledNote(u: Unmodelled): ConfigError {
  return {
    ...engineError('engine-unmodelled', u.code, u.directive.span.line),
    file: sourceOf(u.directive).file,
    explain: { code: u.code, params: u.params },
  };
}

export function simulate(input: Scenario, options: SimulateOptions = {}): Simulation {
  try {
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

function run(input: Scenario, options: SimulateOptions): Simulation {
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
  const base = (outcome: Simulation['outcome']): Simulation => ({
    outcome,
    errors,
    headers: rec.headers,
    responseHeaders: rec.responseHeaders,
    timeline: rec.timeline,
    transcript: rec.transcript,
    errorLog: rec.errorLog,
  });

  const nginxErrors = [...prepared.configErrors, ...prepared.model.errors];
  if (nginxErrors.length > 0) {
    // Not unshift(...list): a huge config can report more errors than a call takes arguments.
    const scenarioProblems = errors.splice(0);
    for (const e of nginxErrors) errors.push(e);
    for (const e of scenarioProblems) errors.push(e);
    return base({ format: 'outcome@1', config_error: formatConfigError(nginxErrors[0]!) });
  }
  for (const problem of prepared.model.regexProblems) errors.push(problem);

  const port = scenario.client.port ?? firstListenPort(prepared.model.servers) ?? 80;
  const request = scenario.client.request;
  const ev = evaluate(
    prepared.model,
    features,
    {
      method: request.method,
      target: request.path,
      httpVersion: request.http_version,
      headers: request.headers,
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

  const outcome = emptyRun();
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

  const exchange = respond(ev, scenario, clientUpgrade, untilMs, rec, errors, prepared.model.connections);
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

  noteErrorPage(exchange, ev, errors);
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
    !(exchange.fromNginx && CLOSING_ERRORS.has(exchange.status));
  const userAgent = request.headers.find(([n]) => n.toLowerCase() === 'user-agent')?.[1];
  const padded = ev.msiePadding && wantsErrorPadding(userAgent);
  const built = buildResponseHeaders(exchange, ev, {
    server: serverHeader,
    version: features.version,
    keepalive,
    padded,
  });
  const headers = built.sent;
  for (const line of built.log) rec.log(line);
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
    headers: Object.fromEntries(headers),
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
): Exchange {
  const h = ev.handling;
  switch (h.kind) {
    case 'proxy':
      return runExchange(
        h,
        ev.timers,
        scenario.backends,
        scenario.client.request.method,
        clientUpgrade,
        untilMs,
        rec,
        budget,
      );
    case 'no-host':
      rec.log(
        h.invalid
          ? '[info] client sent invalid host header while reading client request headers'
          : '[info] client sent HTTP/1.1 request without "Host" header while reading client request headers',
      );
      return { kind: 'response', at: 0, status: 400, headers: [], backend: null, fromNginx: true };
    case 'respond': {
      if (h.log !== null) rec.log(h.log);
      if (h.close) return { kind: 'closed', at: 0 };
      const headers: Array<[string, string]> = [];
      if (h.body !== null) {
        headers.push(
          ['content-type', h.contentType ?? 'text/plain'],
          ['content-length', String(new TextEncoder().encode(h.body).length)],
        );
      }
      if (h.location !== null) headers.push(['location', h.location.value]);
      return {
        kind: 'response',
        at: 0,
        status: h.status,
        headers,
        backend: null,
        // A body of its own (`return 200 "text"`) is not one of nginx's error pages.
        fromNginx: h.body === null,
        locationInList: h.location !== null && !h.location.madeAbsolute,
      };
    }
    case 'static': {
      const answer = answerStatic(h, scenario.client.request.method, scenario.files);
      if (answer.unmodelled) errors.push(engineError('engine-unmodelled', answer.unmodelled));
      if (answer.status === 404)
        rec.event(0, 'nginx', null, 'note', `no file ${h.path}`, {
          explain: { code: 'static-not-found', params: { path: h.path } },
        });
      for (const line of answer.log) rec.log(line);
      return { kind: 'response', at: 0, status: answer.status, headers: [], backend: null, fromNginx: true };
    }
    default:
      return { kind: 'response', at: 0, status: 500, headers: [], backend: null, fromNginx: true };
  }
}

/**
 * error_page sends nginx's error statuses (and, with proxy_intercept_errors, the backend's) to
 * another page or location: not modelled, so the answer shown may not be nginx's.
 */
function noteErrorPage(
  x: Extract<Exchange, { kind: 'response' }>,
  ev: Evaluation,
  errors: ConfigError[],
): void {
  if (x.status < 300 || !(x.fromNginx || ev.interceptErrors)) return;
  const d = ev.errorPages.find((e) => e.args.slice(0, -1).some((a) => a === String(x.status)));
  if (!d) return;
  errors.push(
    unmodelledNote(
      unmodelled('unmodelled-error_page', { status: String(x.status), target: d.args.at(-1) ?? '' }, d),
    ),
  );
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
    rec.log('[info] client 127.0.0.1 closed keepalive connection');
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
