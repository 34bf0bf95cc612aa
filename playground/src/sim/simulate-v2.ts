/**
 * Scenario v2 in virtual time: several clients, each a TCP connection carrying requests one
 * after another (client keep-alive), scripted backends, upstream keepalive pools, balancing across
 * requests, worker_connections, and events (reload, restart, a backend going down or up). Each
 * request is evaluated by the same evaluator as scenario v1; this module only keeps the state that
 * lives between requests and produces outcome@2 (docs/scenario-format.md, "Outcome v2").
 * Modelled as one worker. Times are virtual milliseconds.
 */

import type { ConfigError } from '../config/ast';
import { formatConfigError, formatNginxError } from '../config/check';
import { effective, nearest } from '../config/inherit';
import { type ConfigNode, own, sourceOf } from '../config/tree';
import { parseDuration, parseOffset } from '../config/values';
import { type Evaluation, evaluate, lateEvaluation, type ProxyPlan } from '../eval/evaluate';
import { PrefixFiles } from '../eval/files';
import type { UpstreamModel } from '../eval/model';
import type { RegexRunner } from '../eval/regex';
import { firstListenPort } from '../eval/routing';
import { NGINX_PREFIX } from '../eval/static';
import type { ClientRequestInfo, RequestBodyState } from '../eval/variables';
import { type VersionFeatures, versionFeatures } from '../eval/version';
import type {
  BackendAnswer,
  BackendConnection,
  BackendSpec,
  ClientOutcome,
  ClientRequestV2,
  ClientStep,
  OutcomeFrameV2,
  OutcomeV2,
  RequestOutcome,
  RunOutcomeV2,
  ScenarioClientV2,
  ScenarioEvent,
  ScenarioV2,
} from '../scenario/types';
import { accelRedirectOf } from './accel-redirect';
import { Agenda, CLIENT, EVENT, NGINX } from './agenda';
import { Balancer } from './balance';
import { configWarnings } from './config-warnings';
import { type Exchange, lookupBackend, peerAddr } from './exchange';
import { answerLocally } from './local-answer';
import { notModelledList, unmodelledAt, unmodelledFeature, unmodelledNote } from './not-modelled';
import { byteLength, errorPage, statusLine, wantsErrorPadding } from './pages';
import { CONFIG_FILE, type Prepared, prepare } from './prepare';
import { Recorder, seconds, toMs } from './recorder';
import { buildResponseHeaders, wireHeaderName } from './response-headers';
import { answerFor, type BackendAct, backendAct, KEPT_BYTES, keep } from './scripted';
import { escapeHtml, parseSsi, type SsiPiece } from './ssi';
import { runTunnel } from './tunnel';
import type { Simulation, TranscriptLine } from './types';
import { afterUpstream, errorPageFor } from './upstream-answer';

/** Where the conformance runner's nginx lives, as its outcomes show paths (docs/scenario-format.md). */
const RUN_PREFIX = '/usr/share/nginx/';
/** Error pages after which nginx closes the client connection (ngx_http_special_response_handler). */
const CLOSING_ERRORS = new Set([400, 413, 414, 500, 501]);
/** nginx 1.22's defaults for keepalive_requests (client and upstream) and upstream keepalive_timeout/_time. */
const DEFAULT_KEEPALIVE_REQUESTS = 1000;
const DEFAULT_UPSTREAM_IDLE_MS = 60_000;
const DEFAULT_UPSTREAM_TIME_MS = 3_600_000;
/** client_header_timeout's default: a connection that never sends a request is closed then. */
const DEFAULT_HEADER_TIMEOUT_MS = 60_000;
/** Marks a generated frame's stand-in (send_size): a NUL no scenario text can hold, then the size. */
const SIZED = '\u0000send_size:';
/**
 * Tunnel events in one run (each tunnel is capped by runTunnel too): 200 clients ticking every
 * millisecond would otherwise build millions of frames. Past it, new tunnels close as they open.
 */
