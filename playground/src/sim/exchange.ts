/**
 * From the client's request to the first response: nginx tries the upstream servers in
 * order (connect, send, wait for the header) under proxy_connect_timeout / proxy_read_timeout
 * and proxy_next_upstream, and answers with the backend's response or its own 502 / 504.
 * Times are virtual milliseconds.
 */
import { type Source, sourceOf } from '../config/tree';
import { type ConnectionBudget, hasUpstreamConnection } from '../eval/connections';
import type { ProxyPlan, TimerSettings } from '../eval/evaluate';
import type { BackendSpec } from '../scenario/types';
import { BACKEND_BODIES, byteLength } from './pages';
import { type Recorder, toMs } from './recorder';
import { acceptKey, handshakeProblem } from './websocket';

export type BackendLookup =
  | { key: string; spec: BackendSpec }
  | { key: string; spec: null; loopback: boolean };

/** Finds the scenario backend for an address as the config writes it. */
export function lookupBackend(address: string, backends: Record<string, BackendSpec>): BackendLookup {
  const candidates = [address];
  const hasPort = /:\d+$/.test(address) && !address.endsWith(']');
  if (!hasPort) candidates.push(`${address}:80`);
  const withPort = hasPort ? address : `${address}:80`;
  if (withPort.startsWith('localhost:')) candidates.push(withPort.replace('localhost:', '127.0.0.1:'));
  if (withPort.startsWith('127.0.0.1:')) candidates.push(withPort.replace('127.0.0.1:', 'localhost:'));
  for (const key of candidates) {
    const spec = backends[key];
    if (spec) return { key, spec };
  }
  const host = withPort.replace(/:\d+$/, '');
  return {
    key: address,
    spec: null,
    loopback: host === 'localhost' || host.startsWith('127.') || host === '[::1]',
  };
}

export type Exchange =
  | {
      kind: 'response';
      at: number;
      status: number;
      /** Backend response headers (lower-case), before nginx adds its own. */
      headers: Array<[string, string]>;
      /** Which backend answered. */
      backend: BackendSpec | null;
      /** nginx generated the response itself (error page). */
      fromNginx: boolean;
      /** A 101 that nginx does not tunnel: nginx holds the header until the upstream read ends. */
      heldUpgrade?: boolean;
      /** The Location header was written as configured (absolute), so it follows Connection. */
      locationInList?: boolean;
      /** A file the static module serves: Last-Modified and Accept-Ranges come with it. */
      file?: boolean;
      /** Every upstream tried, with what came of it ($upstream_addr, $upstream_status). */
      tries?: Array<{ addr: string; status: string }>;
    }
  | { kind: 'client-gone'; at: number }
  /** `return 444`: nginx closes the connection without a response. */
  | { kind: 'closed'; at: number };

/** Methods nginx will not send twice unless `proxy_next_upstream non_idempotent` (NGX_HTTP_UPSTREAM_FT_NON_IDEMPOTENT). */
const NON_IDEMPOTENT = new Set(['POST', 'LOCK', 'PATCH']);

interface Attempt {
  /** ms after which the backend answers, or null if it never does. */
  answerAfter: number | null;
  status: number;
  headers: Array<[string, string]>;
}

/** What a scenario backend answers to the upstream request. */
export function backendAnswer(
  spec: BackendSpec,
  requestLine: string,
  headers: Array<[string, string]>,
): Attempt & {
  problem: string | null;
} {
  const after = toMs(spec.handshake_delay);
  if (spec.kind === 'silent') return { answerAfter: null, status: 0, headers: [], problem: null };
  if (spec.kind === 'http') {
    const body = BACKEND_BODIES.http;
    return {
      answerAfter: after,
      status: 200,
      headers: [
        ['content-type', 'text/plain'],
        ['content-length', String(byteLength(body))],
      ],
      problem: null,
    };
  }
  const problem = handshakeProblem(requestLine, headers);
  if (problem) {
    return {
      answerAfter: after,
      status: spec.plain_status,
      headers: [
        ['content-type', 'text/plain'],
        ['content-length', String(byteLength(BACKEND_BODIES.plain))],
      ],
      problem,
    };
  }
  const key = headers.find(([n]) => n.toLowerCase() === 'sec-websocket-key')?.[1] ?? '';
  return {
    answerAfter: after,
    status: 101,
    headers: [
      ['upgrade', 'websocket'],
      ['connection', 'Upgrade'],
      ['sec-websocket-accept', acceptKey(key)],
    ],
    problem: null,
  };
}

