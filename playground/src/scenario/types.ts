/**
 * Scenario v1 and outcome v1, as defined in docs/scenario-format.md. Fields beyond v1
 * are marked "extension"; every v1 file must stay valid unchanged.
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

export function isConfigError(o: Outcome): o is ConfigErrorOutcome {
  return 'config_error' in o;
}
