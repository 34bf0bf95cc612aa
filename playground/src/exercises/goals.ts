import type { ParseResult } from '../config/ast';
import type { Expectation, ExpectedFrame, Outcome, RunOutcome } from '../scenario/types';
import { emptyRunOutcome, isConfigError } from '../scenario/types';
import type { Simulation } from '../sim/types';
import { tlsServers } from './tls';

/**
 * Judges an exercise's goals on what the simulation says happened — status, tunnel, timers,
 * what the backend received — never on the config text, so every correct config passes.
 */

export interface Bilingual {
  zh: string;
  en: string;
}

export interface GoalResult {
  /** Goal key, e.g. `status`, `alive_at`, `upstream_headers.host`. */
  goal: string;
  ok: boolean;
  /** What the goal asks for, printable. */
  expected: string;
  /** What the simulation produced, printable. */
  actual: string;
  /** A sentence for the learner: what the goal is and, on failure, what happened instead. */
  message: Bilingual;
}

export interface CheckContext {
  /** The parsed config; needed only for config-only goals (`ssl_protocols_exclude`). */
  parsed?: ParseResult;
  /** nginx version being modelled (defaults differ); default 1.22.1. */
  nginxVersion?: string;
}

const NONE = '—';

/**
 * One goal: `want` says what it asks for (shown as is when met); on failure `got` says what
 * happened instead, and the message reads "want — actually: got".
 */
function goal(
  name: string,
  ok: boolean,
  expected: string,
  actual: string,
  want: Bilingual,
  got?: Bilingual,
): GoalResult {
  const seen = got ?? { zh: actual, en: actual };
  const message = ok ? want : { zh: `${want.zh}——实际：${seen.zh}`, en: `${want.en} — actually: ${seen.en}` };
  return { goal: name, ok, expected, actual, message };
}

function describeEnd(o: RunOutcome): Bilingual {
  if (!o.end) return o.tunnel ? { zh: '仍然打开', en: 'still open' } : { zh: '没有隧道', en: 'no tunnel' };
  const by = {
    client: { zh: '客户端', en: 'the client' },
    backend: { zh: '后端', en: 'the backend' },
    nginx: { zh: 'nginx', en: 'nginx' },
  }[o.end.by];
  return {
    zh: `第 ${o.end.at} 秒由${by.zh}关闭（${o.end.reason}）`,
    en: `closed by ${by.en} at ${o.end.at} s (${o.end.reason})`,
  };
}

function frameText(f: { from: string; kind: string; data?: string | undefined }): string {
  return f.data === undefined ? `${f.from} ${f.kind}` : `${f.from} ${f.kind} "${f.data}"`;
}