/**
 * nginx itself as the upstream: a `proxy_pass` to a port this config listens on runs the
 * request again in the server there. Null when no server of the config listens at the address.
 */
export type SelfUpstream = (address: string, plan: ProxyPlan, at: number) => SelfAnswer | null;

export interface SelfAnswer {
  /** ms after the request was sent; null: closed without a response (return 444). */
  answerAfter: number | null;
  status: number;
  headers: Array<[string, string]>;
  /** The scenario backend behind the inner request, when it tunnels a WebSocket. */
  backend: BackendSpec | null;
}

/** How $upstream_addr prints a peer: the address nginx connected to, with its port. */
export function peerAddr(address: string): string {
  const withPort = /:\d+$/.test(address) && !address.endsWith(']') ? address : `${address}:80`;
  return withPort.replace(/^localhost:/, '127.0.0.1:');
}

function gatewayError(
  at: number,
  status: 502 | 504,
  tries: Array<{ addr: string; status: string }> = [],
): Exchange {
  return { kind: 'response', at, status, headers: [], backend: null, fromNginx: true, tries };
}

export function runExchange(
  plan: ProxyPlan,
  timers: TimerSettings,
  backends: Record<string, BackendSpec>,
  method: string,
  clientUpgrade: boolean,
  untilMs: number,
  rec: Recorder,
  budget: ConnectionBudget,
  self: SelfUpstream | null = null,
): Exchange {
  const tries: Array<{ addr: string; status: string }> = [];
  const connectMs = toMs(timers.proxy_connect_timeout.seconds);
  const readMs = toMs(timers.proxy_read_timeout.seconds);
  const readSource: Source | null = timers.proxy_read_timeout.source;
  const { nextUpstream } = plan;
  const maxTries = nextUpstream.tries > 0 ? nextUpstream.tries : plan.peers.length;
  const deadline = nextUpstream.timeout_s > 0 ? toMs(nextUpstream.timeout_s) : Number.POSITIVE_INFINITY;
  let t = 0;
  let lastFailure: 502 | 504 = 502;
  /** ngx_http_upstream_next / _test_next: the failure type must be in the mask, tries left, time left. */
  const mayRetry = (allowed: boolean, index: number, sent: boolean): boolean => {
    if (!allowed) return false;
    if (sent && NON_IDEMPOTENT.has(method) && !nextUpstream.nonIdempotent) return false;
    return index + 1 < Math.min(maxTries, plan.peers.length) && t < deadline;
  };
  /**
   * ngx_http_upstream_next hands the peer back as failed (any failure but a 403/404), retried
   * or not; ngx_http_upstream_free_round_robin_peer then warns once the server's fails reach
   * max_fails, in the current log action. A single peer is never counted.
   */
  const peerFailed = (peer: (typeof plan.peers)[number], action: string): void => {
    if (plan.singlePeer || peer.maxFails === 0 || peer.maxFails > 1) return;
    rec.log(`[warn] upstream server temporarily disabled while ${action}`);
  };
  if (plan.peers.length === 0) {
    // Every server is `down`: the balancer has no peer to give (NGX_BUSY from
    // ngx_event_connect_peer), so ngx_http_upstream_connect logs this and answers 502.
    rec.event(0, 'nginx', null, 'note', 'no live upstreams', { explain: { code: 'no-live-upstreams' } });
    rec.log('[error] no live upstreams while connecting to upstream');
    return gatewayError(0, 502, tries);
  }
  if (!hasUpstreamConnection(budget)) {
    // ngx_event_connect_peer finds no free connection for the backend socket: ngx_get_connection
    // logs the alert, and ngx_http_upstream_connect answers 500 (the peer is not counted as failed).
    const n = budget.workerConnections;
    rec.event(0, 'nginx', null, 'note', `${n} worker_connections are not enough`, {
      ...(budget.directive ? { source: sourceOf(budget.directive) } : {}),
      explain: {
        code: 'worker-connections-exhausted',
        params: { n, listening: budget.listeningSockets },
      },
    });
    rec.log(`[alert] ${n} worker_connections are not enough while connecting to upstream`);
    return { kind: 'response', at: 0, status: 500, headers: [], backend: null, fromNginx: true };
  }
  for (let i = 0; i < plan.peers.length && i < maxTries; i++) {
    const peer = plan.peers[i]!;
    const found = lookupBackend(peer.address, backends);
    if (i > 0)
      rec.event(t, 'nginx', null, 'next-upstream', `next upstream: ${peer.address}`, {
        explain: { code: 'next-upstream' },
      });
    rec.event(t, 'nginx', 'backend', 'connect', `connect ${peer.address}`);
    const own = found.spec === null && self ? self(peer.address, plan, t) : null;
    if (own) {
      rec.event(t, 'nginx', 'backend', 'request', plan.requestLine, {
        explain: { code: 'upstream-self', params: { address: peer.address } },
      });
      rec.timerArmed(t, 'proxy_read_timeout', t + readMs, readSource, 'timer-read-header');
      if (own.answerAfter === null) {
        tries.push({ addr: peerAddr(peer.address), status: '502' });
        rec.log('[error] upstream prematurely closed connection while reading response header from upstream');
        peerFailed(peer, 'reading response header from upstream');
        lastFailure = 502;
        if (mayRetry(nextUpstream.error, i, true)) continue;
        return gatewayError(t, 502, tries);
      }
      if (own.answerAfter > readMs) {
        if (untilMs < t + readMs) return clientGone(untilMs, 'sending request to upstream', rec);
        t += readMs;
        tries.push({ addr: peerAddr(peer.address), status: '504' });
        rec.timerFired(t, 'proxy_read_timeout', readSource);
        peerFailed(peer, 'reading response header from upstream');
        rec.log(
          '[error] upstream timed out (110: Connection timed out) while reading response header from upstream',
        );
        lastFailure = 504;
        if (mayRetry(nextUpstream.timeout, i, true)) continue;
        return gatewayError(t, 504, tries);
      }
      if (untilMs < t + own.answerAfter) return clientGone(untilMs, 'sending request to upstream', rec);
      t += own.answerAfter;
      tries.push({ addr: peerAddr(peer.address), status: String(own.status) });
      rec.event(t, 'backend', 'nginx', 'response', String(own.status));
      if (mayRetry(nextUpstream.statuses.includes(own.status), i, true)) {
        if (own.status !== 403 && own.status !== 404)
          peerFailed(peer, 'reading response header from upstream');
        continue;
      }
      return {
        kind: 'response',
        at: t,
        status: own.status,
        headers: own.headers,
        backend: own.backend,
        fromNginx: false,
        tries,
      };
    }
    if (found.spec === null && !found.loopback) {
      // Nothing answers the SYN: the connect timer decides.
      rec.timerArmed(
        t,
        'proxy_connect_timeout',
        t + connectMs,
        timers.proxy_connect_timeout.source,
        'timer-connect',
      );
      if (untilMs < t + connectMs) return clientGone(untilMs, 'connecting to upstream', rec);
      t += connectMs;
      rec.timerFired(t, 'proxy_connect_timeout', timers.proxy_connect_timeout.source);
      peerFailed(peer, 'connecting to upstream');
      rec.log('[error] upstream timed out (110: Connection timed out) while connecting to upstream');
      tries.push({ addr: peerAddr(peer.address), status: '504' });
      lastFailure = 504;
      if (mayRetry(nextUpstream.timeout, i, false)) continue;
      return gatewayError(t, 504, tries);
    }
    if (found.spec === null || found.spec.kind === 'refused') {
      rec.event(t, 'backend', 'nginx', 'refused', 'connection refused');
      // Logged by ngx_http_upstream_test_connect before the peer is handed back.
      rec.log('[error] connect() failed (111: Connection refused) while connecting to upstream');
      peerFailed(peer, 'connecting to upstream');
      tries.push({ addr: peerAddr(peer.address), status: '502' });
      lastFailure = 502;
      if (mayRetry(nextUpstream.error, i, false)) continue;
      return gatewayError(t, 502, tries);
    }
    const spec = found.spec;
    rec.upstream.push({
      backend: found.key,
      request_line: plan.requestLine,
      headers: plan.headers.map(([n, v]) => [n.toLowerCase(), v]),
    });
    rec.headers.push(plan.decisions);
    rec.event(t, 'nginx', 'backend', 'request', plan.requestLine);
    rec.timerArmed(t, 'proxy_read_timeout', t + readMs, readSource, 'timer-read-header');
    const answer = backendAnswer(spec, plan.requestLine, plan.headers);
    const answerAt = answer.answerAfter === null ? null : t + answer.answerAfter;
    if (answerAt === null || answerAt > t + readMs) {
      if (untilMs < t + readMs) return clientGone(untilMs, 'sending request to upstream', rec);
      t += readMs;
      rec.timerFired(t, 'proxy_read_timeout', readSource);
      // ngx_http_upstream_next frees the peer first, then logs the timeout.
      peerFailed(peer, 'reading response header from upstream');
      rec.log(
        '[error] upstream timed out (110: Connection timed out) while reading response header from upstream',
      );
      tries.push({ addr: peerAddr(peer.address), status: '504' });
      lastFailure = 504;
      if (mayRetry(nextUpstream.timeout, i, true)) continue;
      return gatewayError(t, 504, tries);
    }
    if (untilMs < answerAt) return clientGone(untilMs, 'sending request to upstream', rec);
    t = answerAt;
    tries.push({ addr: peerAddr(peer.address), status: String(answer.status) });
    rec.event(t, 'backend', 'nginx', 'response', String(answer.status), {
      ...(answer.problem
        ? { explain: { code: 'handshake-refused', params: { problem: answer.problem } } }
        : {}),
    });
    // ngx_http_upstream_test_next: only a retry hands the peer back (a 403/404 not as failed);
    // the last try's response is passed to the client and the peer is freed as fine.
    if (mayRetry(nextUpstream.statuses.includes(answer.status), i, true)) {
      if (answer.status !== 403 && answer.status !== 404)
        peerFailed(peer, 'reading response header from upstream');
      continue;
    }
    if (answer.status === 101 && !clientUpgrade) {
      rec.event(t, 'nginx', null, 'note', '101 without client Upgrade', {
        explain: { code: 'no-tunnel-no-upgrade' },
      });
      // nginx reads the "body" of the 101 until the read timer fires, then sends the header and closes.
      if (untilMs < t + readMs) return clientGone(untilMs, 'reading upstream', rec);
      t += readMs;
      rec.timerFired(t, 'proxy_read_timeout', readSource);
      rec.log('[error] upstream timed out (110: Connection timed out) while reading upstream');
      return {
        kind: 'response',
        at: t,
        status: 101,
        headers: answer.headers,
        backend: spec,
        fromNginx: false,
        heldUpgrade: true,
        tries,
      };
    }
    return {
      kind: 'response',
      at: t,
      status: answer.status,
      headers: answer.headers,
      backend: spec,
      fromNginx: false,
      tries,
    };
  }
  return gatewayError(t, lastFailure, tries);
}

function clientGone(at: number, action: string, rec: Recorder): Exchange {
  rec.log(
    `[info] epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while ${action}`,
  );
  return { kind: 'client-gone', at };
}
