/**
 * What `nginx -t` reports for a parsed config: the same checks in the same order as nginx
 * 1.22.1 (directive lookup, argument count, value setters, end-of-http checks), so that the
 * first error here is nginx's first error, worded and placed (file, line) as nginx does.
 * Unlike nginx it keeps going after an error to collect more; later ones are best effort.
 */

import type { ConfigError, ParseResult } from './ast';
import { toCrossplane } from './crossplane';
import {
  acceptsArgumentCount,
  type ContextName,
  type DirectiveDefinition,
  definitionIn,
  directiveInfo,
  directiveNames,
} from './directives';
import { parseIfCondition } from './if-condition';
import type { ConfigNode, ConfigTree, TreeFile } from './tree';
import { isIpLiteral, parseDuration, parseNumber, parseOffset, parseSeconds, parseSize } from './values';
import { isBuiltinVariable, namedCaptures, referencedVariables } from './variables';
import {
  DEFAULT_NGINX_VERSION,
  directiveInVersion,
  keepaliveZeroAllowed,
  laterVariableInVersion,
} from './versions';

/** A context being read, as nginx's `cf->cmd_type` plus what the checks need to remember. */
interface Frame {
  context: ContextName;
  /** Directive names already set at this level (for "is duplicate"). */
  seen: Set<string>;
  location?: LocationInfo;
  /** Locations declared directly in this block (duplicates are found per level). */
  locations?: LocationInfo[];
}

interface LocationInfo {
  name: string;
  exact: boolean;
  regex: boolean;
  named: boolean;
  /** `if` and `limit_except` blocks are nameless locations in nginx. */
  noname: boolean;
  file: string;
  line: number;
}

interface VariableUse {
  name: string;
  /** Compiled while merging (proxy_set_header …): nginx meets these after all the others. */
  late: boolean;
}

interface State {
  tree: ConfigTree;
  options: AnalyzeOptions;
  errors: ConfigError[];
  defined: Set<string>;
  uses: VariableUse[];
  upstreams: Map<string, { file: string; line: number }>;
  /** proxy_pass targets that name a host rather than an `upstream` block. */
  implicitHosts: Array<{ host: string; file: string; line: number }>;
  logFormats: Set<string>;
  /** Per server: its location levels, checked for duplicates after the http block. */
  locationLevels: LocationInfo[][];
  /** `ssl_certificate` / `ssl_certificate_key` at http level and per server (merged later). */
  httpSsl: SslFiles;
  servers: ServerListens[];
}

interface SslFiles {
  certificates?: string[];
  keys?: string[];
  /** `ssl_reject_handshake on`: a server that needs no certificate. */
  rejectHandshake?: boolean;
}

/** A server block as the ssl module's init sees it: where it is and what it listens on. */
interface ServerListens extends SslFiles {
  file?: string;
  line?: number;
  listens?: Array<{ address: string; ssl: boolean; isDefault: boolean }>;
}

export interface AnalyzeOptions {
  /**
   * Whether a file nginx would load (certificates) exists. The playground has no file
   * system, so by default nothing exists and nginx's load error is predicted.
   */
  fileExists?: (path: string) => boolean;
  /** The nginx version whose `nginx -t` is modelled (default 1.22.1): config/versions.ts. */
  nginxVersion?: string;
}

function versionOf(state: State): string {
  return state.options.nginxVersion ?? DEFAULT_NGINX_VERSION;
}

/** A builtin variable of that nginx version. */
function builtinIn(name: string, version: string): boolean {
  return laterVariableInVersion(name, version) ?? isBuiltinVariable(name);
}

/** Variables whose value `set` and `map` may replace (builtins flagged CHANGEABLE). */
const CHANGEABLE_BUILTINS = new Set(['args', 'limit_rate']);

