/**
 * The probe's findings as one object: printed as a summary after the transcript, or as JSON
 * (--json, format probe@1) for scripts. Every sentence is a message code with parameters
 * plus its English text, so a script can match the code and a person can read the text.
 */
import type { TlsInfo } from './connection';
import { CLOSE_CODE_NAMES, type MessageCode, type Params, say } from './messages';
import { rows, type TranscriptLine } from './output';
import type { Prediction } from './prediction';
import type { End, FrameEvent } from './session';
import { fmt, type Verdict } from './verdict';

export interface Said {
  code: MessageCode;
  params: Params;
  message: string;
}

export function said(code: MessageCode, params: Params = {}): Said {
  return { code, params, message: say(code, params) };
}

export interface ProbeReport {
  format: 'probe@1';
  url: string;
  connection: { address: string; port: number; connect_ms: number; tls: TlsInfo | null } | null;
  request: { line: string; headers: Array<[string, string]> } | null;
  response: { status_line: string; status: number; headers: Array<[string, string]>; ms: number } | null;
  /** Why the probe got no WebSocket (connection or handshake), with hints; null when it did. */
  failure: (Said & { hints: Said[] }) | null;
  subprotocol: string | null;
  /** `waited`: seconds the probe waited for the answer (--reply-timeout). */
  echo: { sent: string; echoed: boolean; ms: number | null; waited: number; other_messages: number } | null;
  ping: { pong: boolean; ms: number | null; waited: number } | null;
  hold: { seconds: number; started_at: number } | null;
  end:
    | (Omit<End, 'last_traffic_at'> & {
        /** Seconds after the 101, and without traffic, when it ended. */
        since_upgrade: number;
        idle: number;
        by: 'peer' | 'probe';
        code_name: string | null;
        summary: Said;
      })
    | null;
  likely: Said[];
  hops: string[];
  prediction: (Omit<Prediction, 'notes'> & { notes: Said[] }) | null;
  verdict: (Said & { kind: Verdict['kind'] }) | null;
  frames: FrameEvent[];
  transcript: TranscriptLine[];
  exit: number;
}

export function emptyReport(url: string): ProbeReport {
  return {
    format: 'probe@1',
    url,
    connection: null,
    request: null,
    response: null,
    failure: null,
    subprotocol: null,
    echo: null,
    ping: null,
    hold: null,
    end: null,
    likely: [],
    hops: [],
    prediction: null,
    verdict: null,
    frames: [],
    transcript: [],
    exit: 0,
  };
}

/** The sentence for how the connection ended. */
export function endSummary(end: End, since: number, idle: number, hold: number): Said {
  const times = { since: fmt(since), idle: fmt(idle) };
  switch (end.how) {
    case 'close-frame':
      if (end.code === null) return said('end-close-frame-empty', times);
      return said('end-close-frame', {
        ...times,
        code: end.code,
        codeName: CLOSE_CODE_NAMES[end.code] ? ` (${CLOSE_CODE_NAMES[end.code]})` : '',
        reason: end.reason ? ` and reason ${JSON.stringify(end.reason)}` : '',
      });
    case 'fin':
      return said('end-fin', times);
    case 'reset':
      return said('end-reset', times);
    case 'error':
      return said('end-error', { ...times, why: end.why ?? '' });
    case 'protocol':
      return said('end-protocol', { since: fmt(since), why: end.why ?? '' });
    case 'probe':
      return end.close_reply_ms !== null
        ? said('end-probe-reply', { seconds: fmt(hold), ms: end.close_reply_ms.toFixed(1) })
        : said('end-probe', { seconds: fmt(hold) });
    case 'interrupted':
      return said('end-interrupted', { since: fmt(since) });
  }
}

/** The summary block printed after the transcript. */
export function renderSummary(r: ProbeReport, width: number): string {
  const list: Array<[string, string]> = [];
  const label = (code: MessageCode) => say(code);
  if (r.connection?.tls) {
    const t = r.connection.tls;
    list.push([label('row-tls'), `${t.protocol}, ${t.subject}${t.trusted ? '' : ` (${t.untrusted_why})`}`]);
  }
  if (r.failure) {
    list.push([
      label(r.response || r.request ? 'row-handshake' : 'row-connection'),
      say('sum-handshake-failed', { why: r.failure.message }),
    ]);
    for (const h of r.failure.hints) list.push(['', h.message]);
  } else if (r.response) {
    list.push([label('row-handshake'), say('sum-handshake', { ms: r.response.ms.toFixed(1) })]);
  }
  if (r.response && !r.failure) {
    if (r.echo) {
      list.push([
        label('row-echo'),
        r.echo.echoed
          ? say('sum-echo-ok', { ms: r.echo.ms!.toFixed(1) })
          : say('sum-echo-none', { seconds: fmt(r.echo.waited) }),
      ]);
    }
    list.push([
      label('row-ping'),
      r.ping === null
        ? say('sum-skipped')
        : r.ping.pong
          ? say('sum-ping-ok', { ms: r.ping.ms!.toFixed(1) })
          : say('sum-ping-none', { seconds: fmt(r.ping.waited) }),
    ]);
  }
  if (r.end) list.push([label('row-closed'), r.end.summary.message]);
  for (const [i, l] of r.likely.entries()) list.push([i === 0 ? label('row-likely') : '', l.message]);
  if (r.hops.length) list.push([label('row-hops'), r.hops.join('; ')]);
  if (r.prediction) {
    const p = r.prediction;
    if (p.config_error) list.push([label('row-config'), say('config-error', p.config_error)]);
    else {
      if (p.route) {
        list.push([
          label('row-config'),
          p.route.location
            ? say('config-route', { location: p.route.location, where: p.route.where, port: p.port })
            : say('config-route-server', { where: p.route.where, port: p.port }),
        ]);
      }
      if (p.timeout) {
        list.push([
          p.route ? '' : label('row-config'),
          say('config-timeout', {
            value: p.timeout.value,
            where: p.timeout.where,
            seconds: fmt(p.timeout.seconds),
          }),
        ]);
      }
    }
    for (const n of p.notes) list.push([label('row-note'), n.message]);
  }
  if (r.verdict) list.push([label('row-verdict'), r.verdict.message]);
  return `\n${say('summary-title')}\n${rows(list, width)}\n`;
}
