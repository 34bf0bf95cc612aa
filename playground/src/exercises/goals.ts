import type { ConfigTree } from '../config/tree';
import type { Message } from '../message';
import type {
  AnyOutcome,
  ClientOutcome,
  Expectation,
  ExpectedFrame,
  RunOutcome,
  RunOutcomeV2,
} from '../scenario/types';
import { emptyRunOutcome, isConfigError, isOutcomeV2 } from '../scenario/types';
import type { Simulation } from '../sim/types';
import { say } from './messages';
import { tlsServers } from './tls';

/**
 * Judges an exercise's goals on what the simulation says happened — status, tunnel, timers,
 * what the backend received — never on the config text, so every correct config passes.
 */

export interface GoalResult {
  /** Goal key, e.g. `status`, `alive_at`, `upstream_headers.host`. */
  goal: string;
  ok: boolean;
  /** What the goal asks for, printable. */
  expected: string;
  /** What the simulation produced, printable. */
  actual: string;
  /**
   * A sentence for the learner (a code of `goalCodes`): what the goal is and, on failure,
   * `failed` with what it wanted and what happened instead.
   */
  message: Message;
}

export interface CheckContext {
  /** The parsed config; needed only for config-only goals (`ssl_protocols_exclude`). */
  parsed?: ConfigTree;
  /** nginx version being modelled (defaults differ); default 1.22.1. */
  nginxVersion?: string;
}

const NONE = '—';

/**
 * One goal: `want` says what it asks for (shown as is when met); on failure `got` says what
 * happened instead (the printable `actual` when not given), as `failed`.
 */
function goal(
  name: string,
  ok: boolean,
  expected: string,
  actual: string,
  want: Message,
  got?: Message | string,
): GoalResult {
  const message = ok ? want : say('failed', { want, got: got ?? actual });
  return { goal: name, ok, expected, actual, message };
}

/** What a goal asked for, whether it was met or not. */
function wanted(message: Message): Message {
  const want = message.code === 'failed' ? message.params?.want : undefined;
  return typeof want === 'object' && !Array.isArray(want) ? (want as Message) : message;
}

const who = {
  client: say('who.client'),
  backend: say('who.backend'),
  nginx: say('who.nginx'),
};

/** The end of the run as a printable value (`actual`), like the other goals' values. */
function endText(o: RunOutcome): string {
  if (!o.end) return o.tunnel ? 'still open' : 'no tunnel';
  const by = o.end.by === 'nginx' ? 'nginx' : `the ${o.end.by}`;
  return `closed by ${by} at ${o.end.at} s (${o.end.reason})`;
}

function describeEnd(o: RunOutcome): Message {
  if (!o.end) return o.tunnel ? say('end.open') : say('end.no-tunnel');
  return say('end.closed', { by: who[o.end.by], at: o.end.at, reason: o.end.reason });
}

function frameText(f: { from: string; kind: string; data?: string | undefined }): string {
  return f.data === undefined ? `${f.from} ${f.kind}` : `${f.from} ${f.kind} "${f.data}"`;
}

const NO_REQUEST = say('no-request');