/** Directives whose value(s) nginx compiles into scripts, so `$x` there must be known. */
const VARIABLE_ARGS: Record<string, (args: string[]) => string[]> = {
  proxy_pass: (a) => a,
  add_header: (a) => a.slice(1, 2),
  add_trailer: (a) => a.slice(1, 2),
  return: (a) => a.slice(-1),
  root: (a) => a,
  alias: (a) => a,
  try_files: (a) => a,
  index: (a) => a,
  error_page: (a) => a.slice(-1),
  access_log: (a) => a.slice(0, 1),
  proxy_cache_key: (a) => a,
  proxy_no_cache: (a) => a,
  proxy_cache_bypass: (a) => a,
  proxy_redirect: (a) => a.slice(1),
  proxy_method: (a) => a,
  proxy_bind: (a) => a.slice(0, 1),
  proxy_ssl_name: (a) => a,
  limit_req_zone: (a) => a.slice(0, 1),
  limit_conn_zone: (a) => a.slice(0, 1),
  hash: (a) => a.slice(0, 1),
  auth_request_set: (a) => a.slice(1),
  limit_rate: (a) => a,
  grpc_pass: (a) => a,
  fastcgi_pass: (a) => a,
  uwsgi_pass: (a) => a,
  scgi_pass: (a) => a,
  expires: (a) => a,
  sub_filter: (a) => a,
};

/** Directives whose values are compiled while merging configs, after the whole http block. */
const LATE_VARIABLE_ARGS: Record<string, (args: string[]) => string[]> = {
  proxy_set_header: (a) => a.slice(1),
  grpc_set_header: (a) => a.slice(1),
  fastcgi_param: (a) => a.slice(1, 2),
  uwsgi_param: (a) => a.slice(1, 2),
  scgi_param: (a) => a.slice(1, 2),
};

const DUPLICATE_CHECKED_SETTERS = new Set([
  'ngx_conf_set_flag_slot',
  'ngx_conf_set_str_slot',
  'ngx_conf_set_num_slot',
  'ngx_conf_set_size_slot',
  'ngx_conf_set_off_slot',
  'ngx_conf_set_msec_slot',
  'ngx_conf_set_sec_slot',
  'ngx_conf_set_bufs_slot',
  'ngx_conf_set_enum_slot',
  'ngx_conf_set_path_slot',
  'ngx_http_proxy_pass',
  'ngx_http_upstream_keepalive',
]);

/** nginx's answer for one directive: an error, or null when the directive is fine. */
type Verdict = { error: string; code: string } | null;

/** nginx reports a directive's errors on the line of its terminating `;` or `{`. */
function lineOf(d: ConfigNode): { file: string; line: number } {
  return { file: d.span.file, line: d.span.endLine };
}