const MAX_RUN_TUNNEL_EVENTS = 60_000;
/** Distinct requests whose evaluation is kept per configuration. */
const EVALUATION_CACHE = 4096;
/** Variables whose value depends on the client connection, not only on the request. */
const CONNECTION_VARIABLES =
  /\$\{?(?:remote_|binary_remote_addr|realip_|connection(?:_requests)?(?![\w])|proxy_add_x_forwarded_for)/;
/**
 * What the kernel holds for a peer that reads nothing (its receive buffer and nginx's send buffer
 * on loopback, Linux defaults, without autotuning growth since nothing is read): data up to this
 * fits and nginx's write completes; beyond it the write blocks and proxy_send_timeout or
 * send_timeout runs (docs/scenario-format.md, "How the simulator plays a v2 scenario").
 */
const SOCKET_BUFFER_BYTES = 1024 * 1024;
/**
 * How deep nginx may proxy to itself (as in scenario v1): real nginx loops until its
 * worker_connections run out; the simulator stops there and says so.
 */
const MAX_SELF_DEPTH = 4;
/** Non-idempotent methods nginx does not send twice (proxy_next_upstream without non_idempotent). */
const NON_IDEMPOTENT = new Set(['POST', 'LOCK', 'PATCH']);

/** One nginx configuration in force: a worker generation (reload starts a new one). */
interface Generation {
  prepared: Prepared;
  config: string;
  files: Record<string, string> | undefined;
  features: VersionFeatures;
  listenPorts: Set<number>;
  /** Idle upstream keepalive connections per upstream name, most recently used last. */
  pools: Map<string, UpstreamConn[]>;
  balancers: Map<string, Balancer>;
  /** Connections this worker holds (clients and backends). */
  held: number;
  shutdownMs: number | null;
  stale: boolean;
  /** Evaluations by request (see Run.evaluate): by the request's interned text and port, or by a text with the connection's values. */
  byText: Map<number, Evaluation>;
  evaluations: Map<string, Evaluation>;
  /** The config reads the client's address or connection ($remote_addr, $connection…, ip_hash). */
  readsConnection: boolean;
}

interface UpstreamConn {
  key: string;
  out: BackendConnection;
  gen: Generation;
  open: boolean;
  idle: boolean;
  idleToken: number;
  served: number;
  openedMs: number;
  /**
   * nginx as its own upstream: what the inner server logs when nginx closes this connection it
   * kept alive (`closed keepalive connection`); nothing while the upstream cache holds it.
   */
  closeLine?: string;
}

interface TunnelState {
  endMs: number;
  frames: OutcomeFrameV2[];
  end: NonNullable<ClientOutcome['end']>;
  conn: UpstreamConn | null;
  rec: Recorder;
  /** The backend reads nothing: it never sees nginx close the connection. */
  deaf: boolean;
}

interface RequestSettings {
  keepaliveRequests: number;
  requestBuffering: boolean;
  proxyBuffering: boolean;
  resetTimedout: boolean;
  /** `ssi on` where the request ends up (not modelled). */
  ssi: ConfigNode | null;
  bodyTimeoutMs: number;
  maxBody: number;
  limitConn: ConfigNode[];
}

/** One request's way through the upstream servers, resumed at each try's time. */
interface ProxyTry {
  c: ClientRun;
  i: number;
  ev: Evaluation;
  plan: ProxyPlan;
  body: { text: string; length: number };
  bodyDone: number;
  outcome: RequestOutcome;
  up: UpstreamModel | null;
  balancer: Balancer | null;
  maxTries: number;
  deadline: number;
  tried: Set<number>;
  tries: number;
  t: number;
  lastFailure: 502 | 504;
  /** Each try's address and status, as $upstream_addr and $upstream_status list them. */
  log: Array<{ addr: string; status: string }>;
  /** The last try ended with the request body still coming in (unbuffered). */
  readingBody?: boolean;
  /** An SSI subrequest: its answer goes to the page, not to the client. */
  onAnswer?: (p: Pending) => void;
}

interface ClientRun {
  spec: ScenarioClientV2;
  rank: number;
  out: ClientOutcome;
  untilMs: number;
  gen: Generation | null;
  open: boolean;
  number: number;
  served: number;
  next: number;
  /** Requests written so far: past `next` when pipelined ones went out behind the one in progress. */
  written: number;
  state: 'new' | 'busy' | 'idle' | 'tunnel' | 'closed';
  idleToken: number;
  /** The worker that holds the connection was replaced: the answer says Connection: close. */
  stale: boolean;
  inflight: { conn: UpstreamConn | null; peer: { balancer: Balancer; index: number } | null } | null;
  tunnel: TunnelState | null;
  done: boolean;
  followers: ClientRun[];
  /** keepalive_timeout of the configuration that answered the last request. */
  keepaliveMs: number;
  /** The upstream keepalive cache the in-flight request may return its connection to. */
  upstreamCache: { up: UpstreamModel; count: number } | null;
  /** limit_conn counters the request in progress holds. */
  limits: string[];
  /** This client's lines of the transcript (curl -v style), in time order. */
  transcript: TranscriptLine[];
  /** The body of the request in progress, where nginx read it to (null: not read). */
  readBody: RequestBodyState | null;
}

/** What nginx has for the client once the upstream exchange is over. */
interface Pending {
  at: number;
  exchange: Exchange;
  body: string;
  bodyLength: number;
  bodyDelayMs: number;
  conn: UpstreamConn | null;
  act: BackendAct | null;
  backendSpec: BackendSpec | null;
  /** The request body never reached the backend whole: the connection cannot be kept. */
  unfinishedBody?: boolean;
  /** error_page took the backend's answer before nginx read its body: the connection cannot be kept. */
  unreadAnswer?: boolean;
  /**
   * nginx answers while it is still reading the request body (unbuffered, the backend stopped
   * taking it): ngx_http_finalize_connection turns keepalive off and closes (lingering close),
   * though the header already said keep-alive.
   */
  readingBody?: boolean;
}

export interface SimulateV2Options {
  regex: RegexRunner;
  nginxVersion?: string;
}

export function simulateV2(scenario: ScenarioV2, options: SimulateV2Options): Simulation<OutcomeV2> {
  return new Run(scenario, options).play();
}

class Run {
  private readonly agenda = new Agenda();
  private readonly rec = new Recorder();
  private readonly errors: ConfigError[] = [];
  private readonly clients: ClientRun[];
  private readonly backends: RunOutcomeV2['backends'];
  private readonly backendState: Map<string, { down: boolean; answered: number; conns: UpstreamConn[] }>;
  private gen!: Generation;
  private connections = 0;
  private readonly settingsCache = new WeakMap<Evaluation, RequestSettings>();
  private readonly acts = new Map<BackendAnswer | BackendSpec, WeakMap<ProxyPlan, BackendAct>>();
  /** Timeline events of the tunnels so far, against MAX_RUN_TUNNEL_EVENTS. */
  private tunnelEvents = 0;
  private budgetNoted = false;
  /** limit_conn: requests in progress per zone and key. */
  private readonly limits = new Map<string, number>();
  private clock = 0;
  /** A nested run (nginx as its own upstream): the outer client request its backend requests belong to. */
  private requestIndex: number | null = null;
  /** ngx_temp_number: the last temporary file's number (starts at 0 with each cycle). */
  private tempNumber = 0;

  /**
   * `parent`: the run of the nginx that proxies to itself; this run is one request of its inner
   * server, sharing the backends, the connection numbers and the temporary files' numbers.
   */
  constructor(
    private readonly s: ScenarioV2,
    private readonly options: SimulateV2Options,
    private readonly depth = 0,
    parent: Run | null = null,
  ) {
    this.backends = parent ? parent.backends : {};
    this.backendState = parent ? parent.backendState : new Map();
    if (parent) {
      this.connections = parent.connections;
      this.tempNumber = parent.tempNumber;
    }
    if (!parent)
      for (const key of Object.keys(s.backends)) {
        this.backends[key] = { connections: [] };
        this.backendState.set(key, { down: false, answered: 0, conns: [] });
      }
    this.clients = s.clients.map((spec, rank) => ({
      spec,
      rank,
      out: {
        name: spec.name,
        connected_at: null,
        requests: [],
        not_sent: 0,
        tunnel: false,
        frames: [],
        end: null,
        closed: null,
      },
      untilMs: toMs(spec.until),
      gen: null,
      open: false,
      number: 0,
      served: 0,
      next: 0,
      written: 0,
      state: 'new',
      idleToken: 0,
      stale: false,
      inflight: null,
      tunnel: null,
      done: false,
      followers: [],
      keepaliveMs: 75_000,
      upstreamCache: null,
      limits: [],
      transcript: [],
      readBody: null,
    }));
  }

  play(): Simulation<OutcomeV2> {
    const first = this.generation(this.s.config, this.s.files);
    const result = (outcome: OutcomeV2): Simulation<OutcomeV2> => ({
      outcome,
      errors: this.errors,
      headers: this.rec.headers,
      timeline: this.rec.timeline,
      transcript: this.rec.transcript,
      errorLog: this.rec.errorLog,
    });
    if ('error' in first) {
      for (const e of first.error) this.errors.push(e);
      return result({ format: 'outcome@2', config_error: formatConfigError(first.error[0]!) });
    }
    for (const problem of first.prepared.model.regexProblems) this.errors.push(problem);
    for (const line of configWarnings(first.prepared)) this.rec.log(line);
    this.gen = first;
    this.s.events.forEach((event, i) => {
      this.agenda.add(toMs(event.at), EVENT, i, () => this.event(event));
    });
    for (const c of this.clients) {
      const after = c.spec.after ? this.clients.find((o) => o.spec.name === c.spec.after) : undefined;
      if (after) after.followers.push(c);
      else this.agenda.add(toMs(c.spec.start), CLIENT, c.rank, () => this.connect(c));
      this.agenda.add(c.untilMs, CLIENT, c.rank, () => this.until(c));
    }
    // Nothing happens after the window: every client is gone by then.
    const end = toMs(this.s.until);
    for (let entry = this.agenda.next(); entry && entry.at <= end; entry = this.agenda.next()) {
      this.clock = entry.at;
      entry.run();
    }
    for (const c of this.clients) this.finishTunnel(c, Number.POSITIVE_INFINITY);
    // Tunnels are recorded whole when they end: put everything in time order (stable).
    this.rec.timeline.sort((a, b) => a.at - b.at);
    // The transcript: one section per client, in list order.
    for (const c of this.clients) {
      const start = c.out.connected_at ?? c.out.closed?.at ?? 0;
      this.rec.transcript.push({ at: start, dir: '*', text: `== ${c.spec.name} (${c.spec.address})` });
      for (const line of c.transcript) this.rec.transcript.push(line);
      if (c.out.closed)
        this.rec.transcript.push({
          at: c.out.closed.at,
          dir: '*',
          text:
            c.out.connected_at === null ? 'connection refused' : `connection closed by ${c.out.closed.by}`,
        });
    }
    const notModelled = notModelledList(this.errors);
    return result({
      format: 'outcome@2',
      clients: this.clients.map((c) => c.out),
      backends: this.backends,
      error_log: this.rec.errorLog,
      ...(notModelled ? { not_modelled: notModelled } : {}),
    });
  }

  // --- configuration ---------------------------------------------------------------------

  private generation(
    config: string,
    files: Record<string, string> | undefined,
  ): Generation | { error: ConfigError[] } {
    const prepared = prepare(config, files, this.options.regex);
    const problems = [...prepared.configErrors, ...prepared.model.errors];
    if (problems.length > 0) return { error: problems };
    const main = prepared.parse.files[0]?.nodes ?? [];
    const shutdown = main.filter((n) => n.name === 'worker_shutdown_timeout').at(-1);
    const shutdownMs = shutdown?.args[0] ? parseDuration(shutdown.args[0]) : null;
    const features = versionFeatures(this.options.nginxVersion ?? this.s.nginx_version);
    const workers = main.filter((n) => n.name === 'worker_processes').at(-1);
    if (workers?.args[0] && workers.args[0] !== '1')
      this.note(unmodelledAt('unmodelled-worker-processes', workers, { n: workers.args[0] }));
    return {
      prepared,
      config,
      files,
      features,
      listenPorts: new Set(prepared.model.servers.flatMap((s) => s.listens.map((l) => l.port))),
      pools: new Map(),
      balancers: new Map(),
      held: 0,
      shutdownMs,
      stale: false,
      ...evaluationCache(prepared, features.version),
      readsConnection: [config, ...Object.values(files ?? {})].some((text) =>
        CONNECTION_VARIABLES.test(text),
      ),
    };
  }

  /**
   * The v1 evaluator, once per distinct request: clients of a load scenario send the same requests
   * again and again. The connection's own values (address, number, requests so far) are part of the
   * key only when the config reads them.
   */
  private evaluate(gen: Generation, r: ClientRequestV2, w: Wire, c: ClientRun, port: number): Evaluation {
    // A config that does not read the connection gets the same evaluation for the same request
    // text: looked up by a number (the text interned once per request object, not per run).
    const byText = !gen.readsConnection && w.id >= 0 ? w.id * 65_536 + port : -1;
    const key =
      byText >= 0 ? '' : `${port}\u0000${w.key}\u0000${c.spec.address}\u0000${c.number}\u0000${c.served}`;
    const cached = byText >= 0 ? gen.byText.get(byText) : gen.evaluations.get(key);
    if (cached) {
      this.report(cached);
      return cached;
    }
    const request: ClientRequestInfo = {
      method: r.method,
      target: r.path,
      httpVersion: r.http_version,
      headers: w.headers,
      connection: { remoteAddr: c.spec.address, number: c.number, requests: c.served },
      body: { length: w.body.length, chunked: w.chunked },
    };
    const ev = evaluate(
      gen.prepared.model,
      gen.features,
      request,
      port,
      this.options.regex,
      new PrefixFiles(gen.files),
    );
    this.report(ev);
    if (byText >= 0) {
      if (gen.byText.size < EVALUATION_CACHE) gen.byText.set(byText, ev);
    } else if (gen.evaluations.size < EVALUATION_CACHE) gen.evaluations.set(key, ev);
    return ev;
  }

  /** Evaluations whose errors and notes this run has reported (the cache outlives runs). */
  private readonly reported = new Set<Evaluation>();

  private report(ev: Evaluation): void {
    if (this.reported.has(ev)) return;
    this.reported.add(ev);
    for (const u of ev.unmodelled) this.note(unmodelledNote(u));
    for (const e of ev.errors)
      this.errors.push({
        file: sourceOf(e.directive).file,
        line: e.directive.span.line,
        error: e.message,
        code: 'eval',
      });
  }

  /** A not-modelled note, once per code and line (a load scenario meets the same one a thousand times). */
  private readonly noted = new Set<string>();

  private note(e: ConfigError): void {
    const key = `${e.explain?.code ?? e.error}:${e.file}:${e.line}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.errors.push(e);
  }

  /** Connections the worker may still open: worker_connections less the listening sockets and the channel to the master. */
  private free(gen: Generation): number {
    const budget = gen.prepared.model.connections;
    return budget.workerConnections - budget.listeningSockets - 1 - gen.held;
  }

  // --- clients ---------------------------------------------------------------------------

  private connect(c: ClientRun): void {
    const t = this.now;
    if (t > c.untilMs) {
      this.markDone(c, c.untilMs);
      return;
    }
    const gen = this.gen;
    const port = c.spec.port ?? firstListenPort(gen.prepared.model.servers) ?? 80;
    this.rec.event(t, 'client', 'nginx', 'connect', `${c.spec.name}: connect 127.0.0.1:${port}`);
    if (!gen.listenPorts.has(port)) {
      this.rec.event(t, 'nginx', 'client', 'refused', `${c.spec.name}: connection refused`, {
        explain: { code: 'no-listener', params: { port } },
      });
      c.out.closed = { at: seconds(t), by: 'nginx' };
      c.out.not_sent = c.spec.requests.length;
      c.state = 'closed';
      this.markDone(c, t);
      return;
    }
    c.out.connected_at = seconds(t);
    if (this.free(gen) < 1) {
      // ngx_event_accept finds no free connection: the alert, and the socket is closed at once.
      const n = gen.prepared.model.connections.workerConnections;
      this.rec.log(`[alert] ${n} worker_connections are not enough`);
      this.rec.event(
        t,
        'nginx',
        'client',
        'close',
        `${c.spec.name}: ${n} worker_connections are not enough`,
        {
          explain: {
            code: 'worker-connections-exhausted',
            params: { n, listening: gen.prepared.model.connections.listeningSockets },
          },
        },
      );
      const firstAt = c.spec.requests[0]?.at;
      if (c.spec.requests.length > 0 && (firstAt === null || firstAt === undefined || toMs(firstAt) <= t)) {
        const r = c.spec.requests[0]!;
        c.out.requests.push({
          sent_at: seconds(t),
          request_line: wire(r).line,
          response: null,
          upstream: [],
        });
        c.out.not_sent = c.spec.requests.length - 1;
      } else c.out.not_sent = c.spec.requests.length;
      c.out.closed = { at: seconds(t), by: 'nginx' };
      c.state = 'closed';
      this.markDone(c, t);
      return;
    }
    c.gen = gen;
    gen.held++;
    c.open = true;
    c.number = ++this.connections;
    this.ready(c, t);
  }

  /** The connection is free for the next request (after connect or a complete response). */
  private ready(c: ClientRun, t: number): void {
    const i = c.next;
    const requests = c.spec.requests;
    if (i >= requests.length) {
      this.idle(c, t);
      this.markDone(c, t);
      return;
    }
    const r = requests[i]!;
    if (i < c.written) {
      // Pipelined: it is already in nginx's buffer, read as soon as the previous answer is out.
      c.state = 'idle';
      const token = ++c.idleToken;
      this.agenda.add(t, CLIENT, c.rank, () => {
        if (c.open && c.idleToken === token) this.send(c, i);
      });
      return;
    }
    const sendAt = Math.max(t, r.at === null ? 0 : toMs(r.at));
    // Before the first request client_header_timeout (its default), after one keepalive_timeout.
    const idleLimit = c.served === 0 ? DEFAULT_HEADER_TIMEOUT_MS : c.keepaliveMs;
    if (sendAt > c.untilMs || sendAt >= t + idleLimit) {
      // The client hangs up, or nginx closes the idle connection, before the request is due.
      this.idle(c, t);
      this.leaveRest(c);
      this.markDone(c, Math.min(c.untilMs, t + idleLimit));
      return;
    }
    c.state = 'idle';
    const token = ++c.idleToken;
    this.agenda.add(sendAt, CLIENT, c.rank, () => {
      if (c.open && c.idleToken === token) this.send(c, i);
    });
  }

  /** The connection waits: nginx's keepalive (or header) timer, or the client's `until`. */
  private idle(c: ClientRun, t: number): void {
    c.state = 'idle';
    const token = ++c.idleToken;
    const limit = c.served === 0 ? DEFAULT_HEADER_TIMEOUT_MS : c.keepaliveMs;
    if (t + limit < c.untilMs) {
      this.agenda.add(t + limit, NGINX, c.rank, () => {
        if (!c.open || c.idleToken !== token) return;
        this.rec.timerFired(this.now, c.served === 0 ? 'client_header_timeout' : 'keepalive_timeout', null);
        this.closeClient(c, this.now, 'nginx');
      });
    }
  }

  private until(c: ClientRun): void {
    const t = this.now;
    if (c.state === 'tunnel') return;
    if (!c.open) return;
    if (c.state === 'busy') {
      this.rec.log(
        '[info] epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream',
      );
      const conn = c.inflight?.conn;
      if (conn) this.closeUpstream(conn, t, 'nginx');
      if (c.inflight?.peer) c.inflight.peer.balancer.finished(c.inflight.peer.index);
      c.inflight = null;
    } else if (c.served > 0) {
      this.rec.log(`[info] client ${c.spec.address} closed keepalive connection`);
    }
    this.leaveRest(c);
    this.closeClient(c, t, 'client');
    this.markDone(c, t);
  }

  private closeClient(c: ClientRun, t: number, by: 'client' | 'nginx'): void {
    if (!c.open) return;
    this.releaseLimits(c);
    c.open = false;
    c.state = 'closed';
    c.idleToken++;
    if (c.gen) c.gen.held--;
    c.out.closed = { at: seconds(t), by };
    this.rec.event(
      t,
      by === 'client' ? 'client' : 'nginx',
      by === 'client' ? 'nginx' : 'client',
      'close',
      `${c.spec.name}: close`,
    );
    if (c.next < c.spec.requests.length) this.leaveRest(c);
    this.markDone(c, t);
  }

  /** The requests not taken up are over: those never written count as not sent. */
  private leaveRest(c: ClientRun): void {
    c.out.not_sent += c.spec.requests.length - Math.max(c.next, c.written);
    c.next = c.spec.requests.length;
    c.written = c.next;
  }

  /** The client is done: clients that start `after` it are due `start` seconds later. */
  private markDone(c: ClientRun, t: number): void {
    if (c.done) return;
    c.done = true;
    for (const f of c.followers)
      this.agenda.add(t + toMs(f.spec.start), CLIENT, f.rank, () => this.connect(f));
  }

  // --- one request -------------------------------------------------------------------------

  private send(c: ClientRun, i: number): void {
    const t = this.now;
    const gen = c.gen!;
    const r = c.spec.requests[i]!;
    c.next = i + 1;
    c.served++;
    c.state = 'busy';
    const w = wire(r);
    if (i >= c.written) {
      // The request goes out, and the pipelined ones behind it in the same write.
      this.write(c, i, t);
      // (One with a later `at` is modelled as waiting for the previous answer.)
      for (let k = i + 1; k < c.spec.requests.length; k++) {
        const next = c.spec.requests[k]!;
        if (!next.pipelined || (next.at !== null && toMs(next.at) > t)) break;
        this.write(c, k, t);
      }
    }
    const outcome = c.out.requests[i]!;
    const port = c.spec.port ?? firstListenPort(gen.prepared.model.servers) ?? 80;
    const ev = this.evaluate(gen, r, w, c, port);
    c.keepaliveMs = toMs(ev.timers.keepalive_timeout.seconds);
    const ssi = this.settings(ev).ssi;
    const page = ssi ? this.ssiPage(ev, gen, r) : null;
    if (ssi && !page) this.note(unmodelledAt('unmodelled-ssi', ssi));
    for (const w of ev.warnings) this.rec.log(w);
    for (const l of ev.rewriteLog) this.rec.log(l);
    const body = w.body;
    // A Content-Length over what the client sends: the body never completes.
    const incomplete = Number.isFinite(w.announced) && w.announced > body.length;
    let bodyDone = t;
    if (incomplete) bodyDone = Number.POSITIVE_INFINITY;
    else for (const part of r.body_parts) bodyDone = Math.max(bodyDone, toMs(part.at));
    c.readBody = null;
    const chunkedTooLarge = this.chunkedTooLarge(ev, r, w);
    const tooLarge = chunkedTooLarge ? 0 : this.tooLarge(ev, w.announced);
    const limited = tooLarge !== null ? null : this.limitConn(c, ev);
    if (limited) {
      this.rec.log(`[error] limiting connections by zone "${limited.zone}"`);
      const p: Pending = {
        at: t,
        exchange: {
          kind: 'response',
          at: t,
          status: limited.status,
          headers: [],
          backend: null,
          fromNginx: true,
        },
        body: '',
        bodyLength: 0,
        bodyDelayMs: 0,
        conn: null,
        act: null,
        backendSpec: null,
      };
      this.agenda.add(t, NGINX, c.rank, () => this.respond(c, i, ev, p));
    } else if (ev.handling.kind === 'proxy' && tooLarge === null) {
      if (bodyDone !== Number.POSITIVE_INFINITY) c.readBody = this.storeBody(ev, r, w);
      this.proxy(c, i, ev, ev.handling, t, body, bodyDone, outcome);
    } else if (tooLarge !== null) {
      // ngx_http_core_find_config_handler: the announced length is over client_max_body_size;
      // a chunked body, once the chunk that passes it comes (ngx_http_request_body_chunked_filter).
      this.rec.log(
        chunkedTooLarge
          ? `[error] client intended to send too large chunked body: ${chunkedTooLarge} bytes`
          : `[error] client intended to send too large body: ${tooLarge} bytes`,
      );
      const p: Pending = {
        at: t,
        exchange: { kind: 'response', at: t, status: 413, headers: [], backend: null, fromNginx: true },
        body: '',
        bodyLength: 0,
        bodyDelayMs: 0,
        conn: null,
        act: null,
        backendSpec: null,
      };
      this.agenda.add(t, NGINX, c.rank, () => this.respond(c, i, ev, p));
    } else {
      const { exchange, body: own } = this.answerHere(ev, r.method, gen.files);
      if (page && exchange.kind === 'response' && exchange.status === 200) {
        this.playSsi(c, i, ev, page, { ...exchange, at: t }, t, outcome);
        return;
      }
      const p: Pending = {
        at: t,
        exchange: { ...exchange, at: t },
        body: keep(r.method === 'HEAD' ? '' : own),
        bodyLength: r.method === 'HEAD' ? 0 : byteLength(own),
        bodyDelayMs: 0,
        conn: null,
        act: null,
        backendSpec: null,
      };
      this.agenda.add(p.at, NGINX, c.rank, () => this.respond(c, i, ev, p));
    }
  }

  /**
   * The SSI page a static answer is (ssi_types' default text/html, a GET), when this model reads
   * every command in it and each `echo` names what an `include … set` before it set; else null.
   */
  private ssiPage(ev: Evaluation, gen: Generation, r: ClientRequestV2): SsiPiece[] | null {
    const h = ev.handling;
    if (h.kind !== 'static' || r.method !== 'GET' || !/\.html?$/.test(h.path)) return null;
    const text = gen.files?.[h.path.slice(NGINX_PREFIX.length)];
    const pieces = text === undefined ? null : parseSsi(text);
    if (!pieces) return null;
    const set = new Set<string>();
    for (const piece of pieces) {
      if (piece.kind === 'include' && piece.set) set.add(piece.set);
      if (piece.kind === 'echo' && !set.has(piece.name)) return null;
    }
    return pieces;
  }

  /**
   * ngx_http_ssi_filter_module on a page: its text, each `include virtual` as a subrequest in
   * turn (its body goes into the page, or into the `set` variable), each `echo` of such a variable
   * (HTML-escaped unless `encoding="none"`). The answer loses the file's length, ETag,
   * Accept-Ranges and Last-Modified, and goes out once the last subrequest is done.
   */
  private playSsi(
    c: ClientRun,
    i: number,
    ev: Evaluation,
    pieces: SsiPiece[],
    file: Exchange & { kind: 'response' },
    t0: number,
    outcome: RequestOutcome,
  ): void {
    // A value keeps KEPT_BYTES of text and its whole length (the rest is a backend's `x`s).
    const values = new Map<string, { text: string; bytes: number }>();
    let text = '';
    let length = 0;
    const add = (piece: string, bytes = byteLength(piece)) => {
      if (text.length < KEPT_BYTES) text += piece;
      length += bytes;
    };
    const step = (k: number, t: number): void => {
      if (!c.open) return;
      for (; k < pieces.length; k++) {
        const piece = pieces[k]!;
        if (piece.kind === 'text') add(piece.text);
        else if (piece.kind === 'echo') {
          const value = values.get(piece.name) ?? { text: '', bytes: 0 };
          const shown = piece.encoding === 'entity' ? escapeHtml(value.text) : value.text;
          add(shown, byteLength(shown) + value.bytes - byteLength(value.text));
        } else {
          const uri = lateEvaluation(ev).vars.interpolate(piece.virtual);
          this.subrequest(c, i, uri, t, outcome, (body, bytes, done) => {
            if (piece.set) values.set(piece.set, { text: body, bytes });
            else add(body, bytes);
            this.agenda.add(done, NGINX, c.rank, () => step(k + 1, done));
          });
          return;
        }
      }
      const cleared = new Set(['content-length', 'etag', 'accept-ranges', 'last-modified']);
      const x = { ...file, at: t, file: false, headers: file.headers.filter(([n]) => !cleared.has(n)) };
      const p: Pending = {
        at: t,
        exchange: x,
        body: keep(text),
        bodyLength: length,
        bodyDelayMs: 0,
        conn: null,
        act: null,
        backendSpec: null,
      };
      this.agenda.add(t, NGINX, c.rank, () => this.respond(c, i, ev, p));
    };
    step(0, t0);
  }

  /** An SSI subrequest (GET `uri`, the request's headers): its body, length, and when it is complete. */
  private subrequest(
    c: ClientRun,
    i: number,
    uri: string,
    t: number,
    outcome: RequestOutcome,
    done: (body: string, bytes: number, at: number) => void,
  ): void {
    const gen = c.gen!;
    const r = c.spec.requests[i]!;
    const port = c.spec.port ?? firstListenPort(gen.prepared.model.servers) ?? 80;
    const sub = evaluate(
      gen.prepared.model,
      gen.features,
      {
        method: 'GET',
        target: uri,
        httpVersion: r.http_version,
        headers: wire(r).headers,
        connection: { remoteAddr: c.spec.address, number: c.number, requests: c.served },
      },
      port,
      this.options.regex,
      new PrefixFiles(gen.files),
    );
    this.report(sub);
    if (sub.handling.kind === 'proxy') {
      this.proxy(c, i, sub, sub.handling, t, { text: '', length: 0 }, t, outcome, (p) => {
        const complete = p.at + p.bodyDelayMs;
        this.agenda.add(complete, NGINX, c.rank, () => this.releaseUpstream(c, p, complete, true));
        done(p.body, p.bodyLength, complete);
      });
      return;
    }
    const { body } = this.answerHere(sub, 'GET', gen.files);
    done(keep(body), byteLength(body), t);
  }

  /**
   * What nginx answers by itself (no upstream) for `ev`, its log lines written to this run, and
   * the body it sends: a `return` text of its own, or the file the static module serves.
   */
  private answerHere(
    ev: Evaluation,
    method: string,
    files: Record<string, string> | undefined,
  ): { exchange: Exchange; body: string } {
    const scratch = new Recorder();
    const exchange = answerLocally(ev, method, files, scratch, this.errors);
    for (const l of scratch.errorLog) this.rec.log(l);
    const h = ev.handling;
    const body =
      h.kind === 'respond' && h.body !== null
        ? h.body
        : h.kind === 'static' && exchange.kind === 'response' && exchange.file
          ? (files?.[h.path.slice(NGINX_PREFIX.length)] ?? '')
          : '';
    return { exchange, body };
  }

  /** The client writes request `i` at `t`: it is in the outcome from then on, answered or not. */
  private write(c: ClientRun, i: number, t: number): void {
    const w = wire(c.spec.requests[i]!);
    c.out.requests.push({ sent_at: seconds(t), request_line: w.line, response: null, upstream: [] });
    c.written = i + 1;
    this.rec.event(t, 'client', 'nginx', 'request', `${c.spec.name}: ${w.line}`);
    const at = seconds(t);
    c.transcript.push({ at, dir: '>', text: w.line });
    for (const text of w.transcript) c.transcript.push({ at, dir: '>', text });
    c.transcript.push({ at, dir: '>', text: '' });
  }

  /** What a request's configuration says beyond the evaluation, read once per evaluation. */
  private settings(ev: Evaluation): RequestSettings {
    let s = this.settingsCache.get(ev);
    if (!s) {
      const { conf } = lateEvaluation(ev);
      s = {
        keepaliveRequests: numberSetting(conf, 'keepalive_requests', DEFAULT_KEEPALIVE_REQUESTS),
        requestBuffering: flagSetting(conf, 'proxy_request_buffering', true),
        proxyBuffering: flagSetting(conf, 'proxy_buffering', true),
        resetTimedout: flagSetting(conf, 'reset_timedout_connection', false),
        ssi: ((d) => (d?.args[0] === 'on' ? d : null))(nearest(conf, 'ssi')),
        bodyTimeoutMs: toMs(durationSetting(conf, 'client_body_timeout', 60)),
        maxBody: parseOffset(nearest(conf, 'client_max_body_size')?.args[0] ?? '1m') ?? 1024 * 1024,
        limitConn: effective(conf, 'limit_conn')?.nodes ?? [],
      };
      this.settingsCache.set(ev, s);
    }
    return s;
  }

  /** What the backend does with a request, once per answer and upstream request (the plan is the evaluation's). */
  private act(spec: BackendSpec, answer: BackendAnswer | null, method: string, plan: ProxyPlan): BackendAct {
    const byPlan = this.acts.get(answer ?? spec) ?? new WeakMap<ProxyPlan, BackendAct>();
    this.acts.set(answer ?? spec, byPlan);
    let act = byPlan.get(plan);
    if (!act) {
      act = backendAct(spec, answer, method, plan.requestLine, plan.headers);
      byPlan.set(plan, act);
    }
    return act;
  }

  /**
   * limit_conn (ngx_http_limit_conn_handler, preaccess phase): each zone counts the requests in
   * progress per key; over the limit, the request gets limit_conn_status (503). Keys modelled:
   * $binary_remote_addr, $remote_addr and $server_name; another key is not counted.
   */
  private limitConn(c: ClientRun, ev: Evaluation): { zone: string; status: number } | null {
    if (ev.handling.kind === 'respond' || ev.handling.kind === 'bad-request') return null;
    const lines = this.settings(ev).limitConn;
    if (lines.length === 0) return null;
    const zones = c.gen!.prepared.model.http.children.filter((n) => n.name === 'limit_conn_zone');
    const taken: string[] = [];
    for (const line of lines) {
      const [zone = '', limitText = ''] = line.args;
      const def = zones.find((z) => z.args.some((a) => a.startsWith(`zone=${zone}:`)));
      const key = def?.args[0];
      const value =
        key === '$binary_remote_addr' || key === '$remote_addr'
          ? c.spec.address
          : key === '$server_name'
            ? (ev.route?.server.names[0] ?? '')
            : null;
      if (value === null) continue;
      const id = `${zone}\u0000${value}`;
      const count = this.limits.get(id) ?? 0;
      if (count >= Number(limitText)) {
        for (const other of taken) this.limits.set(other, (this.limits.get(other) ?? 1) - 1);
        const statusLine = nearest(lateEvaluation(ev).conf, 'limit_conn_status')?.args[0];
        return { zone, status: statusLine ? Number(statusLine) : 503 };
      }
      this.limits.set(id, count + 1);
      taken.push(id);
    }
    c.limits = taken;
    return null;
  }

  /** The request is over: its limit_conn counts go back. */
  private releaseLimits(c: ClientRun): void {
    for (const id of c.limits) this.limits.set(id, (this.limits.get(id) ?? 1) - 1);
    c.limits = [];
  }

  /**
   * A chunked body over client_max_body_size (proxied or static): `received+chunk` of the chunk
   * that passes it (each piece of the body goes as one chunk), else null.
   */
  private chunkedTooLarge(ev: Evaluation, r: ClientRequestV2, w: Wire): string | null {
    if (!w.chunked || (ev.handling.kind !== 'proxy' && ev.handling.kind !== 'static')) return null;
    const max = this.settings(ev).maxBody;
    if (max <= 0) return null;
    let received = 0;
    for (const p of [{ body: r.body, body_size: r.body_size }, ...r.body_parts]) {
      const n = p.body !== null ? byteLength(p.body) : (p.body_size ?? 0);
      if (received + n > max) return `${received}+${n}`;
      received += n;
    }
    return null;
  }

  /**
   * Where nginx reads a proxied request's body to (ngx_http_read_client_request_body): what came
   * with the header stays in the header buffer; the rest goes to a buffer of
   * client_body_buffer_size (a plain body shorter than a quarter more than that gets a buffer of
   * its own size), and what does not fit goes to a temporary file, as everything does with
   * client_body_in_file_only (logged at notice then, else warn). Without request buffering
   * nothing goes to a file, and a body that overflowed the buffer is gone upstream.
   */
  private storeBody(ev: Evaluation, r: ClientRequestV2, w: Wire): RequestBodyState | null {
    if (!Number.isFinite(w.announced) && !w.chunked) return null;
    const { conf } = lateEvaluation(ev);
    const inFileOnly = (nearest(conf, 'client_body_in_file_only')?.args[0] ?? 'off') !== 'off';
    const size = parseOffset(nearest(conf, 'client_body_buffer_size')?.args[0] ?? '8k') ?? 8192;
    const headerBuffer = parseOffset(nearest(conf, 'client_header_buffer_size')?.args[0] ?? '1k') ?? 1024;
    const length = w.body.length;
    let head = byteLength(w.line) + 4;
    for (const [n, v] of w.headers) head += byteLength(n) + byteLength(v) + 4;
    const rest = length - Math.min(length, Math.max(0, headerBuffer - head));
    const overflows = w.chunked ? rest > size : rest >= size + (size >> 2);
    // Unbuffered, what overflows the buffer has gone upstream: no body is left to show.
    if (!this.settings(ev).requestBuffering) return { text: overflows ? '' : wholeBody(r), file: '' };
    if (inFileOnly || overflows) {
      const file = `${RUN_PREFIX}client_body_temp/${String(++this.tempNumber).padStart(10, '0')}`;
      this.rec.log(
        `[${inFileOnly ? 'notice' : 'warn'}] a client request body is buffered to a temporary file ${file}`,
      );
      return { text: '', file };
    }
    return { text: wholeBody(r), file: '' };
  }

  /** The Content-Length a request announces when it is over client_max_body_size (proxied or static), else null. */
  private tooLarge(ev: Evaluation, length: number): number | null {
    if (ev.handling.kind !== 'proxy' && ev.handling.kind !== 'static') return null;
    if (!Number.isFinite(length)) return null;
    const max = this.settings(ev).maxBody;
    return max > 0 && length > max ? length : null;
  }

  private respond(c: ClientRun, i: number, first: Evaluation, p: Pending): void {
    const t = this.now;
    if (!c.open) return;
    const r = c.spec.requests[i]!;
    const outcome = c.out.requests[i] ?? c.out.requests[c.out.requests.length - 1]!;
    let ev = first;
    let x = p.exchange;
    if (x.kind === 'response' && ev.handling.kind === 'proxy') {
      // A cached evaluation serves many requests: each proxied answer sets its $upstream_* (and
      // the body it read) anew.
      x = { ...x };
      lateEvaluation(ev).vars.requestBody = c.readBody;
      afterUpstream(x, ev);
      if (accelRedirectOf(x, ev) !== null) this.note(unmodelledFeature('unmodelled-x-accel-redirect'));
    }
    const page = x.kind === 'response' ? errorPageFor(x, ev) : null;
    if (page && x.kind === 'response') {
      const redirected = this.errorPage(c, r, ev, x, page, t);
      if (redirected) {
        // An intercepted answer with a body: nginx never reads it, so u->keepalive stays unset
        // (ngx_http_proxy_process_header sets it only for an empty body) and the connection closes.
        const unread = !x.fromNginx && p.bodyLength > 0;
        ev = redirected.ev;
        x = redirected.x;
        p = {
          ...p,
          body: redirected.body,
          bodyLength: redirected.bodyLength,
          bodyDelayMs: 0,
          unreadAnswer: unread,
        };
      }
    }
    if (x.kind === 'closed' || x.kind === 'client-gone') {
      this.releaseUpstream(c, p, t, false);
      this.closeClient(c, t, 'nginx');
      return;
    }
    const gen = c.gen!;
    const w = wire(r);
    const clientUpgrade = w.upgrade;
    const tunnel = x.status === 101 && clientUpgrade && !x.fromNginx && !x.heldUpgrade;
    const passesLength =
      x.fromNginx ||
      x.headers.some(([n]) => n === 'content-length') ||
      r.method === 'HEAD' ||
      x.status < 200 ||
      x.status === 204 ||
      x.status === 304;
    const keepaliveRequests = this.settings(ev).keepaliveRequests;
    const keepalive =
      !tunnel &&
      x.status !== 101 &&
      ev.clientKeepalive &&
      w.keepalive &&
      !(x.fromNginx && CLOSING_ERRORS.has(x.status)) &&
      c.served < keepaliveRequests &&
      !c.stale &&
      !gen.stale &&
      (passesLength || r.http_version === '1.1');
    const userAgent = w.userAgent;
    const built = buildResponseHeaders(x, ev, {
      server: ev.serverTokens ? `nginx/${gen.features.version}` : 'nginx',
      version: gen.features.version,
      keepalive,
      padded: ev.msiePadding && wantsErrorPadding(userAgent),
    });
    for (const l of built.log) this.rec.log(l);
    if (built.range.kind !== 'none' && built.range.kind !== 'accept')
      this.note(unmodelledFeature('unmodelled-ranges'));
    const sent = built.sent;
    if (!passesLength && r.http_version === '1.1' && x.status !== 101) {
      // ngx_http_chunked_header_filter: no length from the backend, an HTTP/1.1 client: chunked.
      const at = sent.findIndex(([n]) => n === 'connection');
      sent.splice(at < 0 ? sent.length : at, 0, ['transfer-encoding', 'chunked']);
    }
    let body = p.body;
    let bodyLength = p.bodyLength;
    if (x.fromNginx && x.status >= 300 && x.status !== 304) {
      const page = errorPage(
        x.status,
        gen.features.version,
        ev.serverTokens,
        ev.msiePadding && wantsErrorPadding(userAgent),
      );
      body = r.method === 'HEAD' ? '' : keep(page ?? '');
      bodyLength = r.method === 'HEAD' ? 0 : byteLength(page ?? '');
    }
    const completeMs = t + p.bodyDelayMs;
    if (c.spec.stop_reading_at !== null && toMs(c.spec.stop_reading_at) <= t) {
      this.unread(c, ev, p, t, completeMs, bodyLength, keepalive);
      return;
    }
    outcome.response = {
      at: seconds(t),
      status: x.status,
      headers: Object.fromEntries(sent),
      body,
      body_length: bodyLength,
      complete_at: seconds(completeMs),
    };
    this.rec.event(t, 'nginx', 'client', 'response', `${c.spec.name}: ${statusLine(x.status)}`);
    const at = seconds(t);
    c.transcript.push({ at, dir: '<', text: `HTTP/1.1 ${statusLine(x.status)}` });
    for (const [n, v] of sent) c.transcript.push({ at, dir: '<', text: `${wireHeaderName(n)}: ${v}` });
    c.transcript.push({ at, dir: '<', text: '' });
    if (tunnel) {
      this.openTunnel(c, ev, p, t);
      return;
    }
    this.agenda.add(completeMs, NGINX, c.rank, () => {
      if (!c.open) return;
      this.releaseLimits(c);
      this.releaseUpstream(c, p, completeMs, true);
      c.state = 'idle';
      if (!keepalive || p.readingBody) {
        this.closeClient(c, completeMs, 'nginx');
        return;
      }
      this.ready(c, completeMs);
    });
  }

  /**
   * error_page (ngx_http_send_error_page): a URI or named location answers instead, once, with a
   * GET (HEAD stays HEAD) and the first answer's `$upstream_*`; its status is the first error's
   * unless `=code` says otherwise (`=` alone: the target's), or the target ends in an error of its
   * own. A URL is a 302 (or `=301`…`=308`). A target that proxies again is not modelled (noted),
   * and the first answer stands.
   */
  private errorPage(
    c: ClientRun,
    r: ClientRequestV2,
    ev: Evaluation,
    x: Extract<Exchange, { kind: 'response' }>,
    page: NonNullable<ReturnType<typeof errorPageFor>>,
    t: number,
  ): { ev: Evaluation; x: Exchange; body: string; bodyLength: number } | null {
    const gen = c.gen!;
    const later = lateEvaluation(ev);
    const target = later.vars.interpolate(page.target);
    this.rec.event(t, 'nginx', null, 'note', `${c.spec.name}: error_page ${x.status} → ${target}`, {
      source: sourceOf(page.directive),
      explain: { code: 'error-page', params: { status: x.status, target } },
    });
    if (!target.startsWith('/') && !target.startsWith('@')) {
      const redirect = page.overwrite !== null && [301, 302, 303, 307, 308].includes(page.overwrite);
      const status = redirect ? page.overwrite! : 302;
      return {
        ev,
        x: {
          kind: 'response',
          at: t,
          status,
          headers: [['location', target]],
          backend: null,
          fromNginx: true,
          locationInList: !target.startsWith('/'),
        },
        body: '',
        bodyLength: 0,
      };
    }
    const named = target.startsWith('@');
    const port = c.spec.port ?? firstListenPort(gen.prepared.model.servers) ?? 80;
    const ev2 = evaluate(
      gen.prepared.model,
      gen.features,
      {
        method: named || r.method === 'HEAD' ? r.method : 'GET',
        target: named ? later.vars.request.target : target,
        httpVersion: r.http_version,
        headers: later.vars.request.headers,
        connection: { remoteAddr: c.spec.address, number: c.number, requests: c.served },
      },
      port,
      this.options.regex,
      new PrefixFiles(gen.files),
      {
        host: later.vars.serverHost,
        ...(named ? { named: target } : {}),
        ...(later.vars.upstream ? { upstream: later.vars.upstream } : {}),
        ...(c.readBody ? { requestBody: c.readBody } : {}),
      },
    );
    if (ev2.handling.kind === 'proxy') {
      this.errors.push(
        unmodelledAt('unmodelled-error_page', page.directive, { status: String(x.status), target }),
      );
      return null;
    }
    for (const w of ev2.warnings) this.rec.log(w);
    for (const l of ev2.rewriteLog) this.rec.log(l);
    const { exchange: second, body: own } = this.answerHere(
      ev2,
      ev2.handling.kind === 'respond' ? r.method : 'GET',
      gen.files,
    );
    if (second.kind !== 'response') return { ev: ev2, x: second, body: '', bodyLength: 0 };
    const ownError = second.fromNginx && second.status >= 300;
    const status = ownError || page.overwrite === 0 ? second.status : (page.overwrite ?? x.status);
    const head = r.method === 'HEAD';
    return {
      ev: ev2,
      x: { ...second, at: t, status },
      body: head ? '' : keep(own),
      bodyLength: head ? 0 : byteLength(own),
    };
  }

  /**
   * The client reads nothing (`stop_reading_at` came before the answer): it never sees the
   * response. What fits in the socket buffers is written and nginx goes on as usual (but the
   * client, waiting for an answer it does not read, sends nothing more); nginx's later close
   * reaches the client's kernel, as nothing is left unsent. A longer body blocks the write, and
   * send_timeout closes the connection (ngx_http_writer: `client timed out`); that FIN queues
   * behind the unsent data, so the client only learns of it from a reset
   * (`reset_timedout_connection on`); else it holds the connection until its `until`.
   */
  private unread(
    c: ClientRun,
    ev: Evaluation,
    p: Pending,
    t: number,
    completeMs: number,
    bodyLength: number,
    keepalive: boolean,
  ): void {
    const settings = this.settings(ev);
    const leave = () => this.leaveRest(c);
    leave();
    if (bodyLength <= SOCKET_BUFFER_BYTES) {
      // Written whole: nginx waits for the next request (keepalive_timeout) or closes at once.
      const closeAt = keepalive && !p.readingBody ? completeMs + c.keepaliveMs : completeMs;
      this.agenda.add(completeMs, NGINX, c.rank, () => {
        if (!c.open) return;
        this.releaseLimits(c);
        this.releaseUpstream(c, p, completeMs, true);
        c.state = 'idle';
        // Nothing is left unsent, so the FIN reaches the client's kernel: the close is seen.
        this.agenda.add(closeAt, NGINX, c.rank, () => this.closeClient(c, closeAt, 'nginx'));
      });
      return;
    }
    const fromBackend = p.act?.kind === 'respond' && p.exchange.kind === 'response' && !p.exchange.fromNginx;
    if (fromBackend && settings.proxyBuffering) {
      // The backend's answer outgrows proxy_buffers: the rest goes to a temporary file, and the
      // backend's part is over once it has sent it all (ngx_http_upstream_process_request).
      this.rec.log(
        `[warn] an upstream response is buffered to a temporary file ${RUN_PREFIX}proxy_temp/${String(++this.tempNumber).padStart(10, '0')} while reading upstream`,
      );
      this.agenda.add(completeMs, NGINX, c.rank, () => {
        if (c.open) this.releaseUpstream(c, p, completeMs, true);
      });
    }
    const timeoutAt = t + toMs(ev.timers.send_timeout.seconds);
    this.agenda.add(timeoutAt, NGINX, c.rank, () => {
      if (!c.open) return;
      this.rec.timerFired(timeoutAt, 'send_timeout', ev.timers.send_timeout.source);
      this.rec.log('[info] client timed out (110: Connection timed out) while sending to client');
      this.releaseUpstream(c, p, timeoutAt, false);
      this.closeUnseen(c, timeoutAt, settings.resetTimedout);
    });
  }

  /**
   * nginx closes a connection whose client reads nothing: a reset is seen at once, a FIN (queued
   * behind unread data) never, so the client holds it open until its `until`.
   */
  private closeUnseen(c: ClientRun, t: number, reset: boolean): void {
    if (!c.open) return;
    if (reset) {
      this.closeClient(c, t, 'nginx');
      return;
    }
    this.releaseLimits(c);
    c.open = false;
    c.state = 'closed';
    c.idleToken++;
    if (c.gen) c.gen.held--;
    const at = Math.min(c.untilMs, toMs(this.s.until));
    c.out.closed = { at: seconds(at), by: 'client' };
    this.rec.event(
      t,
      'nginx',
      'client',
      'close',
      `${c.spec.name}: close (not seen: the client reads nothing)`,
    );
    this.markDone(c, t);
  }

  // --- the upstream side -------------------------------------------------------------------

  private proxy(
    c: ClientRun,
    i: number,
    ev: Evaluation,
    plan: ProxyPlan,
    t0: number,
    body: { text: string; length: number },
    bodyDone: number,
    outcome: RequestOutcome,
    onAnswer?: (p: Pending) => void,
  ): void {
    const up = plan.target.upstream ?? null;
    const peerCount = up ? up.servers.filter((s) => !s.down).length : plan.peers.length;
    const { nextUpstream } = plan;
    const buffering = this.settings(ev).requestBuffering;
    if (buffering && bodyDone === Number.POSITIVE_INFINITY) {
      // nginx reads the whole body before it goes upstream; client_body_timeout ends the wait
      // (ngx_http_read_client_request_body_handler: 408, which closes without a response).
      const at = t0 + this.settings(ev).bodyTimeoutMs;
      this.agenda.add(at, NGINX, c.rank, () => {
        if (c.open && c.state === 'busy' && c.next === i + 1) this.closeClient(c, at, 'nginx');
      });
      return;
    }
    const ctx: ProxyTry = {
      c,
      i,
      ev,
      plan,
      body,
      bodyDone,
      outcome,
      up,
      balancer: up ? this.balancerFor(c.gen!, up) : null,
      maxTries: Math.min(nextUpstream.tries > 0 ? nextUpstream.tries : peerCount, peerCount),
      deadline: nextUpstream.timeout_s > 0 ? t0 + toMs(nextUpstream.timeout_s) : Number.POSITIVE_INFINITY,
      tried: new Set(),
      tries: 0,
      log: [],
      t: buffering ? bodyDone : t0,
      lastFailure: 502,
      ...(onAnswer ? { onAnswer } : {}),
    };
    this.attemptAt(ctx);
  }

  /** The next try at its time: now, or later on the agenda (so other clients' requests come between). */
  private attemptAt(ctx: ProxyTry): void {
    if (ctx.t <= this.now) {
      this.attempt(ctx);
      return;
    }
    this.agenda.add(ctx.t, NGINX, ctx.c.rank, () => {
      if (ctx.c.open && ctx.c.state === 'busy') this.attempt(ctx);
    });
  }

  private deliver(ctx: ProxyTry, p: Pending): void {
    const { c, i, ev, onAnswer } = ctx;
    this.agenda.add(p.at, NGINX, c.rank, () => (onAnswer ? onAnswer(p) : this.respond(c, i, ev, p)));
  }

  /** nginx answers by itself: 500 (no connection left), 502 or 504. */
  private gateway(ctx: ProxyTry, t: number, status: 500 | 502 | 504): void {
    this.deliver(ctx, {
      readingBody: ctx.readingBody,
      at: t,
      exchange: {
        kind: 'response',
        at: t,
        status,
        headers: [],
        backend: null,
        fromNginx: true,
        tries: ctx.log,
      },
      body: '',
      bodyLength: 0,
      bodyDelayMs: 0,
      conn: null,
      act: null,
      backendSpec: null,
    });
  }

  /** Another try, at `t`: at once if no time passed, else on the agenda. */
  private retry(ctx: ProxyTry, t: number): void {
    ctx.tries++;
    ctx.t = t;
    this.attemptAt(ctx);
  }

  /** ngx_http_upstream_next: the failure is in proxy_next_upstream, tries and time are left, the method may go again. */
  private mayRetry(ctx: ProxyTry, t: number, allowed: boolean, sent: boolean): boolean {
    const { nextUpstream } = ctx.plan;
    const method = ctx.c.spec.requests[ctx.i]!.method;
    return (
      allowed &&
      !(sent && NON_IDEMPOTENT.has(method) && !nextUpstream.nonIdempotent) &&
      ctx.tries + 1 < ctx.maxTries &&
      t < ctx.deadline
    );
  }

  /**
   * An upstream timer fired at `t` while `doing` (nginx's words for the phase): the try fails
   * with 504 as ngx_http_upstream_next sees a timeout. True when the request went to the next
   * upstream; false leaves the answer to the caller.
   */
  private upstreamTimedOut(
    ctx: ProxyTry,
    conn: UpstreamConn,
    balancer: Balancer | null,
    index: number,
    address: string,
    t: number,
    doing: string,
    peerSeesClose: boolean,
  ): boolean {
    this.closeUpstream(conn, t, 'nginx', peerSeesClose);
    if (balancer) balancer.finished(index);
    this.failed(balancer, index, t, doing);
    this.rec.log(`[error] upstream timed out (110: Connection timed out) while ${doing}`);
    ctx.lastFailure = 504;
    ctx.log.push({ addr: this.addr(address), status: '504' });
    if (!this.mayRetry(ctx, t, ctx.plan.nextUpstream.timeout, true)) return false;
    this.retry(ctx, t);
    return true;
  }

  private failed(balancer: Balancer | null, index: number, t: number, action: string): void {
    if (balancer?.failed(index, t))
      this.rec.log(`[warn] upstream server temporarily disabled while ${action}`);
  }

  private readonly addrs = new Map<string, string>();

  /** peerAddr, once per address (every try of every request names one). */
  private addr(address: string): string {
    let a = this.addrs.get(address);
    if (a === undefined) {
      a = peerAddr(address);
      this.addrs.set(address, a);
    }
    return a;
  }

  private readonly lookups = new Map<string, ReturnType<typeof lookupBackend>>();

  private lookup(address: string): ReturnType<typeof lookupBackend> {
    let found = this.lookups.get(address);
    if (!found) {
      found = lookupBackend(address, this.s.backends);
      this.lookups.set(address, found);
    }
    return found;
  }

  private attempt(ctx: ProxyTry): void {
    const { c, i, ev, plan, body, bodyDone, outcome, up, balancer, tried } = ctx;
    const gen = c.gen!;
    const r = c.spec.requests[i]!;
    const connectMs = toMs(ev.timers.proxy_connect_timeout.seconds);
    const readMs = toMs(ev.timers.proxy_read_timeout.seconds);
    const hashFirst = plan.peers[0]?.address ?? null;
    const { nextUpstream } = plan;
    let t = ctx.t;
    {
      const tries = ctx.tries;
      let index = -1;
      let address: string;
      if (balancer) {
        const picked = balancer.pick(tried, t, c.spec.address, hashFirst);
        if (picked === null) {
          if (tries === 0) {
            this.rec.log('[error] no live upstreams while connecting to upstream');
            this.gateway(ctx, t, 502);
            return;
          }
          this.gateway(ctx, t, ctx.lastFailure);
          return;
        }
        index = picked;
        tried.add(index);
        address = up!.servers[index]!.address;
      } else {
        const peer = plan.peers[tries];
        if (!peer) {
          this.gateway(ctx, t, ctx.lastFailure);
          return;
        }
        address = peer.address;
      }
      const found = this.lookup(address);
      // nginx as its own upstream: the request runs again in the server that listens there.
      let self = found.spec === null && found.loopback && gen.listenPorts.has(portOf(address));
      if (self && this.depth >= MAX_SELF_DEPTH) {
        self = false;
        this.note(unmodelledFeature('unmodelled-self-loop'));
      }
      this.rec.event(t, 'nginx', 'backend', 'connect', `${c.spec.name}: connect ${address}`);
      if (found.spec === null && !found.loopback) {
        if (t + connectMs > c.untilMs) {
          this.clientGone(c, null, balancer, index);
          return;
        }
        t += connectMs;
        this.failed(balancer, index, t, 'connecting to upstream');
        this.rec.log('[error] upstream timed out (110: Connection timed out) while connecting to upstream');
        ctx.lastFailure = 504;
        ctx.log.push({ addr: this.addr(address), status: '504' });
        if (this.mayRetry(ctx, t, nextUpstream.timeout, false)) {
          this.retry(ctx, t);
          return;
        }
        this.gateway(ctx, t, 504);
        return;
      }
      const state = found.spec ? this.backendState.get(found.key) : undefined;
      if (!self && (found.spec === null || found.spec.kind === 'refused' || state?.down)) {
        this.rec.log('[error] connect() failed (111: Connection refused) while connecting to upstream');
        this.failed(balancer, index, t, 'connecting to upstream');
        ctx.lastFailure = 502;
        ctx.log.push({ addr: this.addr(address), status: '502' });
        if (this.mayRetry(ctx, t, nextUpstream.error, false)) {
          this.retry(ctx, t);
          return;
        }
        this.gateway(ctx, t, 502);
        return;
      }
      const spec = found.spec;
      let conn = this.pooled(gen, up, found.key);
      if (!conn) {
        if (this.free(gen) < 1) {
          const n = gen.prepared.model.connections.workerConnections;
          this.rec.log(`[alert] ${n} worker_connections are not enough while connecting to upstream`);
          this.gateway(ctx, t, 500);
          return;
        }
        conn = this.openUpstream(gen, found.key, t, spec !== null);
      }
      const headAt = t;
      const act = spec
        ? this.act(spec, answerFor(spec, state!.answered++), r.method, plan)
        : this.selfAct(c, i, outcome, conn, address, plan, body, Math.max(headAt, bodyDone));
      conn.idle = false;
      conn.served++;
      conn.out.requests.push([c.spec.name, this.requestIndex ?? i]);
      if (balancer) balancer.started(index);
      c.inflight = { conn, peer: balancer ? { balancer, index } : null };
      c.upstreamCache = plan.keepalive && up ? { up, count: plan.keepalive.count } : null;
      const reads = !act.stopReading;
      const arrived = reads ? Math.max(headAt, bodyDone) : headAt;
      // The recordings list the scenario's backends only: this nginx is none of them.
      if (spec)
        outcome.upstream.push({
          backend: found.key,
          request_line: plan.requestLine,
          headers: lowerHeaders(plan),
          connection: conn.out.id,
          at: seconds(headAt),
          body: reads ? keep(body.text) : '',
          body_length: reads && arrived !== Number.POSITIVE_INFINITY ? body.length : 0,
          complete_at: !reads
            ? body.length > 0
              ? null
              : seconds(headAt)
            : arrived === Number.POSITIVE_INFINITY
              ? null
              : seconds(arrived),
        });
      this.rec.headers.push(plan.decisions);
      this.rec.event(t, 'nginx', 'backend', 'request', `${c.spec.name}: ${plan.requestLine}`);
      const base = act.kind === 'hang' ? 0 : act.fromHead ? headAt : arrived;
      const actAt = act.kind === 'hang' ? null : base + act.afterMs;
      // A backend that reads nothing after the head, and more body than the socket buffers hold:
      // nginx's write blocks and proxy_send_timeout runs (ngx_http_upstream_send_request_handler).
      const sendBlocks = act.stopReading && body.length > SOCKET_BUFFER_BYTES;
      const sendDeadline = headAt + toMs(ev.timers.proxy_send_timeout.seconds);
      if (sendBlocks && (actAt === null || actAt >= sendDeadline)) {
        if (sendDeadline > c.untilMs) {
          this.clientGone(c, conn, balancer, index);
          return;
        }
        t = sendDeadline;
        this.rec.timerFired(t, 'proxy_send_timeout', ev.timers.proxy_send_timeout.source);
        // The backend reads nothing, so it never sees the FIN either: its side stays open.
        const retried = this.upstreamTimedOut(
          ctx,
          conn,
          balancer,
          index,
          address,
          t,
          'sending request to upstream',
          false,
        );
        if (retried) return;
        ctx.readingBody = !this.settings(ev).requestBuffering;
        this.gateway(ctx, t, 504);
        return;
      }
      // The read timer runs from the moment the whole request is sent.
      const readDeadline = Math.max(headAt, bodyDone) + readMs;
      if (actAt === null || actAt > readDeadline) {
        if (readDeadline > c.untilMs) {
          this.clientGone(c, conn, balancer, index);
          return;
        }
        t = readDeadline;
        if (
          this.upstreamTimedOut(
            ctx,
            conn,
            balancer,
            index,
            address,
            t,
            'reading response header from upstream',
            true,
          )
        )
          return;
        this.gateway(ctx, t, 504);
        return;
      }
      if (actAt > c.untilMs) {
        this.clientGone(c, conn, balancer, index);
        return;
      }
      t = actAt;
      if (act.kind === 'close') {
        this.closeUpstream(conn, t, 'backend');
        if (balancer) balancer.finished(index);
        this.rec.log(
          '[error] upstream prematurely closed connection while reading response header from upstream',
        );
        this.failed(balancer, index, t, 'reading response header from upstream');
        ctx.lastFailure = 502;
        ctx.log.push({ addr: this.addr(address), status: '502' });
        if (this.mayRetry(ctx, t, nextUpstream.error, true)) {
          this.retry(ctx, t);
          return;
        }
        this.gateway(ctx, t, 502);
        return;
      }
      if (act.kind !== 'respond') return;
      ctx.log.push({ addr: this.addr(address), status: String(act.status) });
      if (this.mayRetry(ctx, t, nextUpstream.statuses.includes(act.status), true)) {
        this.closeUpstream(conn, t, act.closes ? 'backend' : 'nginx');
        if (balancer) balancer.finished(index);
        if (act.status !== 403 && act.status !== 404)
          this.failed(balancer, index, t, 'reading response header from upstream');
        this.retry(ctx, t);
        return;
      }
      if (balancer) balancer.succeeded(index);
      this.deliver(ctx, {
        at: t,
        exchange: {
          kind: 'response',
          at: t,
          status: act.status,
          headers: act.headers,
          backend: spec,
          fromNginx: false,
          tries: ctx.log,
        },
        body: act.body,
        bodyLength: act.bodyLength,
        bodyDelayMs: act.bodyDelayMs,
        conn,
        act,
        backendSpec: spec,
        unfinishedBody: bodyDone === Number.POSITIVE_INFINITY,
      });
      return;
    }
  }

  /**
   * nginx as its own upstream: the upstream request, sent at `start` with its whole body, runs as
   * a client request of the server listening at `address` (a nested run of the same
   * configuration), and what that server answers is what nginx gets back as a backend's answer.
   */
  private selfAct(
    c: ClientRun,
    i: number,
    outcome: RequestOutcome,
    conn: UpstreamConn,
    address: string,
    plan: ProxyPlan,
    body: { text: string; length: number },
    start: number,
  ): BackendAct {
    if (start === Number.POSITIVE_INFINITY) return { kind: 'hang', stopReading: false };
    const gen = c.gen!;
    const [method = 'GET', target = '/'] = plan.requestLine.split(' ');
    // The body as kept (its first KEPT_BYTES): the whole text, or as many bytes of `x` (body_size).
    const whole = byteLength(body.text) === body.length;
    const request: ClientRequestV2 = {
      method,
      path: target,
      http_version: plan.httpVersion,
      headers: plan.headers,
      body: body.length === 0 ? null : whole ? body.text : null,
      body_size: body.length === 0 || whole ? null : body.length,
      body_parts: [],
      at: null,
      pipelined: false,
    };
    const until = Math.max(0, (c.untilMs - start) / 1000);
    const address_ = plan.bind ?? '127.0.0.1';
    const inner = new Run(
      {
        title: this.s.title,
        config: gen.config,
        ...(gen.files ? { files: gen.files } : {}),
        backends: this.s.backends,
        clients: [
          {
            name: c.spec.name,
            start: 0,
            after: null,
            port: portOf(address),
            address: address_,
            requests: [request],
            steps: [],
            stop_reading_at: null,
            until,
          },
        ],
        events: [],
        until,
      },
      this.options,
      this.depth + 1,
      this,
    );
    // What the inner server sends to the scenario's backends is this client request's doing.
    inner.requestIndex = this.requestIndex ?? i;
    const sim = inner.play();
    this.connections = inner.connections;
    this.tempNumber = inner.tempNumber;
    for (const e of sim.errors) if (e.code === 'engine-unmodelled') this.note(e);
    // Its client is this nginx: the inner server's `closed keepalive connection` comes when nginx
    // closes the connection (closeUpstream), not at the window's end.
    const lines = 'error_log' in sim.outcome ? [...(sim.outcome.error_log ?? [])] : [];
    const closeLine = `[info] client ${address_} closed keepalive connection`;
    const kept = lines.at(-1) === closeLine ? lines.pop() : undefined;
    for (const line of lines) this.rec.log(line);
    const out = 'clients' in sim.outcome ? sim.outcome.clients?.[0] : undefined;
    for (const u of out?.requests[0]?.upstream ?? []) outcome.upstream.push(u);
    const response = out?.requests[0]?.response;
    if (response && response.status !== 101) {
      if (kept) conn.closeLine = kept;
      const headers = Object.entries(response.headers).filter(([n]) => n !== 'date');
      return {
        kind: 'respond',
        afterMs: toMs(response.at),
        fromHead: false,
        status: response.status,
        headers,
        body: response.body,
        bodyLength: response.body_length,
        bodyDelayMs: response.complete_at === null ? 0 : toMs(response.complete_at - response.at),
        closes: response.headers.connection === 'close',
        stopReading: false,
        upgraded: false,
        problem: null,
      };
    }
    if (response) this.note(unmodelledFeature('unmodelled-own-upstream', { address: this.addr(address) }));
    if (out?.closed?.by === 'nginx' && !response)
      return { kind: 'close', afterMs: toMs(out.closed.at), fromHead: false, stopReading: false };
    return { kind: 'hang', stopReading: false };
  }

  /** The client hangs up (its `until`) while nginx still waits for the backend. */
  private clientGone(
    c: ClientRun,
    conn: UpstreamConn | null,
    balancer: Balancer | null,
    index: number,
  ): void {
    if (conn) c.inflight = { conn, peer: balancer ? { balancer, index } : null };
  }

  private balancerFor(gen: Generation, up: UpstreamModel): Balancer {
    let b = gen.balancers.get(up.name);
    if (!b) {
      b = new Balancer(up);
      gen.balancers.set(up.name, b);
    }
    return b;
  }

  /** An idle keepalive connection to this backend, the most recently used first (ngx_http_upstream_get_keepalive_peer). */
  private pooled(gen: Generation, up: UpstreamModel | null, key: string): UpstreamConn | null {
    if (!up) return null;
    const pool = gen.pools.get(up.name);
    if (!pool) return null;
    for (let k = pool.length - 1; k >= 0; k--) {
      const conn = pool[k]!;
      if (conn.key === key && conn.open) {
        pool.splice(k, 1);
        conn.idleToken++;
        return conn;
      }
    }
    return null;
  }

  /** `recorded` false: a connection to this nginx itself, in no backend's list. */
  private openUpstream(gen: Generation, key: string, t: number, recorded = true): UpstreamConn {
    const list = recorded ? this.backends[key]!.connections : [];
    const out: BackendConnection = {
      id: list.length + 1,
      opened_at: seconds(t),
      closed_at: null,
      closed_by: null,
      requests: [],
    };
    list.push(out);
    const conn: UpstreamConn = {
      key,
      out,
      gen,
      open: true,
      idle: false,
      idleToken: 0,
      served: 0,
      openedMs: t,
    };
    if (recorded) this.backendState.get(key)!.conns.push(conn);
    gen.held++;
    return conn;
  }

  /** `seen` false: the backend reads nothing, so its side never learns of nginx's close. */
  private closeUpstream(conn: UpstreamConn, t: number, by: 'nginx' | 'backend', seen = true): void {
    if (!conn.open) return;
    conn.open = false;
    conn.idleToken++;
    if (seen) {
      conn.out.closed_at = seconds(t);
      conn.out.closed_by = by;
    }
    if (conn.closeLine && by === 'nginx') this.rec.log(conn.closeLine);
    conn.gen.held--;
    for (const pool of conn.gen.pools.values()) {
      const k = pool.indexOf(conn);
      if (k >= 0) pool.splice(k, 1);
    }
  }

  /** After a response: the backend connection goes back to the pool, or is closed. */
  private releaseUpstream(c: ClientRun, p: Pending, t: number, complete: boolean): void {
    const inflight = c.inflight;
    c.inflight = null;
    if (inflight?.peer) inflight.peer.balancer.finished(inflight.peer.index);
    const conn = p.conn;
    if (!conn?.open) return;
    if (!complete || !p.act || p.act.kind !== 'respond') {
      this.closeUpstream(conn, t, 'nginx');
      return;
    }
    if (p.act.closes) {
      this.closeUpstream(conn, t, 'backend');
      return;
    }
    if (p.unfinishedBody || p.unreadAnswer) {
      this.closeUpstream(conn, t, 'nginx');
      return;
    }
    const gen = conn.gen;
    const cache = c.upstreamCache;
    c.upstreamCache = null;
    if (!cache || gen.stale || p.act.stopReading) {
      this.closeUpstream(conn, t, 'nginx');
      return;
    }
    const { up, count } = cache;
    const settings = cachedUpstreamSettings(up);
    if (conn.served >= settings.requests || t - conn.openedMs >= settings.timeMs) {
      this.closeUpstream(conn, t, 'nginx');
      return;
    }
    const pool = gen.pools.get(up.name) ?? [];
    gen.pools.set(up.name, pool);
    if (pool.length >= count) this.closeUpstream(pool[0]!, t, 'nginx');
    pool.push(conn);
    conn.idle = true;
    const token = ++conn.idleToken;
    this.agenda.add(t + settings.idleMs, NGINX, 0, () => {
      if (conn.open && conn.idle && conn.idleToken === token) this.closeUpstream(conn, this.now, 'nginx');
    });
  }

  // --- tunnels -------------------------------------------------------------------------------

  private openTunnel(c: ClientRun, ev: Evaluation, p: Pending, t: number): void {
    c.state = 'tunnel';
    c.out.tunnel = true;
    this.leaveRest(c);
    const spec = p.backendSpec!;
    const rec = new Recorder();
    // A generated frame (send_size, up to 16 MiB) travels as a short stand-in; its bytes are
    // never built, only its kept part and its length in the outcome.
    let steps: ClientStep[] = c.spec.steps.map((s) =>
      s.send_size !== undefined ? { at: s.at, send: `${SIZED}${s.send_size}` } : s,
    );
    // A backend that reads nothing after the head: the client's frames pile up in the socket
    // buffers, unread; once they outgrow them nginx's write blocks and proxy_send_timeout ends
    // the tunnel (ngx_http_upstream_process_upgraded: `upstream timed out`).
    let blockedEnd: number | null = null;
    if (p.act?.stopReading) {
      let queued = 0;
      for (const step of c.spec.steps) {
        const at = toMs(step.at);
        if (at < t) continue;
        queued += step.send_size ?? (step.send !== undefined ? byteLength(step.send) : 0);
        if (queued > SOCKET_BUFFER_BYTES) {
          blockedEnd = at + toMs(ev.timers.proxy_send_timeout.seconds);
          break;
        }
      }
      steps = steps.filter((s) => s.send === undefined && s.ping === undefined);
    }
    const overBudget = this.tunnelEvents >= MAX_RUN_TUNNEL_EVENTS;
    if (overBudget && !this.budgetNoted) {
      this.budgetNoted = true;
      this.errors.push({
        file: CONFIG_FILE,
        line: null,
        error: 'simulation stopped after too many tunnel events: later tunnels close as they open',
        code: 'engine-event-limit',
      });
    }
    const result = runTunnel(
      t,
      overBudget ? t : blockedEnd !== null ? Math.min(c.untilMs, blockedEnd) : c.untilMs,
      steps,
      spec,
      { ms: toMs(ev.timers.proxy_read_timeout.seconds), source: ev.timers.proxy_read_timeout.source },
      rec,
    );
    // The recorder's cap stopped the tunnel before it ended: shown as open until the client leaves.
    let end = result.end ?? { at: seconds(c.untilMs), by: 'client' as const, reason: 'until' };
    if (blockedEnd !== null && blockedEnd < c.untilMs && toMs(end.at) >= blockedEnd) {
      end = { at: seconds(blockedEnd), by: 'nginx', reason: 'connection closed without a close frame' };
      rec.timerFired(blockedEnd, 'proxy_send_timeout', ev.timers.proxy_send_timeout.source);
      rec.log('[info] upstream timed out (110: Connection timed out) while proxying upgraded connection');
    }
    if (result.end === null)
      this.errors.push({
        file: CONFIG_FILE,
        line: null,
        error: 'simulation stopped after too many tunnel events',
        code: 'engine-event-limit',
      });
    this.tunnelEvents += rec.timeline.length;
    const frames: OutcomeFrameV2[] = rec.frames.map((f) => {
      if (f.data.startsWith(SIZED)) {
        const size = Number(f.data.slice(SIZED.length));
        const data = 'x'.repeat(Math.min(size, KEPT_BYTES));
        return size > KEPT_BYTES ? { ...f, data, length: size } : { ...f, data };
      }
      const bytes = byteLength(f.data);
      return bytes > KEPT_BYTES ? { ...f, data: keep(f.data), length: bytes } : f;
    });
    c.tunnel = { endMs: toMs(end.at), frames, end, conn: p.conn, rec, deaf: p.act?.stopReading ?? false };
    c.inflight = null;
    this.markDone(c, t);
    const endMs = toMs(end.at);
    this.agenda.add(endMs, end.by === 'client' ? CLIENT : NGINX, c.rank, () => this.finishTunnel(c, endMs));
  }

  /** The tunnel ends as planned (by `at` = its end), or earlier (a restart, a shutdown timeout, a backend down). */
  private finishTunnel(
    c: ClientRun,
    at: number,
    cut?: { by: 'client' | 'backend' | 'nginx'; reason: string },
  ): void {
    const tunnel = c.tunnel;
    if (!tunnel) return;
    c.tunnel = null;
    this.releaseLimits(c);
    const endMs = cut ? Math.min(at, tunnel.endMs) : tunnel.endMs;
    const end = cut && at < tunnel.endMs ? { at: seconds(at), by: cut.by, reason: cut.reason } : tunnel.end;
    const frameLimit = seconds(endMs);
    c.out.frames = tunnel.frames.filter((f) => f.at <= frameLimit);
    c.out.end = end;
    const name = c.spec.name;
    for (const e of tunnel.rec.timeline)
      if (e.at <= frameLimit) this.rec.timeline.push({ ...e, label: `${name}: ${sizedLabel(e.label)}` });
    for (const line of tunnel.rec.transcript)
      if (line.at <= frameLimit) c.transcript.push({ ...line, text: sizedLabel(line.text) });
    for (const l of tunnel.rec.errorLog) if (!cut || at >= tunnel.endMs) this.rec.log(l);
    if (tunnel.conn)
      this.closeUpstream(
        tunnel.conn,
        endMs,
        end.by === 'backend' ? 'backend' : 'nginx',
        !tunnel.deaf || end.by === 'backend',
      );
    if (c.open) {
      c.open = false;
      c.state = 'closed';
      if (c.gen) c.gen.held--;
      c.out.closed = { at: end.at, by: end.by === 'client' ? 'client' : 'nginx' };
    }
  }

  // --- events --------------------------------------------------------------------------------

  private event(e: ScenarioEvent): void {
    const t = this.now;
    this.rec.event(
      t,
      'nginx',
      null,
      'note',
      e.kind === 'backend_down' || e.kind === 'backend_up' ? `${e.kind} ${e.backend}` : e.kind,
    );
    switch (e.kind) {
      case 'reload':
        this.reload(t, e.config ?? this.gen.config, e.files ?? this.gen.files);
        return;
      case 'restart':
        this.restart(t);
        return;
      case 'backend_down': {
        const key = lookupBackend(e.backend, this.s.backends).key;
        const state = this.backendState.get(key);
        if (!state) return;
        state.down = true;
        for (const c of this.clients)
          if (c.tunnel?.conn?.key === key && c.tunnel.conn.open)
            this.finishTunnel(c, t, { by: 'backend', reason: 'backend down' });
        for (const conn of state.conns) this.closeUpstream(conn, t, 'backend');
        return;
      }
      case 'backend_up': {
        const state = this.backendState.get(lookupBackend(e.backend, this.s.backends).key);
        if (state) state.down = false;
        return;
      }
    }
  }

  private reload(t: number, config: string, files: Record<string, string> | undefined): void {
    const next = this.generation(config, files);
    if ('error' in next) {
      const e = next.error[0]!;
      this.rec.log(`[emerg] ${formatNginxError({ ...e, file: `${RUN_PREFIX}${e.file}` })}`);
      return;
    }
    const old = this.gen;
    old.stale = true;
    this.gen = next;
    for (const c of this.clients) {
      if (c.gen !== old || !c.open) continue;
      if (c.state === 'idle') this.closeClient(c, t, 'nginx');
      else if (c.state === 'busy') c.stale = true;
      else if (c.state === 'tunnel' && old.shutdownMs !== null) {
        const at = t + old.shutdownMs;
        this.agenda.add(at, NGINX, c.rank, () =>
          this.finishTunnel(c, at, { by: 'nginx', reason: 'worker_shutdown_timeout' }),
        );
      }
    }
    for (const pool of old.pools.values()) for (const conn of [...pool]) this.closeUpstream(conn, t, 'nginx');
  }

  private restart(t: number): void {
    for (const c of this.clients) {
      if (!c.open) continue;
      if (c.state === 'tunnel') this.finishTunnel(c, t, { by: 'nginx', reason: 'restart' });
      else {
        if (c.inflight?.conn) this.closeUpstream(c.inflight.conn, t, 'nginx');
        c.inflight = null;
        this.closeClient(c, t, 'nginx');
      }
    }
    for (const state of this.backendState.values())
      for (const conn of state.conns) this.closeUpstream(conn, t, 'nginx');
    const fresh = this.generation(this.gen.config, this.gen.files);
    if (!('error' in fresh)) this.gen = fresh;
  }

  private get now(): number {
    return this.clock;
  }
}

/** A generated frame's stand-in, as the views show it. */
function sizedLabel(text: string): string {
  return text.replace(/"\\u0000send_size:(\d+)"/g, '($1 bytes)');
}

// --- helpers -----------------------------------------------------------------------------------

const lowered = new WeakMap<ProxyPlan, Array<[string, string]>>();

/** The upstream request's headers as outcome@2 lists them (lower-case names), once per plan; shared, never changed. */
function lowerHeaders(plan: ProxyPlan): Array<[string, string]> {
  let out = lowered.get(plan);
  if (!out) {
    out = plan.headers.map(([n, v]) => [n.toLowerCase(), v]);
    lowered.set(plan, out);
  }
  return out;
}

/** The port of `host:port` (80 without one). */
function portOf(address: string): number {
  const m = /:(\d+)$/.exec(peerAddr(address));
  return m ? Number(m[1]) : 80;
}

function requestLine(r: ClientRequestV2): string {
  return `${r.method} ${r.path} HTTP/${r.http_version}`;
}

/** The body the client sends, whole (text kept to KEPT_BYTES) and its length in bytes. */
function bodyOf(r: ClientRequestV2): { text: string; length: number } {
  const pieces = [{ body: r.body, body_size: r.body_size }, ...r.body_parts];
  let text = '';
  let length = 0;
  for (const p of pieces) {
    const n = p.body !== null ? byteLength(p.body) : (p.body_size ?? 0);
    if (text.length < KEPT_BYTES) text += p.body ?? 'x'.repeat(Math.min(n, KEPT_BYTES));
    length += n;
  }
  return { text: keep(text), length };
}

/** Larger bodies are not kept whole for `$request_body` (a buffer that size is not a real config). */
const MAX_BODY_TEXT = 1024 * 1024;

/** The whole body the client sends, as text (`body_size`: that many `x`), for `$request_body`. */
function wholeBody(r: ClientRequestV2): string {
  let text = '';
  for (const p of [{ body: r.body, body_size: r.body_size }, ...r.body_parts]) {
    text += p.body ?? 'x'.repeat(Math.min(p.body_size ?? 0, MAX_BODY_TEXT));
    if (text.length > MAX_BODY_TEXT) return text.slice(0, MAX_BODY_TEXT);
  }
  return text;
}

/** The header lines as the client writes them: a Content-Length for a body unless the headers frame it. */
function wireHeaders(r: ClientRequestV2): Array<[string, string]> {
  const has = (name: string) => r.headers.some(([n]) => n.toLowerCase() === name);
  const sendsBody = r.body !== null || r.body_size !== null || r.body_parts.length > 0;
  if (!sendsBody || has('content-length') || has('transfer-encoding')) return r.headers;
  return [...r.headers, ['Content-Length', String(bodyOf(r).length)]];
}

/** What send and respond read of a request, worked out once per request object. */
interface Wire {
  line: string;
  headers: Array<[string, string]>;
  /** The header lines as the transcript shows them. */
  transcript: string[];
  body: { text: string; length: number };
  /** The Content-Length it announces, NaN without one. */
  announced: number;
  chunked: boolean;
  upgrade: boolean;
  keepalive: boolean;
  userAgent: string | undefined;
  /** Everything the evaluator reads of the request, as one text (the evaluation cache's key). */
  key: string;
  /** That text's number (interned), -1 once the intern table is full. */
  id: number;
}

/**
 * Evaluations outlive a run: prepare() keeps the parsed config of the last configs, and the same
 * requests against it give the same evaluations (the playground re-runs a scenario on every
 * edit of its other parts; the bench, fifteen times). Per parsed config and nginx version.
 */
const evaluationCaches = new WeakMap<
  Prepared,
  Map<string, { byText: Map<number, Evaluation>; evaluations: Map<string, Evaluation> }>
>();

function evaluationCache(
  prepared: Prepared,
  version: string,
): { byText: Map<number, Evaluation>; evaluations: Map<string, Evaluation> } {
  let byVersion = evaluationCaches.get(prepared);
  if (!byVersion) {
    byVersion = new Map();
    evaluationCaches.set(prepared, byVersion);
  }
  let cache = byVersion.get(version);
  if (!cache) {
    cache = { byText: new Map(), evaluations: new Map() };
    byVersion.set(version, cache);
  }
  return cache;
}

/** Request texts seen so far, numbered: a load scenario's thousand requests are a dozen texts. */
const interned = new Map<string, number>();
const MAX_INTERNED = 100_000;

function intern(key: string): number {
  const known = interned.get(key);
  if (known !== undefined) return known;
  if (interned.size >= MAX_INTERNED) return -1;
  const id = interned.size;
  interned.set(key, id);
  return id;
}

const wires = new WeakMap<ClientRequestV2, Wire>();

function wire(r: ClientRequestV2): Wire {
  let w = wires.get(r);
  if (!w) {
    const headers = wireHeaders(r);
    const value = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
    w = {
      line: requestLine(r),
      headers,
      transcript: headers.map(([n, v]) => `${n}: ${v}`),
      body: bodyOf(r),
      announced: Number(value('content-length') ?? Number.NaN),
      chunked: headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && /chunked/i.test(v)),
      upgrade: r.headers.some(([n]) => n.toLowerCase() === 'upgrade'),
      keepalive: wantsKeepalive(r),
      userAgent: r.headers.find(([n]) => n.toLowerCase() === 'user-agent')?.[1],
      key: '',
      id: -1,
    };
    w.key = JSON.stringify([r.method, r.path, r.http_version, headers, w.body.length, w.chunked]);
    w.id = intern(w.key);
    wires.set(r, w);
  }
  return w;
}

function wantsKeepalive(r: ClientRequestV2): boolean {
  const connection = r.headers
    .filter(([n]) => n.toLowerCase() === 'connection')
    .map(([, v]) => v.toLowerCase())
    .join(',');
  if (r.http_version === '1.0') return connection.includes('keep-alive');
  return !connection.split(',').some((t) => t.trim() === 'close');
}

function numberSetting(conf: ConfigNode, name: 'keepalive_requests', fallback: number): number {
  const value = Number.parseInt(nearest(conf, name)?.args[0] ?? '', 10);
  return Number.isFinite(value) ? value : fallback;
}

function durationSetting(conf: ConfigNode, name: 'client_body_timeout', fallbackSeconds: number): number {
  const ms = parseDuration(nearest(conf, name)?.args[0] ?? '');
  return ms === null ? fallbackSeconds : ms / 1000;
}

function flagSetting(
  conf: ConfigNode,
  name: 'proxy_request_buffering' | 'proxy_buffering' | 'reset_timedout_connection',
  fallback: boolean,
): boolean {
  const value = nearest(conf, name)?.args[0];
  return value === undefined ? fallback : value === 'on';
}

const upstreamSettingsCache = new WeakMap<UpstreamModel, ReturnType<typeof upstreamSettings>>();

function cachedUpstreamSettings(up: UpstreamModel): ReturnType<typeof upstreamSettings> {
  let s = upstreamSettingsCache.get(up);
  if (!s) {
    s = upstreamSettings(up);
    upstreamSettingsCache.set(up, s);
  }
  return s;
}

/** An upstream block's keepalive_requests, keepalive_timeout and keepalive_time. */
function upstreamSettings(up: UpstreamModel): { requests: number; idleMs: number; timeMs: number } {
  const arg = (name: 'keepalive_requests' | 'keepalive_timeout' | 'keepalive_time') =>
    own(up.directive, name)[0]?.args[0];
  const requests = Number.parseInt(arg('keepalive_requests') ?? '', 10);
  return {
    requests: Number.isFinite(requests) ? requests : DEFAULT_KEEPALIVE_REQUESTS,
    idleMs: parseDuration(arg('keepalive_timeout') ?? '') ?? DEFAULT_UPSTREAM_IDLE_MS,
    timeMs: parseDuration(arg('keepalive_time') ?? '') ?? DEFAULT_UPSTREAM_TIME_MS,
  };
}
