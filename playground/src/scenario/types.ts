/**
 * Scenario v1 and outcome v1, then scenario v2 and outcome v2, as defined in
 * docs/scenario-format.md. Fields beyond the contract are marked "extension"; every v1 file
 * must stay valid unchanged.
 */

/** A string, or the same text in both site languages. */
export type Localized = string | { zh?: string; en?: string };

export type BackendKind = 'websocket' | 'refused' | 'silent' | 'http';

export interface BackendSpec {
  kind: BackendKind;
  /** Seconds before the backend answers the request. */
  handshake_delay: number;
  /** websocket kind: status for a request that is not a valid upgrade. */
  plain_status: number;
  echo: boolean;
  send_every: number | null;
  ping_every: number | null;
  close_after: number | null;
  /** Extension (scenario v2, allowed in v1 files too): the Nth request gets the Nth answer; the last repeats. */
  answers?: BackendAnswer[];
}

export interface ClientStep {
  at: number;
  send?: string;
  ping?: string;
  close?: number;
}

export interface ClientRequest {
  method: string;
  path: string;
  http_version: '1.0' | '1.1';
  /** In the order sent; duplicates allowed. */
  headers: Array<[string, string]>;
}

export interface ScenarioClient {
  port?: number;
  request: ClientRequest;
  steps: ClientStep[];
  until: number;
}

/** Extension: goals an exercise checks against the simulated outcome. */
export interface Expectation {
  status?: number;
  tunnel?: boolean;
  /** The tunnel must still be open at this time (seconds). */
  alive_at?: number;
  end_by?: 'client' | 'backend' | 'nginx' | null;
  /** Every listed header must reach the (first) upstream request with this value. */
  upstream_headers?: Record<string, string | null>;
  /** `GET /path HTTP/1.1`, or without ` HTTP/x.y` for any protocol version. */
  upstream_request_line?: string;
  config_error?: boolean;
  /** Extension (exercises): the backend, as the config writes it (`host:port`), that must receive the first request. */
  upstream_backend?: string;
  /** Extension (exercises): frames that must pass through nginx, in this order (others may come between). */
  frames_include?: ExpectedFrame[];
  /** Extension (exercises): every listed header must be in nginx's response to the client with this value (null: absent). */
  response_headers?: Record<string, string | null>;
  /** Extension (exercises), config-only: TLS versions no `listen … ssl` server may enable, e.g. ["TLSv1", "TLSv1.1"]. */
  ssl_protocols_exclude?: string[];
  /**
   * Extension (exercises, scenario v2): how many connections nginx opened to each listed backend
   * over the run (`1` with several requests: upstream keepalive reused one connection).
   */
  upstream_connections?: Record<string, number>;
  /**
   * Extension (exercises, scenario v2): goals for one client by name, judged on that client alone:
   * `status` is its last answered request's, `upstream_*` its first request's first try, the rest
   * (tunnel, alive_at, end_by, frames_include, response_headers) as in scenario v1.
   */
  clients?: Record<string, Expectation>;
}

/** Extension (exercises): one frame an exercise expects; `data` omitted matches any payload. */
export interface ExpectedFrame {
  from: 'client' | 'backend';
  kind: FrameKind;
  data?: string;
}

export interface Scenario {
  title: Localized;
  config: string;
  backends: Record<string, BackendSpec>;
  client: ScenarioClient;
  /** Extension: nginx version to model, e.g. "1.22.1" (default) or "1.30.0". */
  nginx_version?: string;
  /** Extension: what the scenario is meant to show (used by exercises and the corpus). */
  description?: Localized;
  /** Extension: goals checked by `checkExpectations`. */
  expect?: Expectation;
  /** Extension: extra files for `include` (name → text), resolved like open buffers. */
  files?: Record<string, string>;
}

export interface OutcomeResponse {
  at: number;
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
}

export interface UpstreamRequest {
  backend: string;
  request_line: string;
  /** Lower-case names, in order, duplicates kept. */
  headers: Array<[string, string]>;
}

export type FrameKind = 'text' | 'ping' | 'pong' | 'close';

export interface OutcomeFrame {
  at: number;
  from: 'client' | 'backend';
  kind: FrameKind;
  data: string;
}

export interface OutcomeEnd {
  at: number;
  by: 'client' | 'backend' | 'nginx';
  reason: string;
}

