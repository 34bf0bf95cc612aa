/**
 * The header block nginx sends the client, in nginx's order (ngx_http_header_filter): Server,
 * (Date), Content-Type, Content-Length, a Location it made absolute, Connection, then the
 * header list — the backend's headers that are passed on, a Location given as is, and what
 * `add_header` appends (ngx_http_headers_filter). Every header considered gets a decision
 * saying where it came from, and why it was not sent when it was not.
 */
import { nearest } from '../config/inherit';
import { type AddHeader, type Evaluation, lateEvaluation } from '../eval/evaluate';
import { expiresHeaders } from '../eval/expires';
import { multipartHead, type RangeInput, type RangeResult, rangeFilter } from '../eval/ranges';
import type { ReasonCode } from '../explain/reasons';
import type { HeaderDecision, Provenance } from '../explain/types';
import type { Exchange } from './exchange';
import { byteLength, errorPage } from './pages';
import { FILE_MTIME } from './static-files';

/** Statuses add_header applies to without `always`. */
const ADD_HEADER_STATUSES = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307, 308]);

/** Headers nginx writes itself; a backend's copies are never passed on. */
const NGINX_WRITES = new Set(['connection', 'keep-alive', 'transfer-encoding', 'server', 'date']);

/** ngx_http_proxy_hide_headers: what the proxy module drops from a backend's response by default. */
const HIDDEN_BY_DEFAULT = [
  'date',
  'server',
  'x-pad',
  'x-accel-expires',
  'x-accel-redirect',
  'x-accel-limit-rate',
  'x-accel-buffering',
  'x-accel-charset',
];

/** What ngx_http_header_filter clears on a 204 (No Content). */
const NO_CONTENT_CLEARS = ['content-type', 'content-length', 'last-modified'];

export interface ResponseHeaderOptions {
  /** The Server value (`nginx` or `nginx/1.22.1`). */
  server: string;
  version: string;
  keepalive: boolean;
  /** msie_padding applies to this client. */
  padded: boolean;
  /** A single range is answered with a 206 (scenario v1; v2 does not model the shorter body). */
  ranges?: boolean;
}

export interface BuiltResponseHeaders {
  sent: Array<[string, string]>;
  decisions: HeaderDecision[];
  /** add_header lines not applied because the status is not in their list. */
  skippedAddHeaders: AddHeader[];
  /** error.log lines the header filter writes (warnings from add_header values). */
  log: string[];
  /** What the range filter did (eval/ranges.ts). */
  range: RangeResult;
  /** 206 when the range filter answered with a part of the body. */
  status?: number;
}

type Response = Extract<Exchange, { kind: 'response' }>;

/** `content-type` → `Content-Type`, as nginx and most servers spell header names on the wire. */
/** Names seen so far: a response has a handful of names, a load scenario sends them thousands of times. */
const wireNames = new Map<string, string>();

export function wireHeaderName(name: string): string {
  let wire = wireNames.get(name);
  if (wire === undefined) {
    wire = name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
    if (wireNames.size < 1024) wireNames.set(name, wire);
  }
  return wire;
}

const nginxWrites = (code: ReasonCode): Provenance => ({ kind: 'default', code });