/** Goals that need a run (with a config error, the caller reports them as unmet). */
function runGoals(expect: Expectation, o: RunOutcome): GoalResult[] {
  const out: GoalResult[] = [];
  const first = o.upstream[0];

  if (expect.status !== undefined) {
    const s = expect.status;
    const got = o.response ? String(o.response.status) : 'no response';
    out.push(
      goal(
        'status',
        o.response?.status === s,
        String(s),
        got,
        say('status', { status: s }),
        o.response ? undefined : say('no-response'),
      ),
    );
  }

  if (expect.tunnel !== undefined) {
    const ok = o.tunnel === expect.tunnel;
    out.push(
      goal(
        'tunnel',
        ok,
        expect.tunnel ? 'tunnel' : 'no tunnel',
        o.tunnel ? 'tunnel' : 'no tunnel',
        expect.tunnel ? say('tunnel') : say('no-tunnel-wanted'),
        o.tunnel ? say('tunnel-opened') : say('tunnel-not-opened'),
      ),
    );
  }

  if (expect.alive_at !== undefined) {
    const t = expect.alive_at;
    const ok = o.tunnel && (o.end === null || o.end.at > t);
    const end = describeEnd(o);
    out.push(goal('alive_at', ok, `open at ${t}s`, endText(o), say('alive-at', { at: t }), end));
  }

  if (expect.end_by !== undefined) {
    const want = expect.end_by;
    const ok = (o.end?.by ?? null) === want;
    const end = describeEnd(o);
    out.push(
      goal(
        'end_by',
        ok,
        want ?? 'null',
        endText(o),
        want === null ? say('end-by.none') : say('end-by', { by: who[want] }),
        end,
      ),
    );
  }

  if (expect.upstream_request_line !== undefined) {
    const want = expect.upstream_request_line;
    const got = first?.request_line ?? NONE;
    // A goal without ` HTTP/x.y` holds for any protocol version: the default changed in 1.29.7.
    const versionless = !/ HTTP\/\d\.\d$/.test(want);
    const seen = versionless ? got.replace(/ HTTP\/\d\.\d$/, '') : got;
    out.push(
      goal(
        'upstream_request_line',
        seen === want,
        want,
        got,
        say('request-line', { line: want }),
        first ? undefined : NO_REQUEST,
      ),
    );
  }

  if (expect.upstream_backend !== undefined) {
    const want = expect.upstream_backend;
    const got = first?.backend ?? NONE;
    out.push(
      goal(
        'upstream_backend',
        got === want,
        want,
        got,
        say('backend', { backend: want }),
        first ? undefined : NO_REQUEST,
      ),
    );
  }

  for (const [rawName, want] of Object.entries(expect.upstream_headers ?? {})) {
    const name = rawName.toLowerCase();
    const values = first ? first.headers.filter(([n]) => n === name).map(([, v]) => v) : [];
    // Values such as `Upgrade`/`upgrade` are case-insensitive tokens; so are host names. A header
    // sent twice never counts as the expected single value.
    const ok =
      first !== undefined &&
      (want === null
        ? values.length === 0
        : values.length === 1 && values[0]?.trim().toLowerCase() === want.trim().toLowerCase());
    const actual = !first ? 'no request' : values.length === 0 ? 'absent' : values.join(' | ');
    const got = !first
      ? NO_REQUEST
      : values.length === 0
        ? say('upstream-header.missing', { name })
        : `${name}: ${values.join(' | ')}`;
    out.push(
      goal(
        `upstream_headers.${name}`,
        ok,
        want === null ? 'absent' : want,
        actual,
        want === null
          ? say('upstream-header.absent', { name })
          : say('upstream-header', { name, value: want }),
        got,
      ),
    );
  }

  for (const [rawName, want] of Object.entries(expect.response_headers ?? {})) {
    const name = rawName.toLowerCase();
    const response = o.response;
    const value = response?.headers[name];
    // Header values here are exact strings (a policy such as max-age=63072000), compared as sent.
    const ok = response !== null && (want === null ? value === undefined : value === want);
    const got =
      response === null
        ? say('response-header.no-response')
        : value === undefined
          ? say('response-header.missing', { name })
          : `${name}: ${value}`;
    out.push(
      goal(
        `response_headers.${name}`,
        ok,
        want === null ? 'absent' : want,
        response === null ? 'no response' : (value ?? 'absent'),
        want === null
          ? say('response-header.absent', { name })
          : say('response-header', { name, value: want }),
        got,
      ),
    );
  }

  if (expect.frames_include && expect.frames_include.length > 0) {
    const want = expect.frames_include;
    let next = 0;
    for (const f of o.frames) {
      const w: ExpectedFrame | undefined = want[next];
      if (w && f.from === w.from && f.kind === w.kind && (w.data === undefined || w.data === f.data)) next++;
    }
    const wantText = want.map(frameText).join(', ');
    const actual = o.frames.length === 0 ? 'no frames' : o.frames.map(frameText).join(', ');
    const missing = want[next];
    out.push(
      goal(
        'frames_include',
        next === want.length,
        wantText,
        actual,
        say('frames', { frames: wantText }),
        say('frames.missing', {
          frame: missing ? frameText(missing) : '',
          seen: o.frames.length === 0 ? say('frames.none') : actual,
        }),
      ),
    );
  }
  return out;
}

function configErrorGoal(expect: Expectation, o: AnyOutcome): GoalResult | null {
  if (expect.config_error === undefined) return null;
  const failed = isConfigError(o);
  const actual = failed ? `config error: ${o.config_error}` : 'nginx -t ok';
  return goal(
    'config_error',
    failed === expect.config_error,
    expect.config_error ? 'config error' : 'nginx -t ok',
    actual,
    expect.config_error ? say('config-error') : say('config-ok'),
    failed ? say('config-failed', { error: o.config_error }) : say('config-passed'),
  );
}