export interface RunOutcome {
  format: 'outcome@1';
  response: OutcomeResponse | null;
  upstream: UpstreamRequest[];
  tunnel: boolean;
  frames: OutcomeFrame[];
  end: OutcomeEnd | null;
  /** Lines nginx wrote to error.log, `[level] message` without timestamps (not compared). */
  error_log?: string[];
  /**
   * Extension, simulated outcomes only (not compared): what the simulator did not model on this
   * run, as reason codes with the config line, so that "unknown" can be told from "wrong".
   */
  not_modelled?: Array<{ code: string; line: number | null }>;
}

export interface ConfigErrorOutcome {
  format: 'outcome@1';
  config_error: string;
}

export type Outcome = RunOutcome | ConfigErrorOutcome;

/** A run in which nothing reached the client: no response, no upstream request, no tunnel. */
export function emptyRunOutcome(): RunOutcome {
  return { format: 'outcome@1', response: null, upstream: [], tunnel: false, frames: [], end: null };
}

export function isConfigError<O extends Outcome | OutcomeV2>(
  o: O,
): o is Extract<O, { config_error: string }> {
  return 'config_error' in o;
}

// --- Scenario v2 and outcome v2 (docs/scenario-format.md, "Scenario v2 and outcome v2") -----

/**
 * How a scripted backend answers one request (a backend's `answers`, in order of arrival).
 * In the file an answer is a mapping; `upgrade: true`, `close: true` or `hang: true` pick the
 * kind, anything else is an HTTP response.
 */
export type BackendAnswer = ResponseAnswer | UpgradeAnswer | CloseAnswer | HangAnswer;

interface AnswerBase {
  /**
   * From the moment the request head has arrived, the backend reads nothing more from this
   * connection (a request body or tunnel data then piles up: proxy_send_timeout).
   */
  stop_reading: boolean;
}

/** Answers that act at a time: after `delay` seconds, counted from the whole request or (`early`) its head. */
interface TimedAnswer extends AnswerBase {
  /** Seconds before the backend acts. */
  delay: number;
  /**
   * Count `delay` from the request head instead of the whole request (head and body): the backend
   * answers while the body is still on its way (and still reads it). `stop_reading` implies it.
   */
  early: boolean;
}

export interface ResponseAnswer extends TimedAnswer {
  kind: 'response';
  status: number;
  /** Sent as given, in order. */
  headers: Array<[string, string]>;
  /** The body as text; null when `body_size` gives it (or there is none: an empty body). */
  body: string | null;
  /** That many bytes of `x`, instead of `body`. */
  body_size: number | null;
  /** `length`: Content-Length; `chunked`: Transfer-Encoding: chunked; `close`: no length, close after the body. */
  framing: 'length' | 'chunked' | 'close';
  /** Extension: seconds between the head and the body (streaming, a read timeout mid-body). */
  body_delay: number;
  /** false: `Connection: close` is added and the backend closes after the response. */
  keep_alive: boolean;
}

/** Behave as the `websocket` kind for this request (the backend's v1 fields drive the tunnel). */
export interface UpgradeAnswer extends TimedAnswer {
  kind: 'upgrade';
}

/** Close the connection without answering. */
export interface CloseAnswer extends TimedAnswer {
  kind: 'close';
}

/** Never answer and never close. */
export interface HangAnswer extends AnswerBase {
  kind: 'hang';
}

/** Extension (scenario v2): a later piece of a request body, sent at its time. */
export interface BodyPart {
  /** Seconds from the scenario's start. */
  at: number;
  body: string | null;
  body_size: number | null;
}

export interface ClientRequestV2 extends ClientRequest {
  /** Not sent before this time (seconds from the start); null: once the previous response is complete. */
  at: number | null;
  /** The body sent right after the head, as text; null when `body_size` gives it or there is none. */
  body: string | null;
  /** That many bytes of `x`, instead of `body`. */
  body_size: number | null;
  /** Extension: more of the body, each piece at its time (a slow upload). */
  body_parts: BodyPart[];
  /** Extension: sent right after the previous request, without waiting for its response (HTTP/1.1 pipelining). */
  pipelined: boolean;
}

/** A v1 step, or (v2 only) a text frame of `send_size` bytes of `x`. */
export interface ClientStepV2 extends ClientStep {
  send_size?: number;
}

