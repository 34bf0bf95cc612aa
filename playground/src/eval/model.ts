/**
 * The config tree turned into what request processing needs beyond the tree itself: servers
 * with their listen sockets and names, the location tree with its compiled regexes, upstream
 * blocks, maps, and each block's rewrite-module script. Settings are not copied here: the
 * evaluator reads them from the tree (`config/inherit.ts`). Problems nginx -t would report at
 * this stage are collected as errors in nginx's wording (the analyzer reports the
 * directive-table ones).
 */
import type { ConfigError } from '../config/ast';
import type { DirectiveName } from '../config/directives';
import { configForm } from '../config/form';
import { type IfCondition, parseIfCondition } from '../config/if-condition';
import { HANDLER_DIRECTIVES, SCRIPT_DIRECTIVES } from '../config/inherit';
import { type ConfigNode, type ConfigTree, is, nameOf, sourceOf } from '../config/tree';
import {
  type ConnectionBudget,
  countListeningSockets,
  DEFAULT_WORKER_CONNECTIONS,
  listeningShortfall,
  workerConnectionsOf,
} from './connections';
import type { CompiledRegex, RegexRunner } from './regex';

export interface Listen {
  /** `*` for a wildcard address. */
  addr: string;
  port: number;
  defaultServer: boolean;
  ssl: boolean;
  /** A socket of its own even next to a wildcard on the port (`bind` or an option that implies it). */
  bind: boolean;
  directive: ConfigNode;
}

export interface LocationModel {
  directive: ConfigNode;
  modifier: '' | '=' | '^~' | '~' | '~*' | '@';
  pattern: string;
  /** Compiled for `~` / `~*`; null when the runner refused it (see `regexProblems`). */
  regex: CompiledRegex | null;
  /** The rewrite module's directives of this location, run in its REWRITE phase. */
  script: ConfigNode[];
  locations: LocationModel[];
  parent: LocationModel | null;
  /**
   * clcf->auto_redirect: a `*_pass` handler in a location whose name ends in `/`; a request
   * for the name without that slash is answered with a 301 to it.
   */
  autoRedirect: boolean;
}

/** The handlers that set auto_redirect (ngx_http_proxy_pass and its siblings). */
const PASS_HANDLERS: ReadonlySet<string> = new Set(HANDLER_DIRECTIVES);

/** The rewrite module's directives (a block only for `if`). */
const SCRIPT: ReadonlySet<string> = new Set(SCRIPT_DIRECTIVES);

export interface ServerModel {
  directive: ConfigNode;
  /** The rewrite module's directives of the server, run in its SERVER_REWRITE phase. */
  script: ConfigNode[];
  listens: Listen[];
  /** server_name's names: plain ones lower-cased (nginx lower-cases them in place), regexes (`~…`) as written. */
  names: string[];
  /** `$server_name`: the first name (a regex with its `~`), without a leading dot; empty without one. */
  serverName: string;
  locations: LocationModel[];
}

export interface UpstreamServer {
  address: string;
  weight: number;
  backup: boolean;
  down: boolean;
  /** `max_fails=` (default 1; 0 never counts failures), per ngx_http_upstream_server. */
  maxFails: number;
  directive: ConfigNode;
}

export interface UpstreamModel {
  name: string;
  directive: ConfigNode;
  servers: UpstreamServer[];
  keepalive: { count: number; directive: ConfigNode } | null;
  balancer: {
    kind: 'round-robin' | 'ip_hash' | 'hash' | 'least_conn' | 'random';
    key?: string;
    /** `hash … consistent`: ketama. */
    consistent?: boolean;
    directive?: ConfigNode;
  };
}

export interface MapRegexEntry {
  regex: CompiledRegex | null;
  pattern: string;
  value: string;
  directive: ConfigNode;
}

export interface MapModel {
  directive: ConfigNode;
  source: string;
  variable: string;
  hostnames: boolean;
  volatile: boolean;
  defaultValue: { value: string; directive: ConfigNode } | null;
  exact: Map<string, { value: string; directive: ConfigNode }>;
  wildcards: Array<{ key: string; value: string; directive: ConfigNode }>;
  regexes: MapRegexEntry[];
}