const NO_REQUEST: Bilingual = { zh: '没有请求到达后端', en: 'no request reached a backend' };

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
        { zh: `客户端收到 ${s}`, en: `The client gets ${s}` },
        o.response ? undefined : { zh: '没有响应', en: 'no response' },
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
        expect.tunnel
          ? { zh: 'WebSocket 隧道建立', en: 'The WebSocket tunnel is established' }
          : { zh: '这个请求不建立隧道', en: 'This request opens no tunnel' },
        o.tunnel ? { zh: '建立了隧道', en: 'a tunnel was opened' } : { zh: '没有建立隧道', en: 'no tunnel' },
      ),
    );
  }

  if (expect.alive_at !== undefined) {
    const t = expect.alive_at;
    const ok = o.tunnel && (o.end === null || o.end.at > t);
    const end = describeEnd(o);
    out.push(
      goal(
        'alive_at',
        ok,
        `open at ${t}s`,
        end.en,
        { zh: `第 ${t} 秒时隧道仍然打开`, en: `The tunnel is still open at ${t} s` },
        end,
      ),
    );
  }

  if (expect.end_by !== undefined) {
    const want = expect.end_by;
    const ok = (o.end?.by ?? null) === want;
    const end = describeEnd(o);
    const who = {
      client: { zh: '客户端', en: 'the client' },
      backend: { zh: '后端', en: 'the backend' },
      nginx: { zh: 'nginx', en: 'nginx' },
    };
    out.push(
      goal(
        'end_by',
        ok,
        want ?? 'null',
        end.en,
        want === null
          ? { zh: '没有隧道可结束', en: 'There is no tunnel to end' }
          : { zh: `隧道由${who[want].zh}结束`, en: `The tunnel is ended by ${who[want].en}` },
        end,
      ),
    );
  }

  if (expect.upstream_request_line !== undefined) {
    const want = expect.upstream_request_line;
    const got = first?.request_line ?? NONE;
    out.push(
      goal(
        'upstream_request_line',
        got === want,
        want,
        got,
        { zh: `后端收到请求行 ${want}`, en: `The backend receives ${want}` },
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
        { zh: `请求到达后端 ${want}`, en: `The request reaches backend ${want}` },
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
    const got: Bilingual = !first
      ? NO_REQUEST
      : values.length === 0
        ? { zh: `没有 ${name} 头`, en: `no ${name} header` }
        : { zh: `${name}: ${values.join(' | ')}`, en: `${name}: ${values.join(' | ')}` };
    out.push(
      goal(
        `upstream_headers.${name}`,
        ok,
        want === null ? 'absent' : want,
        actual,
        want === null
          ? { zh: `后端收不到 ${name} 头`, en: `The backend gets no ${name} header` }
          : { zh: `后端收到 ${name}: ${want}`, en: `The backend gets ${name}: ${want}` },
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
    const got: Bilingual =
      response === null
        ? { zh: '客户端没有收到响应', en: 'the client got no response' }
        : value === undefined
          ? { zh: `响应里没有 ${name} 头`, en: `no ${name} header in the response` }
          : { zh: `${name}: ${value}`, en: `${name}: ${value}` };
    out.push(
      goal(
        `response_headers.${name}`,
        ok,
        want === null ? 'absent' : want,
        response === null ? 'no response' : (value ?? 'absent'),
        want === null
          ? { zh: `客户端收到的响应里没有 ${name} 头`, en: `The client's response has no ${name} header` }
          : { zh: `客户端收到 ${name}: ${want}`, en: `The client gets ${name}: ${want}` },
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
        { zh: `这些帧经过 nginx 送达：${wantText}`, en: `These frames pass through nginx: ${wantText}` },
        {
          zh: `${missing ? frameText(missing) : ''} 没有送达（收到的帧：${o.frames.length === 0 ? '无' : actual}）`,
          en: `${missing ? frameText(missing) : ''} never arrived (frames seen: ${o.frames.length === 0 ? 'none' : actual})`,
        },
      ),
    );
  }
  return out;
}

function configErrorGoal(expect: Expectation, o: Outcome): GoalResult | null {
  if (expect.config_error === undefined) return null;
  const failed = isConfigError(o);
  const actual = failed ? `config error: ${o.config_error}` : 'nginx -t ok';
  return goal(
    'config_error',
    failed === expect.config_error,
    expect.config_error ? 'config error' : 'nginx -t ok',
    actual,
    expect.config_error
      ? { zh: 'nginx -t 拒绝这个配置', en: 'nginx -t rejects this config' }
      : { zh: 'nginx -t 通过', en: 'nginx -t passes' },
    failed
      ? { zh: `nginx -t 失败：${o.config_error}`, en: `nginx -t fails: ${o.config_error}` }
      : { zh: 'nginx -t 通过了', en: 'nginx -t passed' },
  );
}

function sslGoal(exclude: string[], o: Outcome, ctx: CheckContext): GoalResult {
  const list = exclude.join(', ');
  const want: Bilingual = { zh: `没有 TLS server 启用 ${list}`, en: `No TLS server enables ${list}` };
  if (isConfigError(o) || !ctx.parsed) {
    const actual = isConfigError(o) ? `config error: ${o.config_error}` : 'config not parsed';
    return goal('ssl_protocols_exclude', false, `no ${list}`, actual, want, {
      zh: isConfigError(o) ? `nginx -t 失败：${o.config_error}` : '配置没有解析',
      en: isConfigError(o) ? `nginx -t fails: ${o.config_error}` : 'the config was not parsed',
    });
  }
  const servers = tlsServers(ctx.parsed, ctx.nginxVersion);
  if (servers.length === 0) {
    return goal('ssl_protocols_exclude', false, `no ${list}`, 'no listen … ssl server', want, {
      zh: '配置里没有 listen … ssl 的 server',
      en: 'no server listens with ssl',
    });
  }
  const banned = new Set(exclude.map((p) => p.toLowerCase()));
  const bad = servers.find((s) => s.protocols.some((p) => banned.has(p.toLowerCase())));
  const actual = servers.map((s) => `server@${s.line}: ${s.protocols.join(' ')} (${s.source})`).join('; ');
  const enabled = bad ? bad.protocols.filter((p) => banned.has(p.toLowerCase())).join(', ') : '';
  const why =
    bad?.source === 'default'
      ? {
          zh: '（没有设置 ssl_protocols，用的是 nginx 默认值）',
          en: ' (no ssl_protocols set: nginx’s default applies)',
        }
      : bad?.source === 'default-server'
        ? {
            zh: '（1.29.2 之前，不是该地址和端口默认 server 的 server 用的是默认 server 的 ssl_protocols）',
            en: ' (before 1.29.2 a server that is not the default one for its address and port gets the default server’s ssl_protocols)',
          }
        : { zh: '', en: '' };
  return goal('ssl_protocols_exclude', bad === undefined, `no ${list}`, actual, want, {
    zh: `第 ${bad?.line} 行的 server 启用了 ${enabled}${why.zh}`,
    en: `the server at line ${bad?.line} enables ${enabled}${why.en}`,
  });
}

/** Checks every goal of `expect` against one simulation; results come in a stable order. */
export function checkExpectations(
  expect: Expectation,
  simulation: Simulation,
  ctx: CheckContext = {},
): GoalResult[] {
  const o = simulation.outcome;
  const out: GoalResult[] = [];
  const cfg = configErrorGoal(expect, o);
  if (cfg) out.push(cfg);
  if (isConfigError(o)) {
    // nginx would not start, so no runtime goal can be met: report each one with the reason.
    const empty = emptyRunOutcome();
    const reason: Bilingual = {
      zh: `nginx -t 失败：${o.config_error}`,
      en: `nginx -t fails: ${o.config_error}`,
    };
    for (const r of runGoals(expect, empty)) {
      const want = r.message.zh.split('——实际')[0] ?? r.message.zh;
      const wantEn = r.message.en.split(' — actually')[0] ?? r.message.en;
      out.push({
        ...r,
        ok: false,
        actual: `config error: ${o.config_error}`,
        message: { zh: `${want}——实际：${reason.zh}`, en: `${wantEn} — actually: ${reason.en}` },
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
