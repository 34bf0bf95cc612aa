/**
 * What nginx checks before a request reaches a server's configuration: the request line
 * (ngx_http_parse_request_line, ngx_http_process_request_uri), an absolute-form target's host,
 * and the Host header (ngx_http_process_host, ngx_http_validate_host). A request that fails
 * ends in 400 (or 405 for TRACE and CONNECT) with nginx's own `[info]` line.
 */
import { validateHost as validateHostFor } from './host';
import { type ParsedUri, parseRequestUri } from './uri-parse';

/**
 * ngx_http_validate_host as 1.22.1 applies it (host.ts has both versions' rules): the host as
 * `$host` has it (lower-case, no port, no final dot), or null.
 */
export function validateHost(raw: string): string | null {
  return validateHostFor(raw, false);
}

export type TargetParse =
  /**
   * `path` is the origin-form target (`/p?a`), as `$request_uri` has it; `host` the absolute-form's
   * host and `authority` that host with its port, if any. `emptyPath`: an absolute-form target
   * without a path (`http://h?a`): `path` starts at the `?` and the URI is `/`.
   */
  | { path: string; host: string | null; authority?: string; emptyPath?: true }
  | { invalid: 'request' | 'host' };

const HOST_CHAR = /[A-Za-z0-9.-]/;
const LITERAL_CHAR = /[A-Za-z0-9:._~!$&'()*+,;=-]/;

/** ngx_http_parse_request_line's view of the target: origin-form, or absolute-form split apart. */
export function parseTarget(target: string): TargetParse {
  const control = [...target].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (control || /%(?![0-9A-Fa-f]{2})/.test(target)) return { invalid: 'request' };
  if (target.startsWith('/')) return { path: target, host: null };
  const schema = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(target);
  if (!schema) return { path: target, host: null };
  let i = schema[0].length;
  if (target.slice(i, i + 2) !== '//') return { invalid: 'request' };
  i += 2;
  const start = i;
  if (target[i] === '[') {
    i++;
    while (i < target.length && target[i] !== ']') {
      if (!LITERAL_CHAR.test(target[i]!)) return { invalid: 'request' };
      i++;
    }
    if (i === target.length) return { invalid: 'request' };
    i++;
  } else {
    while (i < target.length && HOST_CHAR.test(target[i]!)) i++;
  }
  const host = target.slice(start, i);
  if (target[i] === ':') {
    i++;
    while (i < target.length && /\d/.test(target[i]!)) i++;
  }
  const authority = target.slice(start, i);
  const rest = target.slice(i);
  if (rest !== '' && !rest.startsWith('/') && !rest.startsWith('?')) return { invalid: 'request' };
  if (validateHost(host) === null) return { invalid: 'host' };
  // Without a path nginx uses a single "/" of the request line; before `?` it marks the path empty.
  if (rest.startsWith('?')) return { path: rest, host, authority, emptyPath: true };
  return { path: rest === '' ? '/' : rest, host, authority };
}

export interface RequestProblem {
  status: 400 | 405 | 501;
  /** nginx's error.log line. */
  log: string;
}

/** ngx_http_headers_in entries handled by ngx_http_process_unique_header_line: a second one is a 400. */
const UNIQUE_HEADERS = new Set([
  'if-modified-since',
  'if-unmodified-since',
  'if-match',
  'if-none-match',
  'content-length',
  'content-range',
  'if-range',
  'transfer-encoding',
  'expect',
  'authorization',
]);

/** How the server that reads a header treats header names (ignore_invalid_headers, underscores_in_headers). */
export interface HeaderRules {
  ignoreInvalid: boolean;
  underscores: boolean;
}

/** What ngx_http_parse_header_line makes of a header name: fine, soft-invalid, or a 400 at byte `at`. */
function nameCheck(name: string, underscores: boolean): 'ok' | 'invalid' | { at: number } {
  let soft = false;
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    const code = ch.charCodeAt(0);
    if (/[A-Za-z0-9-]/.test(ch)) continue;
    if (ch === '_') {
      if (!underscores) soft = true;
      continue;
    }
    if (code <= 0x20 || code === 0x7f || ch === ':') return { at: i };
    soft = true;
  }
  return soft ? 'invalid' : 'ok';
}