function push(
  state: State,
  d: ConfigNode,
  verdict: NonNullable<Verdict>,
  extra?: Partial<ConfigError>,
): void {
  const { file, line } = lineOf(d);
  state.errors.push({ file, line, error: verdict.error, code: verdict.code, ...extra });
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The known directive closest to a misspelt one, preferring those allowed here. */
export function suggestDirective(name: string, context?: ContextName): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of directiveNames()) {
    const allowed = Math.max(1, Math.floor(candidate.length / 4));
    // The distance is at least the difference in length: a long unknown word (a whole pasted
    // paragraph) is skipped here instead of costing length × length work per directive name.
    if (Math.abs(name.length - candidate.length) > allowed) continue;
    const distance = editDistance(name, candidate);
    if (distance > allowed) continue;
    const score = distance * 2 + (context && definitionIn(candidate, context) ? 0 : 1);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function hasVariables(value: string): boolean {
  return value.includes('$');
}

function use(state: State, values: string[], late = false): void {
  for (const value of values) {
    for (const name of referencedVariables(value)) state.uses.push({ name, late });
  }
}

function define(state: State, name: string): void {
  state.defined.add(name.toLowerCase());
}

/** Generic value checks done by nginx's stock setters (`ngx_conf_set_*_slot`). */
function checkSetter(d: ConfigNode, def: DirectiveDefinition, frame: Frame): Verdict {
  const name = d.name;
  const value = d.args[0] ?? '';
  const rv = (message: string, code: string) => ({ error: `"${name}" directive ${message}`, code });
  if (DUPLICATE_CHECKED_SETTERS.has(def.setter)) {
    if (frame.seen.has(name)) return rv('is duplicate', 'duplicate-directive');
    frame.seen.add(name);
  }
  switch (def.setter) {
    case 'ngx_conf_set_flag_slot': {
      const lower = value.toLowerCase();
      if (lower !== 'on' && lower !== 'off') {
        return {
          error: `invalid value "${value}" in "${name}" directive, it must be "on" or "off"`,
          code: 'invalid-flag',
        };
      }
      return null;
    }
    case 'ngx_conf_set_num_slot':
      return parseNumber(value) === null ? rv('invalid number', 'invalid-number') : null;
    case 'ngx_conf_set_size_slot':
      return parseSize(value) === null ? rv('invalid value', 'invalid-value') : null;
    case 'ngx_conf_set_off_slot':
      return parseOffset(value) === null ? rv('invalid value', 'invalid-value') : null;
    case 'ngx_conf_set_msec_slot':
      return parseDuration(value) === null ? rv('invalid value', 'invalid-value') : null;
    case 'ngx_conf_set_sec_slot':
      return parseSeconds(value) === null ? rv('invalid value', 'invalid-value') : null;
    case 'ngx_conf_set_bufs_slot': {
      const count = parseNumber(value);
      const size = parseSize(d.args[1] ?? '');
      return !count || !size ? rv('invalid value', 'invalid-value') : null;
    }
    case 'ngx_conf_set_enum_slot':
    case 'ngx_conf_set_bitmask_slot': {
      const keywords = (def.keywords ?? []).map((k) => k.toLowerCase());
      const values = def.setter === 'ngx_conf_set_enum_slot' ? [value] : d.args;
      const bad = keywords.length ? values.find((v) => !keywords.includes(v.toLowerCase())) : undefined;
      return bad === undefined ? null : { error: `invalid value "${bad}"`, code: 'invalid-value' };
    }
    default:
      return null;
  }
}

const LOCATION_MODIFIERS = new Set(['=', '~', '~*', '^~']);

function describeLocation(d: ConfigNode, file: string, line: number): LocationInfo | Verdict {
  const info: LocationInfo = {
    name: '',
    exact: false,
    regex: false,
    named: false,
    noname: false,
    file,
    line,
  };
  if (d.args.length === 2) {
    const [modifier, name] = d.args as [string, string];
    if (!LOCATION_MODIFIERS.has(modifier)) {
      return { error: `invalid location modifier "${modifier}"`, code: 'invalid-location-modifier' };
    }
    info.name = name;
    info.exact = modifier === '=';
    info.regex = modifier === '~' || modifier === '~*';
    return info;
  }
  const raw = d.args[0] ?? '';
  if (raw.startsWith('=')) {
    info.name = raw.slice(1);
    info.exact = true;
  } else if (raw.startsWith('^~')) {
    info.name = raw.slice(2);
  } else if (raw.startsWith('~')) {
    info.name = raw.startsWith('~*') ? raw.slice(2) : raw.slice(1);
    info.regex = true;
  } else {
    info.name = raw;
    info.named = raw.startsWith('@');
  }
  return info;
}

function checkNestedLocation(child: LocationInfo, parent: LocationInfo | undefined): Verdict {
  if (!parent) return null;
  if (parent.exact) {
    return {
      error: `location "${child.name}" cannot be inside the exact location "${parent.name}"`,
      code: 'location-in-exact',
    };
  }
  if (parent.named) {
    return {
      error: `location "${child.name}" cannot be inside the named location "${parent.name}"`,
      code: 'location-in-named',
    };
  }
  if (child.named) {
    return {
      error: `named location "${child.name}" can be on the server level only`,
      code: 'named-location-nested',
    };
  }
  if (!child.regex && !parent.regex && !child.name.startsWith(parent.name)) {
    return {
      error: `location "${child.name}" is outside location "${parent.name}"`,
      code: 'location-outside',
    };
  }
  return null;
}

const REWRITE_FLAGS = new Set(['last', 'break', 'redirect', 'permanent']);

/** The part of an `if` condition that is a regex (after `~`, `~*`, `!~`, `!~*`). */
function conditionParts(args: string[]): { values: string[]; regexes: string[] } {
  const values: string[] = [];
  const regexes: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (['~', '~*', '!~', '!~*'].includes(arg)) {
      if (i + 1 < args.length) regexes.push(args[++i]!);
      continue;
    }
    values.push(arg);
  }
  return { values, regexes };
}

