/**
 * Variables as nginx evaluates them for one request: builtins (`$host`, `$http_*`, `$uri` …),
 * `set`, and `map` (lazy, cached per request unless `volatile`, regex captures usable in the
 * value). Values that do not exist at request time are the empty string, as in nginx.
 */

import type { ConfigNode } from '../config/tree';
import { utf8Bytes } from '../limits/size';
import { basicAuthUser } from './auth-basic';
import { parseHost, validateHost } from './host';
import type { ConfigModel, MapModel, ServerModel } from './model';
import type { RegexMatch } from './regex';
import { cookieValue, joinedHeader } from './repeated-headers';
import { type ParsedUri, parseRequestUri } from './uri-parse';
import type { VersionFeatures } from './version';

export interface ClientRequestInfo {
  method: string;
  /** The request target as sent, e.g. `/ws/room1?x=1`. */
  target: string;
  httpVersion: '1.0' | '1.1';
  headers: Array<[string, string]>;
  /**
   * The client connection the request came on (scenario v2): its address, nginx's connection
   * number and how many requests it has carried, this one included. Absent: 127.0.0.1, 1, 1.
   */
  connection?: { remoteAddr: string; number: number; requests: number };
  /**
   * The request body as the client frames it (scenario v2): its whole length and whether it is
   * chunked. Absent (v1): nginx's internal body headers stay empty.
   */
  body?: { length: number; chunked: boolean };
  /**
   * The client's address when nginx connects to itself from a proxy_bind address (v1's own
   * upstream); a v2 connection's address wins.
   */
  remoteAddr?: string;
}

/** What a map lookup chose, for explanations. */
export interface MapTrace {
  variable: string;
  input: string;
  /** The entry that matched; null when `default` (or the empty default) applied. */
  matched: ConfigNode | null;
  how: 'exact' | 'wildcard' | 'regex' | 'default';
  value: string;
}

/** What the upstream answered, for `$upstream_*` (set once nginx has the response header). */
export interface UpstreamState {
  /** Every address tried, in order (`$upstream_addr`). */
  addrs: string[];
  /** The status of each try (`$upstream_status`). */
  statuses: string[];
  /** The last response's headers, lower-case names, in order. */
  headers: Array<[string, string]>;
}

/**
 * Where nginx keeps a request body it has read (scenario v2): in memory (`text`, for
 * `$request_body`) or in a temporary file (`file`, for `$request_body_file`); the other is ''.
 */
export interface RequestBodyState {
  text: string;
  file: string;
}

/**
 * ngx_http_parse_set_cookie_lines: the first Set-Cookie line that starts with `name` (any case),
 * then optional spaces and `=`; its value runs to the first `;`.
 */
export function setCookieValue(lines: string[], name: string): string | null {
  for (const line of lines) {
    if (name.length >= line.length) continue;
    if (line.slice(0, name.length).toLowerCase() !== name.toLowerCase()) continue;
    let i = name.length;
    while (i < line.length && line[i] === ' ') i++;
    if (i === line.length || line[i] !== '=') continue;
    i++;
    while (i < line.length && line[i] === ' ') i++;
    const end = line.indexOf(';', i);
    return line.slice(i, end < 0 ? undefined : end);
  }
  return null;
}

/** `$sent_http_*` names nginx answers from r->headers_out fields, not from the header list. */
const OUTSIDE_HEADER_LIST = new Set([
  'content_type',
  'content_length',
  'location',
  'last_modified',
  'connection',
  'keep_alive',
  'transfer_encoding',
  'server',
  'date',
]);

/**
 * ngx_http_variables_init_vars: a `set` variable whose name starts like one of nginx's prefix
 * variables gets the prefix's getter, so outside its `set` it reads the header, argument or
 * cookie, never "uninitialized".
 */
const PREFIX_VARIABLE =
  /^(http_|sent_http_|sent_trailer_|cookie_|arg_|upstream_http_|upstream_trailer_|upstream_cookie_)/;

/** Longest chain of variables referring to variables before nginx would give up. */
const MAX_DEPTH = 32;

