/**
 * X-Accel-Redirect (ngx_http_upstream_process_headers): a backend that names a URI or a named
 * location in this header is not relayed; nginx keeps a few of its headers, drops the rest and
 * redirects the request internally — to a URI with GET (HEAD stays HEAD), checked by
 * ngx_http_parse_unsafe_uri (404 when unsafe), or to `@name` with the method as it was.
 */
import { nearest } from '../config/inherit';
import { type Evaluation, lateEvaluation } from '../eval/evaluate';
import type { Exchange } from './exchange';

type Response = Extract<Exchange, { kind: 'response' }>;

/** The headers whose ngx_http_upstream_headers_in entry has `redirect` set: copied before the redirect. */
const KEPT = new Set([
  'content-type',
  'set-cookie',
  'content-disposition',
  'cache-control',
  'expires',
  'accept-ranges',
]);

export type AccelTarget =
  | { kind: 'named'; name: string }
  | { kind: 'uri'; path: string; args: string; hasArgs: boolean }
  /** `logged`: the URI as the error line names it (cut at `?`, unescaped when it had `%`). */
  | { kind: 'unsafe'; logged: string };

/** `..` from `i` on: the whole rest, or followed by `/`. */
const dotdotAt = (s: string, i: number) =>
  s[i] === '.' && s[i + 1] === '.' && (i + 2 === s.length || s[i + 2] === '/');

/** `..` at the start, a NUL, or `/..` ending the string or followed by `/`, before `stop`. */
function unsafeBefore(s: string, stop: number): boolean {
  if (dotdotAt(s, 0)) return true;
  for (let i = 0; i < stop; i++) {
    if (s[i] === '\0') return true;
    if (s[i] === '/' && s.length - i > 2 && dotdotAt(s, i + 1)) return true;
  }
  return false;
}

/** ngx_unescape_uri: every `%XX` decoded, anything else kept. */
function unescapeUri(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * ngx_http_parse_unsafe_uri on the header's value. The first pass looks at the whole value up to
 * the first `?` (so `/a/..?x` passes: `..` is followed by `?`, not `/`); a value with `%` is then
 * cut at the `?`, unescaped and checked again.
 */
export function accelTarget(value: string): AccelTarget {
  if (value.startsWith('@')) return { kind: 'named', name: value };
  if (value === '' || value.startsWith('?')) return { kind: 'unsafe', logged: value };
  const q = value.indexOf('?');
  const stop = q >= 0 ? q : value.length;
  if (unsafeBefore(value, stop)) return { kind: 'unsafe', logged: value };
  const raw = value.slice(0, stop);
  const path = raw.includes('%') ? unescapeUri(raw) : raw;
  if (raw.includes('%') && unsafeBefore(path, path.length)) return { kind: 'unsafe', logged: path };
  return { kind: 'uri', path, args: q >= 0 ? value.slice(q + 1) : '', hasArgs: q >= 0 };
}

/** The backend's X-Accel-Redirect, when nginx acts on it (not with `proxy_ignore_headers X-Accel-Redirect`). */
export function accelRedirectOf(x: Response, ev: Evaluation): string | null {
  if (x.fromNginx || ev.handling.kind !== 'proxy') return null;
  const value = x.headers.find(([n]) => n === 'x-accel-redirect')?.[1];
  if (value === undefined) return null;
  const ignore = nearest(lateEvaluation(ev).conf, 'proxy_ignore_headers');
  if (ignore?.args.some((a) => a.toLowerCase() === 'x-accel-redirect')) return null;
  return value;
}

/** The backend's headers nginx copies to its own response before redirecting, in their order. */
export function keptHeaders(x: Response): Array<[string, string]> {
  return x.headers.filter(([n]) => KEPT.has(n));
}

/**
 * The response after the redirect: the kept headers go first in nginx's list; the kept
 * Content-Type stays unless nginx answers with an error page of its own, which also drops
 * Accept-Ranges (ngx_http_special_response_handler).
 */
export function withKeptHeaders(kept: Array<[string, string]>, after: Response): Response {
  const errorPage = after.fromNginx && after.status >= 300;
  const type = errorPage ? undefined : kept.find(([n]) => n === 'content-type');
  const list = kept.filter(([n]) => n !== 'content-type' && !(errorPage && n === 'accept-ranges'));
  const own = type ? after.headers.filter(([n]) => n !== 'content-type') : after.headers;
  return { ...after, headers: [...(type ? [type] : []), ...list, ...own] };
}