function checkIfCondition(d: ConfigNode): Verdict {
  const parsed = parseIfCondition(d.args);
  return 'error' in parsed ? { error: parsed.error, code: 'invalid-condition' } : null;
}

/** Splits `host[:port][/uri]` as nginx's URL parser does for upstream addresses. */
function splitAuthority(url: string): { host: string; port: string | null; uri: string } {
  const slash = url.indexOf('/');
  const authority = slash >= 0 ? url.slice(0, slash) : url;
  const uri = slash >= 0 ? url.slice(slash) : '';
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    const rest = authority.slice(close + 1);
    return { host: authority.slice(0, close + 1), port: rest.startsWith(':') ? rest.slice(1) : null, uri };
  }
  const colon = authority.lastIndexOf(':');
  if (colon >= 0) return { host: authority.slice(0, colon), port: authority.slice(colon + 1), uri };
  return { host: authority, port: null, uri };
}

function checkPort(port: string | null): boolean {
  if (port === null) return true;
  const n = parseNumber(port);
  return n !== null && n >= 1 && n <= 65535;
}

function checkProxyPass(d: ConfigNode, frame: Frame, state: State): Verdict {
  const url = d.args[0] ?? '';
  if (hasVariables(url)) return null;
  const lower = url.toLowerCase();
  const prefix = lower.startsWith('http://') ? 7 : lower.startsWith('https://') ? 8 : 0;
  if (!prefix) return { error: 'invalid URL prefix', code: 'invalid-url-prefix' };
  const { host, port, uri } = splitAuthority(url.slice(prefix));
  if (host === '') return { error: `no host in upstream "${url.slice(prefix)}"`, code: 'no-host' };
  if (!checkPort(port))
    return { error: `invalid port in upstream "${url.slice(prefix)}"`, code: 'invalid-port' };
  const location = frame.location;
  if (uri && location && (location.regex || location.named || location.noname)) {
    return {
      error:
        '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, ' +
        'or inside "if" statement, or inside "limit_except" block',
      code: 'proxy-pass-uri-not-allowed',
    };
  }
  if (port === null) state.implicitHosts.push({ host, ...lineOf(d) });
  else state.implicitHosts.push({ host, ...lineOf(d) });
  return null;
}

function checkUpstreamServer(d: ConfigNode): Verdict {
  for (const param of d.args.slice(1)) {
    const [key, value] = param.includes('=')
      ? [param.slice(0, param.indexOf('=') + 1), param.slice(param.indexOf('=') + 1)]
      : [param, ''];
    let ok: boolean;
    switch (key) {
      case 'weight=':
        ok = !!parseNumber(value);
        break;
      case 'max_conns=':
      case 'max_fails=':
        ok = parseNumber(value) !== null;
        break;
      case 'fail_timeout=':
        ok = parseSeconds(value) !== null;
        break;
      case 'backup':
      case 'down':
        ok = true;
        break;
      default:
        ok = false;
    }
    if (!ok) return { error: `invalid parameter "${param}"`, code: 'invalid-parameter' };
  }
  const address = d.args[0] ?? '';
  const { host, port } = splitAuthority(address.startsWith('unix:') ? 'localhost' : address);
  if (host === '') return { error: `no host in upstream "${address}"`, code: 'no-host' };
  if (!checkPort(port)) return { error: `invalid port in upstream "${address}"`, code: 'invalid-port' };
  if (!address.startsWith('unix:') && !isResolvable(host)) {
    return { error: `host not found in upstream "${address}"`, code: 'host-not-found' };
  }
  return null;
}

/** The playground has no DNS: literal addresses and `localhost` resolve, other names do not. */
function isResolvable(host: string): boolean {
  return isIpLiteral(host) || host.toLowerCase() === 'localhost';
}

function checkReturn(d: ConfigNode): Verdict {
  const first = d.args[0] ?? '';
  const status = parseNumber(first);
  if (status === null) {
    if (d.args.length === 1 && /^(https?:\/\/|\$scheme)/.test(first)) return null;
    return { error: `invalid return code "${first}"`, code: 'invalid-return-code' };
  }
  if (status > 999) return { error: `invalid return code "${first}"`, code: 'invalid-return-code' };
  return null;
}