/** An `if` block of the rewrite module: its condition and the script it runs when true. */
export interface IfBlock {
  directive: ConfigNode;
  /** Null when nginx would refuse the condition (the analyzer reports it). */
  condition: IfCondition | null;
  /** Compiled for regex conditions; null when the runner refused it (see `regexProblems`). */
  regex: CompiledRegex | null;
  script: ConfigNode[];
}

export interface ConfigModel {
  /**
   * The http level: the http block, the root of an http-shaped config, or (for a config
   * without http) an empty stand-in, so that every request has a configuration to read.
   */
  http: ConfigNode;
  servers: ServerModel[];
  upstreams: Map<string, UpstreamModel>;
  maps: Map<string, MapModel>;
  /** Variables some `set` defines (lower-case names). */
  setVariables: Set<string>;
  /** Every `if` block of a server or location, by its directive. */
  ifBlocks: Map<ConfigNode, IfBlock>;
  /** Every `rewrite` directive's compiled regex (null when the runner refused it). */
  rewriteRegexes: Map<ConfigNode, CompiledRegex | null>;
  errors: ConfigError[];
  /** Regexes the runner refused: engine problems, not nginx errors. */
  regexProblems: ConfigError[];
  /** worker_connections against the listening sockets: what is left for clients and backends. */
  connections: ConnectionBudget;
}

export function first(list: ConfigNode[], name: DirectiveName): ConfigNode | undefined {
  return list.find((d) => d.name === name);
}

function error(d: ConfigNode, message: string, code: string, withLine = true): ConfigError {
  return { file: d.span.file, line: withLine ? d.span.line : null, error: message, code };
}

/** `listen` address part: `80`, `127.0.0.1:80`, `*:80`, `[::1]:80`, `localhost`. */
export function parseListen(d: ConfigNode): Listen | null {
  const target = d.args[0];
  if (!target) return null;
  let addr = '*';
  let port = 80;
  if (target.startsWith('unix:')) return null;
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(target);
  if (v6) {
    addr = `[${v6[1]}]`;
    if (v6[2]) port = Number(v6[2]);
  } else if (/^\d+$/.test(target)) {
    port = Number(target);
  } else {
    const colon = target.lastIndexOf(':');
    if (colon >= 0) {
      addr = target.slice(0, colon);
      port = Number(target.slice(colon + 1));
    } else addr = target;
  }
  if (addr === 'localhost') addr = '127.0.0.1';
  if (addr === '0.0.0.0') addr = '*';
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  const params = d.args.slice(1);
  return {
    addr,
    port,
    defaultServer: params.includes('default_server') || params.includes('default'),
    ssl: params.includes('ssl'),
    bind: params.some((p) => BIND_PARAMS.test(p)),
    directive: d,
  };
}

/** listen parameters that set lsopt.bind in ngx_http_core_listen. */
const BIND_PARAMS =
  /^(?:bind|deferred|reuseport|(?:setfib|fastopen|backlog|rcvbuf|sndbuf|accept_filter|ipv6only|so_keepalive)=.*)$/;

/** A block's rewrite-module directives in order: what its rewrite phase runs. */
function scriptOf(block: ConfigNode): ConfigNode[] {
  return block.children.filter((d) => SCRIPT.has(d.name) && (!d.block || is(d, 'if')));
}

interface Builder {
  runner: RegexRunner;
  errors: ConfigError[];
  regexProblems: ConfigError[];
  setVariables: Set<string>;
  ifBlocks: Map<ConfigNode, IfBlock>;
  rewriteRegexes: Map<ConfigNode, CompiledRegex | null>;
}

function compile(b: Builder, d: ConfigNode, pattern: string, caseless: boolean): CompiledRegex | null {
  const origin = sourceOf(d);
  const compiled = b.runner.compile(pattern, caseless, origin);
  if ('error' in compiled) {
    b.regexProblems.push({
      ...origin,
      error: `regex "${pattern}": ${compiled.error}`,
      code: 'engine-regex-refused',
    });
    return null;
  }
  return compiled;
}

function collectSets(b: Builder, list: ConfigNode[]): void {
  for (const d of list) {
    if (is(d, 'set') && d.args[0]?.startsWith('$')) b.setVariables.add(d.args[0].slice(1).toLowerCase());
    if (d.block) collectSets(b, d.children);
  }
}