/**
 * The checks in nginx's order: the request line, then each header as it is read, then the
 * method. `host` is r->headers_in.server: the request line's host, else the Host header's;
 * `headers` what nginx kept (invalid names dropped under ignore_invalid_headers). `rules` gives
 * the header rules of the server that reads the next header (a Host header may change it).
 */
export function checkRequest(
  method: string,
  target: string,
  headers: ReadonlyArray<[string, string]>,
  rules: (host: string | null) => HeaderRules = () => ({ ignoreInvalid: true, underscores: false }),
  /** ngx_http_validate_host as the modelled version has it (eval/host.ts); 1.22's by default. */
  hostOf: (raw: string) => string | null = validateHost,
  /**
   * The 1.29.4 parser: the request line takes CONNECT host:port (and nothing else after CONNECT),
   * and an absolute-form host is validated with its port; before, CONNECT takes only a URI.
   */
  connectAuthority = false,
  /** merge_slashes of the port's default server: the URI is parsed before any Host is known. */
  mergeSlashes = true,
):
  | { problem: RequestProblem; notes: string[] }
  | {
      path: string;
      /** `$uri`, `$args` and the flags nginx keeps of the target. */
      uri: ParsedUri;
      host: string | null;
      methodProblem: RequestProblem | null;
      headers: Array<[string, string]>;
      /** `[info]` lines for header lines nginx dropped. */
      notes: string[];
    } {
  const line = (what: string): { problem: RequestProblem; notes: string[] } => ({
    problem: { status: 400, log: `[info] client sent ${what} while reading client request line` },
    notes: [],
  });
  const parsed: TargetParse =
    method === 'CONNECT' && (connectAuthority || !target.startsWith('/'))
      ? connectAuthority && /^[^/?#\s]+:\d+$/.test(target)
        ? { path: '/', host: target.replace(/:\d+$/, '') }
        : { invalid: 'request' }
      : parseTarget(target);
  if ('invalid' in parsed)
    return line(parsed.invalid === 'host' ? 'invalid host in request line' : 'invalid request');
  // ngx_http_process_request_uri runs before the request line's host is validated.
  const uri = parseRequestUri(parsed.path, mergeSlashes, parsed.emptyPath === true);
  if (!uri) return line('invalid request');
  const authority = connectAuthority ? (parsed.authority ?? parsed.host) : parsed.host;
  let host = authority !== null ? hostOf(authority) : null;
  if (authority !== null && host === null) return line('invalid host in request line');
  const header = (what: string): { problem: RequestProblem; notes: string[] } => ({
    problem: { status: 400, log: `[info] client sent ${what} while reading client request headers` },
    notes,
  });
  const kept: Array<[string, string]> = [];
  const notes: string[] = [];
  const unique = new Map<string, [string, string]>();
  let seenHost: [string, string] | null = null;
  for (const h of headers) {
    const { ignoreInvalid, underscores } = rules(host);
    const check = nameCheck(h[0], underscores);
    if (typeof check === 'object') {
      const code = h[0].charCodeAt(check.at).toString(16).padStart(2, '0');
      return header(`invalid header line: "${h[0].slice(0, check.at)}\\x${code}..."`);
    }
    if (check === 'invalid' && ignoreInvalid) {
      // Dropped: never seen by variables or passed upstream.
      notes.push(
        `[info] client sent invalid header line: "${h[0]}: ${h[1]}" while reading client request headers`,
      );
      continue;
    }
    const lower = h[0].toLowerCase();
    if (lower === 'host') {
      if (seenHost)
        return header(
          `duplicate host header: "${h[0]}: ${h[1]}", previous value: "${seenHost[0]}: ${seenHost[1]}"`,
        );
      seenHost = h;
      const valid = hostOf(h[1]);
      if (valid === null) return header('invalid host header');
      host ??= valid;
    } else if (UNIQUE_HEADERS.has(lower)) {
      const previous = unique.get(lower);
      if (previous)
        return header(
          `duplicate header line: "${h[0]}: ${h[1]}", previous value: "${previous[0]}: ${previous[1]}"`,
        );
      unique.set(lower, h);
    }
    kept.push(h);
  }
  // Checked after all headers, after the missing Host of HTTP/1.1 (ngx_http_process_request_header).
  const methodProblem: RequestProblem | null =
    method === 'TRACE' || method === 'CONNECT'
      ? { status: 405, log: `[info] client sent ${method} method while reading client request headers` }
      : null;
  return { path: parsed.path, uri, host, methodProblem, headers: kept, notes };
}