function defineVariable(name: string, state: State): Verdict {
  if (!name.startsWith('$'))
    return { error: `invalid variable name "${name}"`, code: 'invalid-variable-name' };
  const bare = name.slice(1);
  if (bare === '') return { error: 'invalid variable name "$"', code: 'invalid-variable-name' };
  const lower = bare.toLowerCase();
  if (
    isBuiltinVariable(lower) &&
    !CHANGEABLE_BUILTINS.has(lower) &&
    !/^(http|arg|cookie|sent_http)_/.test(lower)
  ) {
    return { error: `the duplicate "${bare}" variable`, code: 'duplicate-variable' };
  }
  define(state, bare);
  return null;
}

/** Directive-specific checks (the custom setters that matter for these configs). */
function checkSpecific(d: ConfigNode, frame: Frame, state: State): Verdict {
  const args = d.args;
  switch (d.name) {
    case 'proxy_pass':
      return checkProxyPass(d, frame, state);
    case 'keepalive': {
      const n = parseNumber(args[0] ?? '');
      return n || (n === 0 && keepaliveZeroAllowed(versionOf(state)))
        ? null
        : { error: `invalid value "${args[0]}" in "keepalive" directive`, code: 'invalid-value' };
    }
    case 'server':
      return frame.context === 'upstream' ? checkUpstreamServer(d) : null;
    case 'add_header':
      return args.length === 3 && args[2] !== 'always'
        ? { error: `invalid parameter "${args[2]}"`, code: 'invalid-parameter' }
        : null;
    case 'return':
      return checkReturn(d);
    case 'set':
      return defineVariable(args[0] ?? '', state);
    case 'map':
      use(state, args.slice(0, 1));
      return defineVariable(args[1] ?? '', state);
    case 'rewrite':
      for (const capture of namedCaptures(args[0] ?? '')) define(state, capture);
      if (args.length === 3 && !REWRITE_FLAGS.has(args[2]!)) {
        return { error: `invalid parameter "${args[2]}"`, code: 'invalid-parameter' };
      }
      use(state, args.slice(1, 2));
      return null;
    case 'if': {
      const verdict = checkIfCondition(d);
      if (verdict) return verdict;
      const { values, regexes } = conditionParts(args);
      use(
        state,
        values.map((v) => v.replace(/^\(/, '').replace(/\)$/, '')),
      );
      for (const regex of regexes) for (const capture of namedCaptures(regex)) define(state, capture);
      return null;
    }
    case 'server_name':
      for (const name of args)
        if (name.startsWith('~')) for (const c of namedCaptures(name)) define(state, c);
      return null;
    case 'log_format':
      if (state.logFormats.has(args[0] ?? '')) {
        return { error: `duplicate "log_format" name "${args[0]}"`, code: 'duplicate-log-format' };
      }
      state.logFormats.add(args[0] ?? '');
      use(
        state,
        args.slice(1).filter((a) => a !== 'escape=default' && a !== 'escape=json' && a !== 'escape=none'),
      );
      return null;
    case 'access_log': {
      const format = args[1];
      if (
        args[0] !== 'off' &&
        format !== undefined &&
        !format.includes('=') &&
        !state.logFormats.has(format)
      ) {
        return { error: `unknown log format "${format}"`, code: 'unknown-log-format' };
      }
      return null;
    }
    case 'upstream': {
      const name = (args[0] ?? '').toLowerCase();
      if (state.upstreams.has(name))
        return { error: `duplicate upstream "${args[0]}"`, code: 'duplicate-upstream' };
      state.upstreams.set(name, lineOf(d));
      return null;
    }
    case 'listen': {
      const address = args[0] ?? '';
      const port = /^\d+$/.test(address)
        ? address
        : address.startsWith('unix:')
          ? null
          : splitAuthority(address).port;
      if (port !== null && port !== undefined && !checkPort(port)) {
        return { error: `invalid port in "${address}" of the "listen" directive`, code: 'invalid-port' };
      }
      if (frame.context === 'server')
        state.servers.at(-1)?.listens?.push({
          address: /^\d+$/.test(address)
            ? `*:${address}`
            : address.toLowerCase().replace(/^0\.0\.0\.0:/, '*:'),
          ssl: args.slice(1).includes('ssl'),
          isDefault: args.slice(1).some((a) => a === 'default_server' || a === 'default'),
        });
      return null;
    }
    case 'worker_connections':
      return parseNumber(args[0] ?? '') === null
        ? { error: `invalid number "${args[0]}"`, code: 'invalid-number' }
        : null;
    default:
      return null;
  }
}