function sslGoal(exclude: string[], o: AnyOutcome, ctx: CheckContext): GoalResult {
  const list = exclude.join(', ');
  const want = say('ssl', { list });
  if (isConfigError(o) || !ctx.parsed) {
    const actual = isConfigError(o) ? `config error: ${o.config_error}` : 'config not parsed';
    return goal(
      'ssl_protocols_exclude',
      false,
      `no ${list}`,
      actual,
      want,
      isConfigError(o) ? say('config-failed', { error: o.config_error }) : say('ssl.not-parsed'),
    );
  }
  const servers = tlsServers(ctx.parsed, ctx.nginxVersion);
  if (servers.length === 0) {
    return goal(
      'ssl_protocols_exclude',
      false,
      `no ${list}`,
      'no listen … ssl server',
      want,
      say('ssl.no-server'),
    );
  }
  const banned = new Set(exclude.map((p) => p.toLowerCase()));
  const bad = servers.find((s) => s.protocols.some((p) => banned.has(p.toLowerCase())));
  const actual = servers.map((s) => `server@${s.line}: ${s.protocols.join(' ')} (${s.source})`).join('; ');
  const enabled = bad ? bad.protocols.filter((p) => banned.has(p.toLowerCase())).join(', ') : '';
  const line = String(bad?.line);
  const code =
    bad?.source === 'default'
      ? 'ssl.enabled-by-default'
      : bad?.source === 'default-server'
        ? 'ssl.enabled-by-default-server'
        : 'ssl.enabled';
  return goal(
    'ssl_protocols_exclude',
    bad === undefined,
    `no ${list}`,
    actual,
    want,
    say(code, { line, protocols: enabled }),
  );
}

/**
 * One v2 client as a v1 run, so its goals read like v1's: its last answered request's response,
 * the upstream tries of its requests in order, its tunnel, frames and end.
 */
export function clientRun(c: ClientOutcome): RunOutcome {
  const answered = c.requests.filter((r) => r.response !== null);
  return {
    format: 'outcome@1',
    response: answered.at(-1)?.response ?? null,
    upstream: c.requests.flatMap((r) => r.upstream),
    tunnel: c.tunnel,
    frames: c.frames,
    end: c.end,
  };
}

/** Goals over a scenario v2 run: connections per backend, and each named client's own goals. */
function v2Goals(expect: Expectation, o: RunOutcomeV2 | null): GoalResult[] {
  const out: GoalResult[] = [];
  for (const [backend, want] of Object.entries(expect.upstream_connections ?? {})) {
    const got = o ? (o.backends[backend]?.connections.length ?? 0) : 0;
    out.push(
      goal(
        `upstream_connections.${backend}`,
        got === want,
        String(want),
        String(got),
        say('upstream-connections', { backend, count: want }),
        say('upstream-connections.got', { count: got }),
      ),
    );
  }
  for (const [name, goals] of Object.entries(expect.clients ?? {})) {
    const client = o?.clients.find((c) => c.name === name);
    const results = runGoals(goals, client ? clientRun(client) : emptyRunOutcome());
    for (const r of results) {
      const message = client
        ? r.message
        : say('failed', { want: wanted(r.message), got: say('client.missing', { name }) });
      out.push({
        ...r,
        goal: `clients.${name}.${r.goal}`,
        ok: r.ok && client !== undefined,
        message: say('client', { name, goal: message }),
      });
    }
  }
  return out;
}

/** Checks every goal of `expect` against one simulation; results come in a stable order. */
export function checkExpectations(
  expect: Expectation,
  simulation: Simulation<AnyOutcome>,
  ctx: CheckContext = {},
): GoalResult[] {
  const o = simulation.outcome;
  const out: GoalResult[] = [];
  const cfg = configErrorGoal(expect, o);
  if (cfg) out.push(cfg);
  if (isOutcomeV2(o)) {
    const run = isConfigError(o) ? null : o;
    const results = v2Goals(expect, run);
    if (run) out.push(...results);
    else {
      const reason = say('config-failed', { error: (o as { config_error: string }).config_error });
      for (const r of results)
        out.push({
          ...r,
          ok: false,
          actual: 'config error',
          message: say('failed', { want: wanted(r.message), got: reason }),
        });
    }
    // The v1 goals at the top level name no client: a v2 run answers them through `clients`.
  } else if (isConfigError(o)) {
    // nginx would not start, so no runtime goal can be met: report each one with the reason.
    const empty = emptyRunOutcome();
    const reason = say('config-failed', { error: o.config_error });
    for (const r of runGoals(expect, empty)) {
      out.push({
        ...r,
        ok: false,
        actual: `config error: ${o.config_error}`,
        message: say('failed', { want: wanted(r.message), got: reason }),
      });
    }
  } else {
    out.push(...runGoals(expect, o));
  }
  if (expect.ssl_protocols_exclude) out.push(sslGoal(expect.ssl_protocols_exclude, o, ctx));
  return out;
}

/** True when every goal passed (and there was at least one). */
export function allPassed(results: readonly GoalResult[]): boolean {
  return results.length > 0 && results.every((r) => r.ok);
}
