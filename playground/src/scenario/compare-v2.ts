/**
 * Compares two outcome@2 runs by the rules in docs/scenario-format.md ("How outcome v2 is
 * compared"): what v1 compares, per client and per request, plus the counts, bodies' lengths, who
 * closed each connection, and which backend connection carried which request. Frames are compared
 * per direction: frames crossing in the tunnel at the same moment arrive in either order. `expected` is the
 * judge (real nginx), `actual` what is checked against it.
 */
import type { Difference } from './compare';
import { compareTime, sameMultiset } from './compare-parts';
import type {
  BackendConnection,
  ClientOutcome,
  OutcomeFrameV2,
  OutcomeResponseV2,
  RequestOutcome,
  RunOutcomeV2,
  UpstreamRequestV2,
} from './types';

export function compareRunsV2(expected: RunOutcomeV2, actual: RunOutcomeV2): Difference[] {
  const diffs: Difference[] = [];
  const d = (field: string, e: unknown, a: unknown) => diffs.push({ field, expected: e, actual: a });
  if (expected.clients.length !== actual.clients.length) {
    d('clients.length', expected.clients.length, actual.clients.length);
  }
  for (let i = 0; i < Math.min(expected.clients.length, actual.clients.length); i++) {
    diffs.push(...compareClient(`clients[${i}]`, expected.clients[i]!, actual.clients[i]!));
  }
  diffs.push(...compareBackends(expected.backends, actual.backends));
  return diffs;
}

function compareClient(at: string, e: ClientOutcome, a: ClientOutcome): Difference[] {
  const diffs: Difference[] = [];
  const d = (field: string, ev: unknown, av: unknown) =>
    diffs.push({ field: `${at}.${field}`, expected: ev, actual: av });
  if (e.name !== a.name) d('name', e.name, a.name);
  diffs.push(...compareTime(`${at}.connected_at`, e.connected_at, a.connected_at));
  if (e.requests.length !== a.requests.length) d('requests.length', e.requests.length, a.requests.length);
  for (let j = 0; j < Math.min(e.requests.length, a.requests.length); j++) {
    diffs.push(...compareRequest(`${at}.requests[${j}]`, e.requests[j]!, a.requests[j]!));
  }
  if (e.not_sent !== a.not_sent) d('not_sent', e.not_sent, a.not_sent);
  if (e.tunnel !== a.tunnel) d('tunnel', e.tunnel, a.tunnel);
  // Each direction in order; how the two directions interleave is a race on real nginx.
  for (const from of ['client', 'backend'] as const) {
    const pick = (frames: OutcomeFrameV2[]) => frames.filter((f) => f.from === from);
    diffs.push(...compareFrames(`${at}.frames(from ${from})`, pick(e.frames), pick(a.frames)));
  }
  if (e.end === null || a.end === null) {
    if (e.end !== a.end) d('end', e.end?.by ?? null, a.end?.by ?? null);
  } else {
    if (e.end.by !== a.end.by) d('end.by', e.end.by, a.end.by);
    diffs.push(...compareTime(`${at}.end.at`, e.end.at, a.end.at));
  }
  if (e.closed === null || a.closed === null) {
    if (e.closed !== a.closed) d('closed', e.closed?.by ?? null, a.closed?.by ?? null);
  } else {
    if (e.closed.by !== a.closed.by) d('closed.by', e.closed.by, a.closed.by);
    diffs.push(...compareTime(`${at}.closed.at`, e.closed.at, a.closed.at));
  }
  return diffs;
}

function compareRequest(at: string, e: RequestOutcome, a: RequestOutcome): Difference[] {
  const diffs: Difference[] = [];
  if (e.request_line !== a.request_line) {
    diffs.push({ field: `${at}.request_line`, expected: e.request_line, actual: a.request_line });
  }
  diffs.push(...compareTime(`${at}.sent_at`, e.sent_at, a.sent_at));
  diffs.push(...compareResponse(`${at}.response`, e.response, a.response));
  if (e.upstream.length !== a.upstream.length) {
    diffs.push({ field: `${at}.upstream.length`, expected: e.upstream.length, actual: a.upstream.length });
  }
  for (let k = 0; k < Math.min(e.upstream.length, a.upstream.length); k++) {
    diffs.push(...compareUpstream(`${at}.upstream[${k}]`, e.upstream[k]!, a.upstream[k]!));
  }
  return diffs;
}