/** The context a block directive opens, given the one it sits in. */
function childContext(name: string, parent: ContextName): ContextName | 'handler' | null {
  switch (name) {
    case 'events':
      return 'events';
    case 'http':
      return 'http';
    case 'server':
      return 'server';
    case 'location':
      return 'location';
    case 'if':
      return parent === 'server' ? 'if in server' : 'if in location';
    case 'limit_except':
      return 'limit_except';
    case 'upstream':
      return 'upstream';
    case 'map':
    case 'types':
    case 'geo':
    case 'split_clients':
    case 'charset_map':
      return 'handler';
    default:
      return null;
  }
}

/** `map { … }` entries, checked as `ngx_http_map` does. */
function checkMapBlock(block: ConfigNode[], state: State, files: TreeFile[]): void {
  let hasDefault = false;
  let hostnames = false;
  const keys = new Set<string>();
  const visit = (entries: ConfigNode[]) => {
    for (const entry of entries) {
      const words = [entry.name, ...entry.args];
      if (words.length === 1 && (words[0] === 'hostnames' || words[0] === 'volatile')) {
        if (words[0] === 'hostnames') hostnames = true;
        continue;
      }
      if (words.length !== 2) {
        push(state, entry, { error: 'invalid number of the map parameters', code: 'map-parameters' });
        continue;
      }
      if (words[0] === 'include') {
        for (const index of entry.includes ?? []) visit(files[index]?.nodes ?? []);
        continue;
      }
      use(state, [words[1]!]);
      let key = words[0]!;
      if (key === 'default') {
        if (hasDefault)
          push(state, entry, { error: 'duplicate default map parameter', code: 'map-duplicate-default' });
        hasDefault = true;
        continue;
      }
      if (key.startsWith('~')) {
        for (const capture of namedCaptures(key.replace(/^~\*?/, ''))) define(state, capture);
        continue;
      }
      if (key.startsWith('\\')) key = key.slice(1);
      const normal = hostnames ? key.toLowerCase().replace(/\.$/, '') : key.toLowerCase();
      if (keys.has(normal)) {
        // nginx lowercases the key in place before it reports it.
        push(state, entry, { error: `conflicting parameter "${normal}"`, code: 'map-conflicting-parameter' });
        continue;
      }
      keys.add(normal);
    }
  };
  visit(block);
}

function walk(directives: ConfigNode[], frame: Frame, state: State): void {
  const files = state.tree.files;
  for (const d of directives) {
    const known = directiveInVersion(d.name, versionOf(state));
    const defs = known ? directiveInfo(d.name) : undefined;
    const def = known ? definitionIn(d.name, frame.context) : undefined;
    if (!defs) {
      const suggestion = suggestDirective(d.name, frame.context);
      push(
        state,
        d,
        { error: `unknown directive "${d.name}"`, code: 'unknown-directive' },
        suggestion ? { hint: `did you mean "${suggestion}"?`, suggestion } : {},
      );
      continue;
    }
    if (!def) {
      push(state, d, { error: `"${d.name}" directive is not allowed here`, code: 'not-allowed-here' });
      continue;
    }
    const isBlock = d.block !== undefined;
    if (!def.block && isBlock) {
      push(state, d, {
        error: `directive "${d.name}" is not terminated by ";"`,
        code: 'not-terminated',
      });
      continue;
    }
    if (def.block && !isBlock) {
      push(state, d, { error: `directive "${d.name}" has no opening "{"`, code: 'no-opening-brace' });
      continue;
    }
    if (!acceptsArgumentCount(def, d.args.length)) {
      push(state, d, {
        error: `invalid number of arguments in "${d.name}" directive`,
        code: 'invalid-args',
      });
      continue;
    }
    if (d.name === 'include') {
      for (const index of d.includes ?? []) walk(files[index]?.nodes ?? [], frame, state);
      continue;
    }
    if (
      d.name === 'ssl_certificate' ||
      d.name === 'ssl_certificate_key' ||
      d.name === 'ssl_reject_handshake'
    ) {
      const files =
        frame.context === 'http' ? state.httpSsl : frame.context === 'server' ? state.servers.at(-1) : null;
      if (files && d.name === 'ssl_reject_handshake') files.rejectHandshake = d.args[0] === 'on';
      else if (files) {
        const field = d.name === 'ssl_certificate' ? 'certificates' : 'keys';
        files[field] = [...(files[field] ?? []), d.args[0] ?? ''];
      }
    }
    const verdict = checkSetter(d, def, frame) ?? checkSpecific(d, frame, state);
    if (verdict) push(state, d, verdict);
    const direct = VARIABLE_ARGS[d.name];
    if (direct && !verdict) use(state, direct(d.args));
    const late = LATE_VARIABLE_ARGS[d.name];
    if (late && !verdict) use(state, late(d.args), true);
    if (d.block) enterBlock(d, frame, state);
  }
}