/**
 * The rewrite module's script of a server or location: compiles each `rewrite` regex and
 * each `if` condition's regex, once, with refusals reported on their line.
 */
function collectScripts(b: Builder, list: ConfigNode[]): void {
  for (const d of list) {
    if (is(d, 'rewrite') && d.args[0] !== undefined) {
      b.rewriteRegexes.set(d, compile(b, d, d.args[0], false));
    } else if (is(d, 'if') && d.block) {
      const parsed = parseIfCondition(d.args);
      const condition = 'condition' in parsed ? parsed.condition : null;
      const regex = condition?.kind === 'regex' ? compile(b, d, condition.pattern, condition.caseless) : null;
      const script = scriptOf(d);
      b.ifBlocks.set(d, { directive: d, condition, regex, script });
      collectScripts(b, script);
    }
  }
}

/** A location's match type and name as nginx reads its arguments (`= /x`, `~* \.php$`, `@named` …). */
export function locationName(args: readonly string[]): Pick<LocationModel, 'modifier' | 'pattern'> {
  const [first, second] = args;
  let modifier: LocationModel['modifier'] = '';
  let pattern = first ?? '';
  if (second !== undefined && ['=', '^~', '~', '~*'].includes(first ?? '')) {
    modifier = first as LocationModel['modifier'];
    pattern = second;
  } else if (pattern.startsWith('@')) {
    modifier = '@';
  } else if (pattern.startsWith('=') && pattern.length > 1) {
    modifier = '=';
    pattern = pattern.slice(1);
  } else if (pattern.startsWith('~*') && pattern.length > 2) {
    modifier = '~*';
    pattern = pattern.slice(2);
  } else if (pattern.startsWith('~') && pattern.length > 1) {
    modifier = '~';
    pattern = pattern.slice(1);
  } else if (pattern.startsWith('^~') && pattern.length > 2) {
    modifier = '^~';
    pattern = pattern.slice(2);
  }
  return { modifier, pattern };
}

function buildLocation(b: Builder, d: ConfigNode, parent: LocationModel | null): LocationModel {
  const { modifier, pattern } = locationName(d.args);
  const block = d.children;
  const loc: LocationModel = {
    directive: d,
    modifier,
    pattern,
    regex: modifier === '~' || modifier === '~*' ? compile(b, d, pattern, modifier === '~*') : null,
    script: scriptOf(d),
    locations: [],
    parent,
    autoRedirect: false,
  };
  loc.autoRedirect = pattern.endsWith('/') && block.some((x) => PASS_HANDLERS.has(x.name) && !x.block);
  collectScripts(b, loc.script);
  if (parent) {
    if (parent.modifier === '=') {
      b.errors.push(
        error(
          d,
          `location "${pattern}" cannot be inside the exact location "${parent.pattern}"`,
          'location-in-exact',
        ),
      );
    } else if (parent.modifier === '@') {
      b.errors.push(
        error(
          d,
          `location "${pattern}" cannot be inside the named location "${parent.pattern}"`,
          'location-in-named',
        ),
      );
    } else if (
      (modifier === '' || modifier === '^~' || modifier === '=') &&
      parent.modifier !== '~' &&
      parent.modifier !== '~*' &&
      !pattern.startsWith(parent.pattern)
    ) {
      b.errors.push(
        error(d, `location "${pattern}" is outside location "${parent.pattern}"`, 'location-outside'),
      );
    }
  }
  loc.locations = buildLocations(b, block, loc);
  return loc;
}

function buildLocations(b: Builder, block: ConfigNode[], parent: LocationModel | null): LocationModel[] {
  const out: LocationModel[] = [];
  const seen = new Set<string>();
  for (const d of block) {
    if (!is(d, 'location') || !d.block) continue;
    const loc = buildLocation(b, d, parent);
    const key = `${loc.modifier === '^~' ? '' : loc.modifier} ${loc.pattern}`;
    if (seen.has(key)) b.errors.push(error(d, `duplicate location "${loc.pattern}"`, 'duplicate-location'));
    seen.add(key);
    out.push(loc);
  }
  return out;
}