export interface ScenarioClientV2 {
  /** Unique; default c1, c2, … in list order. */
  name: string;
  /** Seconds from the start (or from when `after` is done) when the client opens its TCP connection. */
  start: number;
  /**
   * Extension: the name of a client listed before this one; this client's `start` then counts from
   * the moment that one is done (its requests answered, or its connection closed). Orders clients
   * by cause rather than by the clock.
   */
  after: string | null;
  port?: number;
  /** Extension: the client's own address, any 127.x.y.z (default 127.0.0.1): ip_hash and $remote_addr see it. */
  address: string;
  requests: ClientRequestV2[];
  steps: ClientStepV2[];
  /** From this time the client reads nothing more (send_timeout); null: it always reads. */
  stop_reading_at: number | null;
  /** When the client drops TCP if the connection is still open. */
  until: number;
}

export type ScenarioEvent =
  | {
      at: number;
      kind: 'reload';
      /** The new config, or null to reload the same one. */
      config: string | null;
      /** The new files (replacing the scenario's), or null to keep them. */
      files: Record<string, string> | null;
    }
  | { at: number; kind: 'restart' }
  | { at: number; kind: 'backend_down'; backend: string }
  | { at: number; kind: 'backend_up'; backend: string };

export interface ScenarioV2 {
  title: Localized;
  description?: Localized;
  nginx_version?: string;
  config: string;
  files?: Record<string, string>;
  backends: Record<string, BackendSpec>;
  clients: ScenarioClientV2[];
  events: ScenarioEvent[];
  /** The window, seconds: every client is gone by then. */
  until: number;
}

/** A loaded scenario of either version. */
export type AnyScenario = Scenario | ScenarioV2;

export function isScenarioV2(s: AnyScenario): s is ScenarioV2 {
  return 'clients' in s;
}

export interface OutcomeResponseV2 extends OutcomeResponse {
  /** At most the first 1024 bytes of the body, as UTF-8 text (U+FFFD for bytes that are not). */
  body: string;
  /** Every byte of the body that arrived. */
  body_length: number;
  /** When the last byte arrived; null if the response never completed. */
  complete_at: number | null;
}

export interface UpstreamRequestV2 extends UpstreamRequest {
  /** Which of the backend's connections (1, 2, … in the order nginx opened them) carried it. */
  connection: number;
  /** When the request head arrived at the backend. */
  at: number;
  /** At most the first 1024 bytes of the request body as the backend got it (chunked framing removed). */
  body: string;
  body_length: number;
  /** When the body was complete; null if it never was. */
  complete_at: number | null;
}

export interface OutcomeFrameV2 extends OutcomeFrame {
  /** Set when `data` holds only the first 1024 bytes: the payload's full length. */
  length?: number;
}

export interface RequestOutcome {
  sent_at: number;
  request_line: string;
  response: OutcomeResponseV2 | null;
  upstream: UpstreamRequestV2[];
}

export interface ClientOutcome {
  name: string;
  /** null: the connection was refused (nothing listened: a restart, say). */
  connected_at: number | null;
  requests: RequestOutcome[];
  not_sent: number;
  tunnel: boolean;
  frames: OutcomeFrameV2[];
  end: OutcomeEnd | null;
  /** When and by whom the client's TCP connection ended; null if still open at the end of the window. */
  closed: { at: number; by: 'client' | 'nginx' } | null;
}

export interface BackendConnection {
  id: number;
  opened_at: number;
  closed_at: number | null;
  /** Who closed first: nginx, or the backend (its script, or backend_down); null if open at the end. */
  closed_by: 'nginx' | 'backend' | null;
  /** (client name, index of the request in that client's list), in order. */
  requests: Array<[string, number]>;
}

export interface RunOutcomeV2 {
  format: 'outcome@2';
  clients: ClientOutcome[];
  backends: Record<string, { connections: BackendConnection[] }>;
  error_log?: string[];
  /** Simulated outcomes only: what the simulator did not model on this run (as outcome@1's). */
  not_modelled?: Array<{ code: string; line: number | null }>;
}

export interface ConfigErrorOutcomeV2 {
  format: 'outcome@2';
  config_error: string;
}

export type OutcomeV2 = RunOutcomeV2 | ConfigErrorOutcomeV2;

/** An outcome of either version. */
export type AnyOutcome = Outcome | OutcomeV2;

export function isOutcomeV2(o: AnyOutcome): o is OutcomeV2 {
  return o.format === 'outcome@2';
}