export function buildResponseHeaders(
  x: Response,
  ev: Evaluation,
  options: ResponseHeaderOptions,
): BuiltResponseHeaders {
  const sent: Array<[string, string]> = [];
  const decisions: HeaderDecision[] = [];
  const dropped: HeaderDecision[] = [];
  const send = (name: string, value: string, provenance: Provenance, reason?: HeaderDecision['reason']) => {
    sent.push([name, value]);
    decisions.push({ name, value, sent: true, provenance, ...(reason ? { reason } : {}) });
  };
  const origin = exchangeOrigin(ev);

  const hidden = new Set(HIDDEN_BY_DEFAULT);
  if (ev.handling.kind === 'proxy') {
    for (const n of ev.handling.hideHeaders) hidden.add(n);
    for (const n of ev.handling.passHeaders) hidden.delete(n);
  }
  // proxy_pass_header Server: the backend's Server (or none) takes the place of nginx's own,
  // among the headers in the order they came.
  const passesServer = !x.fromNginx && ev.handling.kind === 'proxy' && !hidden.has('server');
  if (!passesServer) send('server', options.server, nginxWrites('response-server'));
  const rest: Array<[string, string]> = [];
  for (const [name, value] of x.headers) {
    if (NGINX_WRITES.has(name) && !(passesServer && name === 'server')) {
      if (!x.fromNginx)
        dropped.push({
          name,
          value,
          sent: false,
          provenance: origin,
          reason: { code: 'response-nginx-writes' },
        });
    } else if (!x.fromNginx && hidden.has(name)) {
      dropped.push({ name, value, sent: false, provenance: origin, reason: { code: 'response-hidden' } });
    } else if (!x.fromNginx && name === 'accept-ranges' && forcesRanges(ev)) {
      // ngx_http_upstream_copy_allow_ranges: the range filter answers for the backend instead.
      dropped.push({
        name,
        value,
        sent: false,
        provenance: origin,
        reason: { code: 'response-force-ranges' },
      });
    } else rest.push([name, value]);
  }
  const take = (name: string, reason?: HeaderDecision['reason']) => {
    const i = rest.findIndex(([n]) => n === name);
    if (i < 0) return;
    const [header] = rest.splice(i, 1);
    send(header![0], header![1], origin, reason);
  };

  if (x.fromNginx && x.status >= 300 && x.status !== 304) {
    // ngx_http_send_special_response: the built-in page, or an empty body where it has none.
    const body = errorPage(x.status, options.version, ev.serverTokens, options.padded);
    if (body === null) {
      send('content-length', '0', nginxWrites('response-no-page'));
    } else {
      const page = nginxWrites('response-error-page');
      send('content-type', 'text/html', page);
      send('content-length', String(byteLength(body)), page);
    }
  } else if (x.status === 204) {
    // ngx_http_header_filter: a 204 is header-only and loses its body headers, whoever set them.
    for (const name of NO_CONTENT_CLEARS) {
      const i = rest.findIndex(([n]) => n === name);
      if (i < 0) continue;
      const [[, value]] = rest.splice(i, 1) as [[string, string]];
      dropped.push({ name, value, sent: false, provenance: origin, reason: { code: 'response-no-content' } });
    }
  } else {
    take('content-type');
    take('content-length');
    // The file's time (of.mtime), written by the header filter in its place; only on a 200.
    if (x.file && x.status === 200)
      send('last-modified', httpDate(FILE_MTIME), nginxWrites('response-file-time'));
  }
  if (!x.locationInList) take('location', { code: 'response-location-absolute' });
  if (x.status === 101) send('connection', 'upgrade', nginxWrites('response-connection-upgrade'));
  else if (options.keepalive) send('connection', 'keep-alive', nginxWrites('response-connection-keepalive'));
  else send('connection', 'close', nginxWrites('response-connection-close'));
  for (const [name, value] of rest) send(name, value, origin);

  if (ev.expires && ADD_HEADER_STATUSES.has(x.status)) {
    const lastModified = x.file ? FILE_MTIME : parseHttpDate(sent.find(([n]) => n === 'last-modified')?.[1]);
    const { expires, cacheControl } = expiresHeaders(
      ev.expires,
      VIRTUAL_NOW + Math.floor(x.at / 1000),
      lastModified,
    );
    const value = expires === 'epoch' ? EPOCH : expires === 'max' ? MAX : httpDate(expires);
    const provenance: Provenance = { kind: 'directive', directive: 'expires', ...ev.expires.source };
    // An Expires or Cache-Control the backend sent is replaced where it stands.
    for (const [name, v] of [
      ['expires', value],
      ['cache-control', cacheControl],
    ] as const) {
      const i = sent.findIndex(([n]) => n === name);
      if (i >= 0) {
        sent[i] = [name, v];
        const j = decisions.findIndex((d) => d.name === name && d.sent);
        decisions[j] = { name, value: v, sent: true, provenance };
      } else send(name, v, provenance);
    }
  }

  const skippedAddHeaders: AddHeader[] = [];
  const log: string[] = [];
  // While a backend's response is being read, nginx names that in its log lines.
  const action =
    ev.handling.kind === 'proxy' && !x.fromNginx ? ' while reading response header from upstream' : '';
  for (const added of ev.addHeaders) {
    const h = added.evaluateAgainst ? { ...added, ...added.evaluateAgainst(sent) } : added;
    const name = h.name.toLowerCase();
    const provenance: Provenance = { kind: 'directive', directive: 'add_header', ...h.source };
    if (!ADD_HEADER_STATUSES.has(x.status) && !h.always) {
      skippedAddHeaders.push(h);
      dropped.push({
        name,
        value: h.value,
        sent: false,
        provenance,
        reason: { code: 'add-header-skipped', params: { status: x.status, names: h.name } },
      });
      continue;
    }
    for (const warning of h.warnings) log.push(`${warning}${action}`);
    if (h.value === '') {
      // ngx_http_set_response_header: an empty ETag or Last-Modified removes the response's own.
      const own = name === 'etag' || name === 'last-modified' ? sent.findIndex(([n]) => n === name) : -1;
      if (own >= 0) {
        const [[, value]] = sent.splice(own, 1) as [[string, string]];
        const i = decisions.findIndex((d) => d.name === name && d.sent);
        decisions.splice(i, 1);
        dropped.push({ name, value, sent: false, provenance, reason: { code: 'add-header-empty-removes' } });
      }
      dropped.push({ name, value: null, sent: false, provenance, reason: { code: 'empty-in-table' } });
    } else {
      // ETag and Last-Modified replace the response's own; every other name is appended.
      const own = name === 'etag' || name === 'last-modified' ? sent.findIndex(([n]) => n === name) : -1;
      if (own >= 0 && name === 'last-modified' && x.file) {
        // A file's Last-Modified is the header filter's, written from the time only while no
        // list entry exists: add_header's goes into the list, at its place, instead.
        sent.splice(own, 1);
        decisions.splice(
          decisions.findIndex((d) => d.name === name && d.sent),
          1,
        );
        send(name, h.value, provenance);
      } else if (own >= 0) {
        sent[own] = [name, h.value];
        const i = decisions.findIndex((d) => d.name === name && d.sent);
        decisions[i] = { name, value: h.value, sent: true, provenance };
      } else send(name, h.value, provenance);
    }
  }
  // ngx_http_range_header_filter runs after the headers filter.
  const range = rangeFilter(rangeInput(x, ev, sent));
  let status: number | undefined;
  const replace = (name: string, value: string, provenance: Provenance) => {
    sent[sent.findIndex(([n]) => n === name)] = [name, value];
    decisions[decisions.findIndex((d) => d.name === name && d.sent)] = {
      name,
      value,
      sent: true,
      provenance,
    };
  };
  if (range.kind === 'partial' && options.ranges) {
    status = 206;
    const provenance = nginxWrites('response-range-partial');
    replace('content-length', String(range.end - range.start), provenance);
    send('content-range', `bytes ${range.start}-${range.end - 1}/${range.total}`, provenance);
  } else if (range.kind === 'multipart' && options.ranges) {
    status = 206;
    const provenance = nginxWrites('response-range-multipart');
    const type = sent.find(([n]) => n === 'content-type')?.[1];
    const head = multipartHead(range.ranges, range.total, type);
    if (type !== undefined) replace('content-type', head.contentType, provenance);
    else send('content-type', head.contentType, provenance);
    replace('content-length', String(head.contentLength), provenance);
  } else if (range.kind !== 'none') {
    send('accept-ranges', 'bytes', nginxWrites(x.file ? 'response-file-ranges' : 'response-ranges'));
  }
  return {
    sent,
    decisions: [...decisions, ...dropped],
    skippedAddHeaders,
    log,
    range,
    ...(status ? { status } : {}),
  };
}