/** `%XX` decoding, `//` merging and `.`/`..` resolution, as nginx builds `$uri`. */
export function normalizeUri(path: string): string {
  let decoded = path.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
  decoded = decoded.replace(/\/{2,}/g, '/');
  const out: string[] = [];
  const segments = decoded.split('/');
  segments.forEach((seg, i) => {
    if (seg === '.') {
      if (i === segments.length - 1) out.push('');
    } else if (seg === '..') {
      if (out.length > 1) out.pop();
      if (i === segments.length - 1) out.push('');
    } else out.push(seg);
  });
  const joined = out.join('/');
  return joined.startsWith('/') ? joined : `/${joined}`;
}

/**
 * ngx_hash_find_combined over a `hostnames` map's wildcards: the head wildcards (`*.site.test`,
 * and `.site.test`, which also matches `site.test` itself) are one tree walked label by label from
 * the right, so the longest suffix that matches wins whichever form it has; tail wildcards
 * (`www.site.*`) only when no head wildcard matched, again the longest.
 */
export function hostnameWildcard<W extends { key: string }>(wildcards: readonly W[], host: string): W | null {
  let best: W | null = null;
  let bestLength = -1;
  for (const w of wildcards) {
    const suffix = w.key.startsWith('*.') ? w.key.slice(1) : w.key.startsWith('.') ? w.key : null;
    if (suffix === null) continue;
    const matches = host.endsWith(suffix) || (w.key.startsWith('.') && host === suffix.slice(1));
    if (matches && suffix.length > bestLength) {
      best = w;
      bestLength = suffix.length;
    }
  }
  if (best) return best;
  for (const w of wildcards) {
    if (!w.key.endsWith('.*')) continue;
    const prefix = w.key.slice(0, -1);
    if (host.startsWith(prefix) && prefix.length > bestLength) {
      best = w;
      bestLength = prefix.length;
    }
  }
  return best;
}

export function headerVariableName(header: string): string {
  return header.toLowerCase().replace(/-/g, '_');
}

export class RequestVariables {
  /** `$uri`: the normalised path; a `rewrite` replaces it. */
  uri: string;
  args: string;
  hasArgs: boolean;
  /** r->quoted_uri and r->plus_in_uri of the client's target: `rewrite` escapes captures by them. */
  quotedUri = false;
  plusInUri = false;
  /** `$request_uri` when the request line's target is not origin-form as sent (absolute-form). */
  private unparsedUri: string | null = null;
  /** The request line's target as the client sent it, for `$request`. */
  private readonly lineTarget: string;
  /** The last successful regex match (location, map, server_name): `$1`…, named groups. */
  captures: RegexMatch | null = null;
  server: ServerModel | null = null;
  serverPort = 80;
  proxyHost = '';
  /** The upstream request streams a chunked client body as chunked (proxy_request_buffering off, HTTP/1.1). */
  upstreamChunked = false;
  /** `proxy_set_body`'s value for this request: the body nginx sends upstream instead of the client's. */
  setBody: string | null = null;
  proxyPort = '';
  /** The upstream's answer, once there is one (null before and without proxy_pass). */
  upstream: UpstreamState | null = null;
  /** The request body once nginx has read it (null: not read, as for `return` or a static file). */
  requestBody: RequestBodyState | null = null;
  /** `$request_filename` and `$document_root`, for the configuration that applies now. */
  files: (() => { filename: string; documentRoot: string }) | null = null;
  readonly setValues = new Map<string, string>();
  readonly mapTraces: MapTrace[] = [];
  /** `[warn] using uninitialized "x" variable` lines. */
  readonly warnings: string[] = [];
  private readonly mapCache = new Map<string, string>();
  private depth = 0;

  /** The response's header list while the header filter runs (`$sent_http_*`); null before. */
  responseHeaders: ReadonlyArray<readonly [string, string]> | null = null;

  /** r->headers_in.server: the validated host of the request line or the Host header. */
  serverHost: string | null = null;