function enterBlock(d: ConfigNode, frame: Frame, state: State): void {
  const block = d.block ?? [];
  const child = childContext(d.name, frame.context);
  if (child === 'handler') {
    if (d.name === 'map') checkMapBlock(block, state, state.tree.files);
    return;
  }
  if (child === null) return;
  const next: Frame = { context: child, seen: new Set() };
  const { file, line } = lineOf(d);
  if (child === 'server') {
    state.servers.push({ file, line, listens: [] });
    next.locations = [];
    state.locationLevels.push(next.locations);
  } else if (child === 'location') {
    const info = describeLocation(d, file, line);
    if (info && 'error' in info) {
      push(state, d, info);
      return;
    }
    if (info) {
      const nested = checkNestedLocation(info, frame.location);
      if (nested) push(state, d, nested);
      if (info.regex) for (const capture of namedCaptures(info.name)) define(state, capture);
      frame.locations?.push(info);
      next.location = info;
      next.locations = [];
      state.locationLevels.push(next.locations);
    }
  } else if (child === 'if in server' || child === 'if in location' || child === 'limit_except') {
    next.location = { name: '', exact: false, regex: false, named: false, noname: true, file, line };
  }
  walk(block, next, state);
  // nginx runs its end-of-http checks as soon as the http block's `}` is read.
  if (child === 'http' && d.span.blockEndLine !== undefined) afterHttp(state, state.options);
  if (child === 'upstream' && !block.some((x) => x.name === 'server')) {
    const span = d.span;
    state.errors.push({
      file,
      line: span?.blockEndLine ?? line,
      error: 'no servers are inside upstream',
      code: 'upstream-no-servers',
    });
  }
}

/** What the ssl module's merge does per server: pair each certificate with a key, load it. */
function checkCertificates(state: State, options: AnalyzeOptions): void {
  const exists = options.fileExists ?? (() => false);
  for (const server of state.servers) {
    const certificates = server.certificates ?? state.httpSsl.certificates;
    const keys = server.keys ?? state.httpSsl.keys ?? [];
    if (!certificates) continue;
    if (keys.length < certificates.length) {
      state.errors.push({
        file: '',
        line: null,
        error: `no "ssl_certificate_key" is defined for certificate "${certificates[keys.length]}"`,
        code: 'ssl-no-key',
      });
      return;
    }
    const missing = certificates.find((c) => !hasVariables(c) && !exists(c));
    if (missing !== undefined) {
      state.errors.push({
        file: '',
        line: null,
        error:
          `cannot load certificate "${missing}": BIO_new_file() failed (SSL: error:80000002:system library::` +
          `No such file or directory:calling fopen(${missing}, r) error:10000080:BIO routines::no such file)`,
        code: 'ssl-certificate-not-found',
        hint: 'the playground has no files: real nginx needs this certificate on disk',
      });
      return;
    }
  }
}

/**
 * The ssl module's init (after the location trees, before variables): the default server of
 * every address some `listen … ssl` names must have a certificate, or reject handshakes.
 */