function compareResponse(at: string, e: OutcomeResponseV2 | null, a: OutcomeResponseV2 | null): Difference[] {
  if (e === null || a === null) {
    return e === a ? [] : [{ field: at, expected: e?.status ?? null, actual: a?.status ?? null }];
  }
  const diffs: Difference[] = [];
  if (e.status !== a.status) diffs.push({ field: `${at}.status`, expected: e.status, actual: a.status });
  for (const name of ['upgrade', 'connection'] as const) {
    const ev = e.headers[name];
    const av = a.headers[name];
    if (ev?.toLowerCase() !== av?.toLowerCase()) {
      diffs.push({ field: `${at}.headers.${name}`, expected: ev ?? null, actual: av ?? null });
    }
  }
  if (e.body_length !== a.body_length) {
    diffs.push({ field: `${at}.body_length`, expected: e.body_length, actual: a.body_length });
  }
  diffs.push(...compareTime(`${at}.at`, e.at, a.at));
  diffs.push(...compareTime(`${at}.complete_at`, e.complete_at, a.complete_at));
  return diffs;
}

function compareUpstream(at: string, e: UpstreamRequestV2, a: UpstreamRequestV2): Difference[] {
  const diffs: Difference[] = [];
  const d = (field: string, ev: unknown, av: unknown) =>
    diffs.push({ field: `${at}.${field}`, expected: ev, actual: av });
  if (e.backend !== a.backend) d('backend', e.backend, a.backend);
  if (e.connection !== a.connection) d('connection', e.connection, a.connection);
  if (e.request_line !== a.request_line) d('request_line', e.request_line, a.request_line);
  if (!sameMultiset(e.headers, a.headers)) d('headers', e.headers, a.headers);
  if (e.body_length !== a.body_length) d('body_length', e.body_length, a.body_length);
  diffs.push(...compareTime(`${at}.at`, e.at, a.at));
  diffs.push(...compareTime(`${at}.complete_at`, e.complete_at, a.complete_at));
  return diffs;
}

function frameLabel(f: OutcomeFrameV2): string {
  return `${f.from} ${f.kind} ${JSON.stringify(f.data)}${f.length !== undefined ? ` (${f.length} bytes)` : ''}`;
}

function compareFrames(at: string, e: OutcomeFrameV2[], a: OutcomeFrameV2[]): Difference[] {
  const diffs: Difference[] = [];
  if (e.length !== a.length) diffs.push({ field: `${at}.length`, expected: e.length, actual: a.length });
  for (let i = 0; i < Math.min(e.length, a.length); i++) {
    const ef = e[i]!;
    const af = a[i]!;
    if (frameLabel(ef) !== frameLabel(af)) {
      diffs.push({ field: `${at}[${i}]`, expected: frameLabel(ef), actual: frameLabel(af) });
    } else diffs.push(...compareTime(`${at}[${i}].at`, ef.at, af.at));
  }
  return diffs;
}

function compareBackends(e: RunOutcomeV2['backends'], a: RunOutcomeV2['backends']): Difference[] {
  const diffs: Difference[] = [];
  const names = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
  for (const name of names) {
    const ec = e[name]?.connections;
    const ac = a[name]?.connections;
    const at = `backends["${name}"]`;
    if (!ec || !ac) {
      diffs.push({ field: at, expected: ec ? 'present' : 'absent', actual: ac ? 'present' : 'absent' });
      continue;
    }
    if (ec.length !== ac.length) {
      diffs.push({ field: `${at}.connections.length`, expected: ec.length, actual: ac.length });
    }
    for (let i = 0; i < Math.min(ec.length, ac.length); i++) {
      diffs.push(...compareConnection(`${at}.connections[${i}]`, ec[i]!, ac[i]!));
    }
  }
  return diffs;
}

function carried(c: BackendConnection): string {
  return c.requests.map(([client, index]) => `${client}#${index}`).join(' ');
}

function compareConnection(at: string, e: BackendConnection, a: BackendConnection): Difference[] {
  const diffs: Difference[] = [];
  if (carried(e) !== carried(a))
    diffs.push({ field: `${at}.requests`, expected: carried(e), actual: carried(a) });
  if (e.closed_by !== a.closed_by)
    diffs.push({ field: `${at}.closed_by`, expected: e.closed_by, actual: a.closed_by });
  diffs.push(...compareTime(`${at}.opened_at`, e.opened_at, a.opened_at));
  diffs.push(...compareTime(`${at}.closed_at`, e.closed_at, a.closed_at));
  return diffs;
}