  constructor(
    private readonly model: ConfigModel,
    private readonly features: VersionFeatures,
    public request: ClientRequestInfo,
  ) {
    this.uri = '';
    this.args = '';
    this.hasArgs = false;
    this.lineTarget = request.target;
    this.setTarget(request.target);
  }

  /** The client's target as nginx parsed it (uri-parse.ts); `unparsed` is `$request_uri`. */
  setParsedTarget(parsed: ParsedUri, unparsed: string, originForm: string): void {
    this.request = { ...this.request, target: originForm };
    this.applyParsed(parsed);
    this.unparsedUri = unparsed;
  }

  private applyParsed(parsed: ParsedUri): void {
    this.uri = parsed.uri;
    this.args = parsed.args;
    this.hasArgs = parsed.hasArgs;
    this.quotedUri = parsed.quoted;
    this.plusInUri = parsed.plus;
  }

  /** The origin-form target (`/path?args`) the URI and arguments come from. */
  setTarget(target: string): void {
    this.request = { ...this.request, target };
    const parsed = target.startsWith('/') ? parseRequestUri(target, true) : null;
    if (parsed) {
      this.applyParsed(parsed);
      return;
    }
    // A target nginx would refuse (evaluate answers 400 before any variable is read).
    const q = target.indexOf('?');
    const path = q >= 0 ? target.slice(0, q) : target;
    this.hasArgs = q >= 0;
    this.args = q >= 0 ? target.slice(q + 1) : '';
    this.uri = normalizeUri(path);
  }

  /** A `rewrite` changed the URI (and the arguments). */
  setUri(uri: string, args: string, hasArgs: boolean): void {
    this.uri = uri;
    this.args = args;
    this.hasArgs = hasArgs;
  }

  /** All values of a client header, in order. */
  headerValues(name: string): string[] {
    const wanted = headerVariableName(name);
    return this.request.headers.filter(([n]) => headerVariableName(n) === wanted).map(([, v]) => v);
  }

  /** `$http_NAME`, a repeated header joined as the version does (eval/repeated-headers.ts). */
  httpHeader(name: string): string {
    return joinedHeader(this.headerValues(name), headerVariableName(name), 'request', this.features);
  }

  /** r->headers_in.server: the Host header without port and final dot, lower-case; '' if none. */
  hostHeader(): string {
    if (this.serverHost !== null) return this.serverHost;
    const raw = this.headerValues('host')[0];
    if (!raw) return '';
    return validateHost(raw, this.features.rfc3986Host) ?? '';
  }

  /** `$host`: Host without port, lower-case, else the server's first name. */
  host(): string {
    return this.hostHeader() || (this.server?.serverName ?? '');
  }

  /**
   * ngx_http_proxy_create_request: a chunked body goes on chunked (HTTP/1.1, no request buffering)
   * or with the length nginx counted once it has read it all; any other body with its Content-Length.
   */
  private internalBodyLength(): string {
    if (this.setBody !== null) return String(utf8Bytes(this.setBody));
    const body = this.request.body;
    if (!body) return '';
    if (body.chunked) return this.upstreamChunked ? '' : String(body.length);
    return this.httpHeader('content-length');
  }

  private remoteAddr(): string {
    return this.request.connection?.remoteAddr ?? this.request.remoteAddr ?? '127.0.0.1';
  }