/** What ngx_http_special_response_handler clears before it sends its page, and what nginx writes itself. */
const CLEARED_FOR_416 = new Set([
  ...NGINX_WRITES,
  'content-type',
  'content-length',
  'last-modified',
  'etag',
  'accept-ranges',
]);

/**
 * ngx_http_range_not_satisfiable: the list as the first header pass left it (add_header's lines
 * included) with `Content-Range: bytes *\/total`, answered as nginx's own 416 page, whose header
 * pass applies add_header again (`always` lines only, at 416).
 */
export function notSatisfiable(x: Response, sent: Array<[string, string]>, total: number): Response {
  const kept = sent.filter(([n]) => !CLEARED_FOR_416.has(n));
  return {
    ...x,
    status: 416,
    fromNginx: true,
    file: false,
    headers: [...kept, ['content-range', `bytes */${total}`]],
  };
}

/** `proxy_force_ranges on` where a proxied request is handled. */
function forcesRanges(ev: Evaluation): boolean {
  return (
    ev.handling.kind === 'proxy' && nearest(lateEvaluation(ev).conf, 'proxy_force_ranges')?.args[0] === 'on'
  );
}

/** What the range filter sees: the request's Range and If-Range, the response as it stands. */
function rangeInput(x: Response, ev: Evaluation, sent: Array<[string, string]>): RangeInput {
  const later = lateEvaluation(ev);
  const header = (name: string) => sent.find(([n]) => n === name)?.[1];
  const asked = (name: string) => later.vars.request.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const length = header('content-length');
  const modified = header('last-modified');
  const modifiedAt = modified === undefined ? Number.NaN : Date.parse(modified);
  const maxRanges = nearest(later.conf, 'max_ranges')?.args[0];
  return {
    status: x.status,
    contentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : null,
    allowRanges: Boolean(x.file) || (!x.fromNginx && forcesRanges(ev)),
    singleRange: !x.file,
    maxRanges: maxRanges !== undefined && /^\d+$/.test(maxRanges) ? Number(maxRanges) : null,
    range: asked('range'),
    ifRange: asked('if-range'),
    etag: header('etag'),
    lastModified: Number.isNaN(modifiedAt) ? null : modifiedAt / 1000,
  };
}

/**
 * The virtual wall clock at time 0 of a run (2026-01-01T00:00:00Z). Values computed from it
 * differ from real nginx's by the day of the run, as nginx's own differ between runs.
 */
const VIRTUAL_NOW = Date.UTC(2026, 0, 1) / 1000;
const EPOCH = 'Thu, 01 Jan 1970 00:00:01 GMT';
const MAX = 'Thu, 31 Dec 2037 23:55:55 GMT';

function parseHttpDate(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ngx_http_time: `Sun, 09 Sep 2001 01:46:40 GMT` for seconds since the epoch. */
export function httpDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`;
}

/** Where the headers of the exchange come from: the backend, or the line nginx answered from. */
function exchangeOrigin(ev: Evaluation): Provenance {
  const h = ev.handling;
  if (h.kind === 'respond' && h.source) {
    const directive =
      h.via === 'auto-redirect'
        ? 'location'
        : h.via === 'no-resolver'
          ? 'proxy_pass'
          : h.via === 'return'
            ? 'return'
            : h.via === 'try-files'
              ? 'try_files'
              : 'rewrite';
    return { kind: 'directive', directive, ...h.source };
  }
  if (h.kind === 'proxy') return { kind: 'backend' };
  return nginxWrites('response-nginx');
}