function buildServer(b: Builder, d: ConfigNode): ServerModel {
  const block = d.children;
  const listens: Listen[] = [];
  const names: string[] = [];
  for (const c of block) {
    if (is(c, 'listen')) {
      const l = parseListen(c);
      if (l) listens.push(l);
      else if (c.args[0] && !c.args[0].startsWith('unix:')) {
        b.errors.push(
          error(c, `invalid port in "${c.args[0]}" of the "listen" directive`, 'listen-invalid-port'),
        );
      }
    } else if (is(c, 'server_name'))
      names.push(...c.args.map((n) => (n.startsWith('~') ? n : n.toLowerCase())));
  }
  if (listens.length === 0)
    listens.push({ addr: '*', port: 80, defaultServer: false, ssl: false, bind: false, directive: d });
  const script = scriptOf(d);
  collectScripts(b, script);
  const serverName = (names[0] ?? '').replace(/^\./, '');
  return { directive: d, script, listens, names, serverName, locations: buildLocations(b, block, null) };
}

function buildUpstream(b: Builder, d: ConfigNode): UpstreamModel {
  const block = d.children;
  const up: UpstreamModel = {
    name: d.args[0] ?? '',
    directive: d,
    servers: [],
    keepalive: null,
    balancer: { kind: 'round-robin' },
  };
  for (const c of block) {
    switch (nameOf(c)) {
      case 'server': {
        const params = c.args.slice(1);
        const weight = Number(params.find((p) => p.startsWith('weight='))?.slice(7) ?? 1);
        const maxFails = Number(params.find((p) => p.startsWith('max_fails='))?.slice(10) ?? 1);
        up.servers.push({
          address: c.args[0] ?? '',
          weight: Number.isInteger(weight) && weight > 0 ? weight : 1,
          backup: params.includes('backup'),
          down: params.includes('down'),
          maxFails: Number.isInteger(maxFails) && maxFails >= 0 ? maxFails : 1,
          directive: c,
        });
        break;
      }
      case 'keepalive':
        up.keepalive = { count: Number(c.args[0] ?? 0) || 0, directive: c };
        break;
      case 'ip_hash':
        up.balancer = { kind: 'ip_hash', directive: c };
        break;
      case 'hash':
        up.balancer = {
          kind: 'hash',
          key: c.args[0] ?? '',
          consistent: c.args[1] === 'consistent',
          directive: c,
        };
        break;
      case 'least_conn':
        up.balancer = { kind: 'least_conn', directive: c };
        break;
      case 'random':
        up.balancer = { kind: 'random', directive: c };
        break;
    }
  }
  if (up.servers.length === 0) b.errors.push(error(d, `no servers are inside upstream`, 'upstream-empty'));
  return up;
}

/** `\` at the start of a map key escapes the special names (`\default`, `\hostnames`). */
function mapKey(raw: string): string {
  return raw.startsWith('\\') ? raw.slice(1) : raw;
}

function buildMap(b: Builder, d: ConfigNode): MapModel | null {
  const [source, variable] = d.args;
  if (source === undefined || variable === undefined || !variable.startsWith('$')) return null;
  const map: MapModel = {
    directive: d,
    source,
    variable: variable.slice(1).toLowerCase(),
    hostnames: false,
    volatile: false,
    defaultValue: null,
    exact: new Map(),
    wildcards: [],
    regexes: [],
  };
  for (const entry of d.children) {
    const name = entry.name;
    if (entry.args.length === 0 && (name === 'hostnames' || name === 'volatile')) {
      if (name === 'hostnames') map.hostnames = true;
      else map.volatile = true;
      continue;
    }
    if (entry.args.length !== 1) {
      b.errors.push(error(entry, 'invalid number of the map parameters', 'map-arguments'));
      continue;
    }
    const value = entry.args[0]!;
    if (name === 'default') {
      if (map.defaultValue)
        b.errors.push(error(entry, 'duplicate default map parameter', 'map-duplicate-default'));
      else map.defaultValue = { value, directive: entry };
      continue;
    }
    const key = mapKey(name);
    if (!name.startsWith('\\') && (key.startsWith('~*') || key.startsWith('~'))) {
      const caseless = key.startsWith('~*');
      const pattern = key.slice(caseless ? 2 : 1);
      map.regexes.push({
        regex: compile(b, entry, pattern, caseless),
        pattern: key,
        value,
        directive: entry,
      });
      continue;
    }
    const lower = key.toLowerCase();
    if (map.hostnames && (lower.startsWith('*.') || lower.startsWith('.') || lower.endsWith('.*'))) {
      map.wildcards.push({ key: lower, value, directive: entry });
      continue;
    }
    if (map.exact.has(lower)) {
      b.errors.push(error(entry, `conflicting parameter "${key}"`, 'map-conflicting-parameter'));
      continue;
    }
    map.exact.set(lower, { value, directive: entry });
  }
  return map;
}