  private builtin(name: string): string | null {
    switch (name) {
      case 'host':
        return this.host();
      case 'request_port':
      case 'is_request_port': {
        // r->port (1.29.3+): the Host header's port; the version table keeps older versions from here.
        const raw = this.headerValues('host')[0];
        const port = raw === undefined ? 0 : (parseHost(raw, this.features.rfc3986Host)?.port ?? 0);
        if (port <= 0 || port >= 65536) return '';
        return name === 'request_port' ? String(port) : ':';
      }
      case 'remote_addr':
      case 'realip_remote_addr':
        return this.remoteAddr();
      case 'remote_port':
      case 'realip_remote_port':
        return '50000';
      case 'binary_remote_addr':
        return String.fromCharCode(...this.remoteAddr().split('.').map(Number));
      case 'server_addr':
        return '127.0.0.1';
      case 'server_port':
        return String(this.serverPort);
      case 'server_name':
        return this.server?.serverName ?? '';
      case 'server_protocol':
        return `HTTP/${this.request.httpVersion}`;
      case 'scheme':
        return 'http';
      case 'https':
        return '';
      case 'request_method':
        return this.request.method;
      case 'request_uri':
        return this.unparsedUri ?? this.request.target;
      case 'request':
        return `${this.request.method} ${this.lineTarget} HTTP/${this.request.httpVersion}`;
      case 'uri':
      case 'document_uri':
        return this.uri;
      case 'args':
      case 'query_string':
        return this.args;
      case 'is_args':
        return this.hasArgs && this.args !== '' ? '?' : '';
      case 'proxy_host':
        return this.proxyHost;
      case 'proxy_port':
        return this.proxyPort;
      case 'proxy_add_x_forwarded_for': {
        const xff = this.headerValues('x-forwarded-for');
        return xff.length > 0 ? `${xff.join(', ')}, ${this.remoteAddr()}` : this.remoteAddr();
      }
      case 'proxy_internal_body_length':
        return this.internalBodyLength();
      case 'proxy_internal_chunked':
        return this.request.body?.chunked && this.upstreamChunked && this.setBody === null ? 'chunked' : '';
      case 'content_length':
        return this.httpHeader('content-length');
      case 'content_type':
        return this.httpHeader('content-type');
      case 'nginx_version':
        return this.features.version;
      case 'hostname':
        return 'localhost';
      case 'request_id':
        return '00000000000000000000000000000000';
      case 'connection':
        return String(this.request.connection?.number ?? 1);
      case 'connection_requests':
        return String(this.request.connection?.requests ?? 1);
      case 'pid':
        return '1';
      case 'msec':
        return '0.000';
      case 'time_iso8601':
        return '1970-01-01T00:00:00+00:00';
      case 'time_local':
        return '01/Jan/1970:00:00:00 +0000';
      case 'request_length':
        return '0';
      case 'body_bytes_sent':
      case 'bytes_sent':
        return '0';
      case 'status':
        return '000';
      case 'request_filename':
        return this.files?.().filename ?? '';
      case 'document_root':
      case 'realpath_root':
        return this.files?.().documentRoot ?? '';
      case 'request_body':
        return this.requestBody?.text ?? '';
      case 'request_body_file':
        return this.requestBody?.file ?? '';
      case 'upstream_addr':
        return this.upstream?.addrs.join(', ') ?? '';
      case 'upstream_status':
        return this.upstream?.statuses.join(', ') ?? '';
    }
    if (name.startsWith('upstream_http_')) {
      const want = name.slice('upstream_http_'.length);
      const values = (this.upstream?.headers ?? []).filter(([n]) => headerVariableName(n) === want);
      return joinedHeader(
        values.map(([, v]) => v),
        want,
        'upstream',
        this.features,
      );
    }
    if (name.startsWith('upstream_cookie_')) {
      const lines = (this.upstream?.headers ?? []).filter(([n]) => n === 'set-cookie').map(([, v]) => v);
      return setCookieValue(lines, name.slice('upstream_cookie_'.length)) ?? '';
    }
    if (name.startsWith('http_')) return this.httpHeader(name.slice(5));
    if (name.startsWith('arg_')) {
      const want = name.slice(4);
      for (const pair of this.args.split('&')) {
        const eq = pair.indexOf('=');
        const key = eq >= 0 ? pair.slice(0, eq) : pair;
        if (key.toLowerCase() === want) return eq >= 0 ? pair.slice(eq + 1) : '';
      }
      return '';
    }
    if (name.startsWith('cookie_')) {
      return (
        cookieValue(this.headerValues('cookie'), name.slice(7), this.features.cookieCommaSeparates) ?? ''
      );
    }
    if (name === 'remote_user') return basicAuthUser(this.headerValues('authorization')[0]) ?? '';
    if (name.startsWith('sent_http_')) return this.sentHeader(name.slice('sent_http_'.length));
    if (name.startsWith('upstream_') || name.startsWith('sent_trailer_')) return '';
    return null;
  }