function checkSslListens(state: State): void {
  const addresses = new Set<string>();
  for (const server of state.servers)
    for (const l of server.listens ?? []) if (l.ssl) addresses.add(l.address);
  for (const address of addresses) {
    const on = state.servers.filter((s) => s.listens?.some((l) => l.address === address));
    const server = on.find((s) => s.listens?.some((l) => l.address === address && l.isDefault)) ?? on[0];
    if (!server || (server.certificates ?? state.httpSsl.certificates)) continue;
    if (server.rejectHandshake ?? state.httpSsl.rejectHandshake) continue;
    state.errors.push({
      file: server.file ?? '',
      line: server.line ?? null,
      error: 'no "ssl_certificate" is defined for the "listen ... ssl" directive',
      code: 'ssl-listen-no-certificate',
    });
    return;
  }
}

/** Checks nginx makes once the http block is read (upstream init, location trees, variables). */
function afterHttp(state: State, options: AnalyzeOptions): void {
  for (const target of state.implicitHosts) {
    if (state.upstreams.has(target.host.toLowerCase()) || isResolvable(target.host)) continue;
    state.errors.push({
      file: target.file,
      line: target.line,
      error: `host not found in upstream "${target.host}"`,
      code: 'host-not-found',
      hint: 'nginx resolves this name when it starts; the playground knows only IP addresses and localhost',
    });
  }
  checkCertificates(state, options);
  for (const level of state.locationLevels) {
    const plain = level.filter((l) => !l.regex && !l.named);
    const sorted = [...plain].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      if (a.name === b.name && a.exact === b.exact) {
        state.errors.push({
          file: b.file,
          line: b.line,
          error: `duplicate location "${b.name}"`,
          code: 'duplicate-location',
        });
      }
    }
  }
  checkSslListens(state);
  // Values compiled while merging (proxy_set_header …) are only compiled if a server exists.
  const late = state.servers.length ? state.uses.filter((u) => u.late) : [];
  const ordered = [...state.uses.filter((u) => !u.late), ...late];
  const reported = new Set<string>();
  for (const { name } of ordered) {
    const lower = name.toLowerCase();
    if (state.defined.has(lower) || builtinIn(lower, versionOf(state)) || reported.has(lower)) continue;
    reported.add(lower);
    state.errors.push({
      file: '',
      line: null,
      error: `unknown "${name}" variable`,
      code: 'unknown-variable',
    });
  }
}

/**
 * All errors `nginx -t` would report for a parsed config, nginx's first error first. Syntax
 * errors from `parseConfig` are merged in where nginx meets them.
 */
export function analyzeConfig(tree: ConfigTree, options: AnalyzeOptions = {}): ConfigError[] {
  const state: State = {
    options,
    httpSsl: {},
    servers: [],
    tree,
    errors: [],
    defined: new Set(),
    uses: [],
    upstreams: new Map(),
    implicitHosts: [],
    logFormats: new Set(['combined']),
    locationLevels: [],
  };
  const top = tree.files[0]?.nodes ?? [];
  if (tree.form === 'http') {
    // What follows a `}` that closed http early is read in main. When reading failed after it
    // (most often at the wrapper's own `}`), those directives are checked as http contents,
    // as the analyzer always has: best effort after nginx's first error.
    const inMain = (d: ConfigNode) => d.context === 'main' && tree.errors.length === 0;
    walk(
      top.filter((d) => !inMain(d)),
      { context: 'http', seen: new Set() },
      state,
    );
    if (tree.httpClosed) afterHttp(state, options);
    walk(top.filter(inMain), { context: 'main', seen: new Set() }, state);
  } else {
    walk(top, { context: 'main', seen: new Set() }, state);
    if (tree.errors.length === 0 && !top.some((d) => d.name === 'events')) {
      state.errors.push({
        file: '',
        line: null,
        error: 'no "events" section in configuration',
        code: 'no-events',
      });
    }
  }
  const mainFile = tree.files[0]?.file ?? '';
  for (const error of state.errors) if (error.file === '') error.file = mainFile;
  return [...state.errors, ...tree.errors];
}

/** Parse-and-check result: the crossplane envelope with nginx's errors, first one first. */
export function checkParsed(tree: ConfigTree, options: AnalyzeOptions = {}): ParseResult {
  return toCrossplane(tree, analyzeConfig(tree, options));
}