/** The http level, whichever shape the config has (see config/form.ts): null when there is none. */
export function httpLevel(tree: ConfigTree): ConfigNode | null {
  const top = tree.root.children;
  if (configForm(top) === 'http') return tree.root;
  const http = first(top, 'http');
  return http?.block ? http : null;
}

/** An http level with no settings, for a config without one (or a server snippet). */
function emptyHttp(tree: ConfigTree): ConfigNode {
  return {
    ...tree.root,
    name: 'http',
    context: 'main',
    opens: 'http',
    block: [],
    children: [],
    parent: null,
  };
}

export interface ModelOptions {
  /**
   * Read the main file as the contents of one server (a site snippet of locations, as the
   * diagnostics accept): the root node then is that server.
   */
  serverSnippet?: boolean;
}

export function buildModel(tree: ConfigTree, runner: RegexRunner, options: ModelOptions = {}): ConfigModel {
  const b: Builder = {
    runner,
    errors: [],
    regexProblems: [],
    setVariables: new Set(),
    ifBlocks: new Map(),
    rewriteRegexes: new Map(),
  };
  const httpNode = options.serverSnippet ? null : httpLevel(tree);
  const http = httpNode?.children ?? [];
  const model: ConfigModel = {
    http: httpNode ?? emptyHttp(tree),
    servers: [],
    upstreams: new Map(),
    maps: new Map(),
    setVariables: b.setVariables,
    ifBlocks: b.ifBlocks,
    rewriteRegexes: b.rewriteRegexes,
    errors: b.errors,
    regexProblems: b.regexProblems,
    connections: { workerConnections: DEFAULT_WORKER_CONNECTIONS, directive: null, listeningSockets: 0 },
  };
  if (options.serverSnippet) {
    collectSets(b, tree.root.children);
    model.servers.push(buildServer(b, tree.root));
  }
  collectSets(b, http);
  for (const d of http) {
    if (is(d, 'server') && d.block) model.servers.push(buildServer(b, d));
    else if (is(d, 'upstream') && d.block) {
      const up = buildUpstream(b, d);
      if (model.upstreams.has(up.name.toLowerCase())) {
        b.errors.push(error(d, `duplicate upstream "${up.name}"`, 'duplicate-upstream'));
      } else model.upstreams.set(up.name.toLowerCase(), up);
    } else if (is(d, 'map') && d.block) {
      const map = buildMap(b, d);
      if (map) {
        if (model.maps.has(map.variable)) {
          b.errors.push(error(d, `the duplicate "${map.variable}" variable`, 'duplicate-variable'));
        } else model.maps.set(map.variable, map);
      }
    }
  }
  checkDefaultServers(b, model);
  const wc = workerConnectionsOf(tree);
  model.connections = {
    workerConnections: wc.value,
    directive: wc.directive,
    listeningSockets: countListeningSockets(model.servers),
  };
  // ngx_event_init_conf runs once the whole file is read: after every error of the http block.
  const shortfall = listeningShortfall(model.connections);
  if (shortfall)
    b.errors.push({
      file: tree.files[0]?.file ?? 'nginx.conf',
      line: null,
      error: shortfall,
      code: 'worker-connections-listening',
    });
  return model;
}

function checkDefaultServers(b: Builder, model: ConfigModel): void {
  const seen = new Set<string>();
  for (const server of model.servers) {
    for (const l of server.listens) {
      if (!l.defaultServer) continue;
      const key = `${l.addr === '*' ? '0.0.0.0' : l.addr}:${l.port}`;
      if (seen.has(key))
        b.errors.push(
          error(l.directive, `a duplicate default server for ${key}`, 'duplicate-default-server'),
        );
      seen.add(key);
    }
  }
}