  /**
   * `$sent_http_NAME` of a header in the response's list as it stands while add_header runs
   * (`responseHeaders`, set by the header filter); the headers nginx keeps outside the list
   * (Content-Type, Content-Length, Location, Last-Modified, Connection …) are not read from here.
   */
  private sentHeader(want: string): string {
    if (!this.responseHeaders || OUTSIDE_HEADER_LIST.has(want)) return '';
    const values = this.responseHeaders.filter(([n]) => headerVariableName(n) === want).map(([, v]) => v);
    return joinedHeader(values, want, 'response', this.features);
  }

  /** Value of `$name` (name without `$`); unknown names give ''. */
  get(rawName: string): string {
    const name = rawName.toLowerCase();
    if (/^\d$/.test(name)) return this.captures?.captures[Number(name)] ?? '';
    if (this.captures && rawName in this.captures.groups) return this.captures.groups[rawName] ?? '';
    if (this.setValues.has(name)) return this.setValues.get(name)!;
    const map = this.model.maps.get(name);
    if (map) return this.evalMap(map);
    // $limit_rate reads r->limit_rate: 0 until a valid `set` (the limit_rate directive is not modelled here).
    if (name === 'limit_rate') return '0';
    if (this.model.setVariables.has(name) && !PREFIX_VARIABLE.test(name)) {
      this.warnings.push(`[warn] using uninitialized "${name}" variable`);
      return '';
    }
    return this.builtin(name) ?? '';
  }

  /** Expands `$name`, `${name}` and `$1` in a config value. */
  interpolate(value: string): string {
    if (!value.includes('$')) return value;
    if (this.depth >= MAX_DEPTH) return '';
    this.depth++;
    try {
      let out = '';
      for (let i = 0; i < value.length; i++) {
        const ch = value[i]!;
        if (ch !== '$') {
          out += ch;
          continue;
        }
        const next = value[i + 1];
        if (next !== undefined && next >= '1' && next <= '9') {
          out += this.get(next);
          i++;
          continue;
        }
        const braced = next === '{';
        let j = braced ? i + 2 : i + 1;
        const start = j;
        while (j < value.length && /[A-Za-z0-9_]/.test(value[j]!)) j++;
        const name = value.slice(start, j);
        if (name === '') {
          out += '$';
          continue;
        }
        out += this.get(name);
        i = braced && value[j] === '}' ? j : j - 1;
      }
      return out;
    } finally {
      this.depth--;
    }
  }

  private evalMap(map: MapModel): string {
    if (!map.volatile && this.mapCache.has(map.variable)) return this.mapCache.get(map.variable)!;
    if (this.depth >= MAX_DEPTH) return '';
    let input = this.interpolate(map.source);
    if (map.hostnames && input.endsWith('.')) input = input.slice(0, -1);
    const trace = (matched: ConfigNode | null, how: MapTrace['how'], raw: string): string => {
      const value = this.interpolate(raw);
      this.mapTraces.push({ variable: map.variable, input, matched, how, value });
      if (!map.volatile) this.mapCache.set(map.variable, value);
      return value;
    };
    const exact = map.exact.get(input.toLowerCase());
    if (exact) return trace(exact.directive, 'exact', exact.value);
    if (map.hostnames && input !== '') {
      const lower = input.toLowerCase();
      const wildcard = hostnameWildcard(map.wildcards, lower);
      if (wildcard) return trace(wildcard.directive, 'wildcard', wildcard.value);
    }
    if (input !== '') {
      for (const entry of map.regexes) {
        const m = entry.regex?.exec(input);
        if (m) {
          this.captures = m;
          return trace(entry.directive, 'regex', entry.value);
        }
      }
    }
    return trace(map.defaultValue?.directive ?? null, 'default', map.defaultValue?.value ?? '');
  }
}
