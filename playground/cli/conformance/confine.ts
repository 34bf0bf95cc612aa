/**
 * The sandbox rules for a scenario's config before real nginx reads it. A scenario is untrusted
 * input (a PR, a colleague's link), so nginx may only listen on 127.0.0.1, only reach the
 * scenario's backends, and only touch files inside the run's prefix. Each rule either rewrites a
 * directive in a documented way (listen address and ports, log files, the runner's own main
 * settings) or refuses the scenario, naming the file, line and directive. The README's
 * "Running untrusted scenarios" lists the same rules.
 */
import type { Directive } from '../../src/index';
import {
  type ConfigTree,
  globRegex,
  insidePrefix,
  type Located,
  MAIN_FILE,
  readConfigTree,
} from './config-tree';
import { applyEdits, type Edit } from './text-edits';

export interface Refusal {
  /** File as the scenario names it: `config` or a `files` entry. */
  file: string;
  line: number;
  directive: string;
  message: string;
}

export class RefusedScenario extends Error {
  constructor(
    readonly path: string,
    readonly refusal: Refusal,
  ) {
    super(
      `${path}: ${refusal.file} line ${refusal.line}: "${refusal.directive}" refused in real runs: ${refusal.message}`,
    );
  }
}

/** What the runner itself writes in the prefix (see nginx-process.ts and runnerHttpSettings). */
export const RUNNER_FILES = [
  'nginx.conf',
  'error.log',
  'access.log',
  'nginx.pid',
  'client_body_temp',
  'proxy_temp',
  'fastcgi_temp',
  'uwsgi_temp',
  'scgi_temp',
];

/** Temp paths the runner sets in http unless the scenario sets them there itself. */
export const TEMP_PATHS = [
  'client_body_temp_path',
  'proxy_temp_path',
  'fastcgi_temp_path',
  'uwsgi_temp_path',
  'scgi_temp_path',
];

export interface Confined {
  tree: ConfigTree;
  /** Every port the config names (listen ports, 127.0.0.1:PORT and localhost:PORT anywhere). */
  ports: number[];
  refusals: Refusal[];
  /** The scenario sets error_log in the main context (the runner then adds none of its own). */
  mainErrorLog: boolean;
  hasEvents: boolean;
  /** Temp paths the scenario already sets at http level. */
  httpTempPaths: Set<string>;
  /** Config texts (MAIN_FILE and included files) with the rewrites done and ports mapped. */
  rewrite(ports: Map<number, number>): Map<string, string>;
}

const REFUSED: Record<string, string> = {
  load_module: 'it loads a shared object into nginx',
  env: 'it hands the runner’s environment to nginx',
  user: 'the runner starts nginx without a master process, so no user switch would happen',
  ssl_engine: 'it loads an OpenSSL engine',
  ssl_conf_command: 'OpenSSL commands can load files and engines',
  proxy_ssl_conf_command: 'OpenSSL commands can load files and engines',
  grpc_ssl_conf_command: 'OpenSSL commands can load files and engines',
  uwsgi_ssl_conf_command: 'OpenSSL commands can load files and engines',
  resolver: 'nginx may only reach the scenario’s backends, never a DNS server',
  ssl_ocsp_responder: 'nginx may only reach the scenario’s backends',
  ssl_stapling_responder: 'nginx may only reach the scenario’s backends',
};

/** Refused unless their value is `off`. */
const REFUSED_UNLESS_OFF: Record<string, string> = {
  dav_methods: 'WebDAV writes files where a request says',
  proxy_store: 'it writes responses to files where a request says',
  fastcgi_store: 'it writes responses to files where a request says',
  uwsgi_store: 'it writes responses to files where a request says',
  scgi_store: 'it writes responses to files where a request says',
  ssl_stapling: 'it fetches OCSP answers from the network',
  ssl_ocsp: 'it fetches OCSP answers from the network',
};

/** Directives whose first argument is a file or directory nginx opens or creates. */
function isPathDirective(name: string): boolean {
  return (
    name === 'root' ||
    name === 'alias' ||
    name === 'include' ||
    name === 'auth_basic_user_file' ||
    name === 'working_directory' ||
    name === 'lock_file' ||
    name === 'pid' ||
    /_temp_path$/.test(name) ||
    /_cache_path$/.test(name) ||
    /^(?:(?:proxy|grpc|uwsgi)_)?ssl_(?:certificate|certificate_key|dhparam|password_file|trusted_certificate|client_certificate|crl|stapling_file|session_ticket_key)$/.test(
      name,
    )
  );
}

const UNIX_SOCKETS =
  "unix sockets are not allowed: real runs only reach the scenario's backends on 127.0.0.1";
/** `(?<name>…)`, `(?P<name>…)` and `(?'name'…)` set `$name` whenever the regex matches. */
const NAMED_CAPTURE = /\(\?P?<(\w+)>|\(\?'(\w+)'/g;
const PASS = /^(?:proxy|grpc|fastcgi|uwsgi|scgi|memcached)_pass$/;
const ADDRESS_PORT = /\b(127\.0\.0\.1|localhost):(\d{1,5})\b/g;
const LOOPBACK_ADDRESS = /^(?:127\.0\.0\.1|localhost):\d{1,5}$/;

interface ListenAddress {
  port: number;
  /** No address, `*` or 0.0.0.0: every interface of the (private) host. */
  wildcard: boolean;
}

/** A listen address the runner can pin to 127.0.0.1, or why not. */
function listenAddress(spec: string): ListenAddress | string {
  let m = /^(?:\*:|0\.0\.0\.0:)?(\d{1,5})$/.exec(spec);
  if (m) return { port: Number(m[1]), wildcard: true };
  m = /^(?:127\.0\.0\.1|localhost):(\d{1,5})$/.exec(spec);
  if (m) return { port: Number(m[1]), wildcard: false };
  if (spec.startsWith('unix:'))
    return 'unix sockets are not allowed; write listen PORT (it becomes 127.0.0.1:PORT)';
  if (spec.startsWith('['))
    return 'IPv6 addresses are not allowed; write listen PORT (it becomes 127.0.0.1:PORT)';
  if (/^(?:\*|0\.0\.0\.0|127\.0\.0\.1|localhost)$/.test(spec)) {
    return 'a listen needs an explicit port (nginx would use 80)';
  }
  return `only PORT, *:PORT, 0.0.0.0:PORT, 127.0.0.1:PORT and localhost:PORT are allowed (all become 127.0.0.1:PORT), not "${spec}"`;
}

function fileLabel(file: string): string {
  return file === MAIN_FILE ? 'config' : `files."${file}"`;
}

/** Variables a `*_pass` host part refers to: `$name` or `${name}`. */
function variablesIn(text: string): string[] {
  return [...text.matchAll(/\$\{?(\w+)\}?/g)].map((m) => m[1]!);
}

/** Address part of a `*_pass` argument: without the scheme, up to the first `/`. */
function passHost(arg: string): string {
  const noScheme = arg.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = noScheme.indexOf('/');
  return slash < 0 ? noScheme : noScheme.slice(0, slash);
}

export function confineConfig(config: string, files: Record<string, string>): Confined {
  const tree = readConfigTree(config, files);
  const refusals: Refusal[] = [];
  const refuse = (at: Located, message: string) =>
    refusals.push({
      file: fileLabel(at.span.file),
      line: at.span.line,
      directive: at.directive.directive,
      message,
    });
  // Where the engine stops reading but nginx would read on, nothing after that point was checked.
  for (const e of tree.parse.errors) {
    if (e.code.startsWith('engine-') || e.code === 'include-too-deep') {
      refusals.push({
        file: fileLabel(e.file),
        line: e.line ?? 1,
        directive: e.code,
        message: `${e.error}; the runner checks every directive before nginx reads it, and cannot check past this point`,
      });
    }
  }

  const upstreams = new Set<string>();
  /** Static values each variable can take (set, map, geo, split_clients), or null when not static. */
  const definitions = new Map<string, Array<string | null>>();
  const define = (name: string, value: string | null) => {
    const list = definitions.get(name) ?? [];
    list.push(value?.includes('$') ? null : value);
    definitions.set(name, list);
  };
  for (const at of tree.directives) {
    const d = at.directive;
    const parent = at.parents[at.parents.length - 1];
    if (d.directive === 'upstream' && d.block && d.args[0]) upstreams.add(d.args[0]);
    if (d.directive === 'set' && d.args[0]?.startsWith('$')) define(d.args[0].slice(1), d.args[1] ?? '');
    // Set at run time from a response or a regex match: never static.
    if (d.directive === 'auth_request_set' && d.args[0]?.startsWith('$')) define(d.args[0].slice(1), null);
    for (const word of [d.directive, ...d.args]) {
      for (const m of word.matchAll(NAMED_CAPTURE)) define((m[1] ?? m[2])!, null);
    }
    if (parent && ['map', 'geo', 'split_clients'].includes(parent.directive)) {
      const output = parent.args[parent.args.length - 1] ?? '';
      if (!output.startsWith('$') || ['include', 'hostnames', 'volatile', 'ranges'].includes(d.directive)) {
        continue;
      }
      if (['delete', 'proxy', 'proxy_recursive'].includes(d.directive) && parent.directive === 'geo')
        continue;
      define(output.slice(1), d.args[0] ?? null);
    }
  }
  const reachable = (value: string | null) =>
    value !== null && (LOOPBACK_ADDRESS.test(value) || upstreams.has(value));

  const ports = new Set<number>();
  const listens = new Map<Located, ListenAddress>();
  const serversWithListen = new Set<Directive>();
  const byPort = new Map<number, Set<boolean>>();
  let mainErrorLog = false;
  let hasEvents = false;
  const httpTempPaths = new Set<string>();
  const blanks: Located[] = [];
  const logTargets = new Map<Located, string>();
  let httpBlock: Located | undefined;

  for (const at of tree.directives) {
    const d = at.directive;
    const name = d.directive;
    const parents = at.parents;
    const parent = parents[parents.length - 1];
    const inMain = parents.length === 0 && tree.form === 'main';
    const atHttpLevel =
      (tree.form === 'http' && parents.length === 0) ||
      (parents.length === 1 && parent?.directive === 'http');
    const inHandler =
      parent !== undefined && ['map', 'geo', 'split_clients', 'types'].includes(parent.directive);

    for (const word of [name, ...d.args]) {
      for (const m of word.matchAll(ADDRESS_PORT)) ports.add(Number(m[2]));
    }
    // Entries of map, geo, split_clients and types are data, except an include.
    if (inHandler && name !== 'include') continue;

    if (REFUSED[name]) {
      refuse(at, REFUSED[name]);
      continue;
    }
    if (REFUSED_UNLESS_OFF[name] && d.args[0] !== 'off') {
      refuse(at, REFUSED_UNLESS_OFF[name]);
      continue;
    }
    if (inMain && name === 'events') hasEvents = true;
    if (inMain && name === 'http' && !httpBlock) httpBlock = at;
    if (atHttpLevel && TEMP_PATHS.includes(name)) httpTempPaths.add(name);
    if (inMain && (name === 'pid' || name === 'daemon' || name === 'master_process')) {
      blanks.push(at);
      continue;
    }

    if (name === 'error_log' || name === 'access_log') {
      const target = d.args[0] ?? '';
      if (target.startsWith('syslog:')) refuse(at, 'syslog sends log lines over the network');
      else if (
        !(target === 'off' && name === 'access_log') &&
        target !== 'stderr' &&
        !target.startsWith('memory:')
      ) {
        logTargets.set(at, name === 'error_log' ? 'error.log' : 'access.log');
      }
      if (inMain && name === 'error_log') mainErrorLog = true;
      continue;
    }

    if (isPathDirective(name)) {
      const path = d.args[0];
      if (path === undefined) continue;
      if (/^ssl_certificate(?:_key)?$|_ssl_certificate(?:_key)?$/.test(name) && path.startsWith('data:'))
        continue;
      if (path.includes('$')) {
        refuse(
          at,
          `paths with variables are not allowed ("${path}"): a request could steer them out of the run's directory`,
        );
      } else if (path.startsWith('engine:')) {
        refuse(at, 'OpenSSL engines are not allowed');
      } else if (
        name === 'include' &&
        /[*?[]/.test(path) &&
        RUNNER_FILES.some((f) => globRegex(insidePrefix(path) ?? '').test(f))
      ) {
        refuse(
          at,
          `"${path}" would also include the runner's own files (${RUNNER_FILES.join(', ')}); name the scenario's files more narrowly`,
        );
      } else if (insidePrefix(path) === null) {
        refuse(
          at,
          `"${path}" is outside the run's directory; use a path relative to it (the scenario's files are there${
            name === 'include' ? ', and include mime.types finds a copy of the system one' : ''
          })`,
        );
      }
      continue;
    }

    if (name === 'listen') {
      const server = [...parents].reverse().find((p) => p.directive === 'server');
      if (server) serversWithListen.add(server);
      const address = listenAddress(d.args[0] ?? '');
      if (typeof address === 'string') refuse(at, address);
      else {
        listens.set(at, address);
        ports.add(address.port);
        const kinds = byPort.get(address.port) ?? new Set<boolean>();
        kinds.add(address.wildcard);
        byPort.set(address.port, kinds);
      }
      continue;
    }

    if (PASS.test(name) && d.args[0] !== undefined) {
      const host = passHost(d.args[0]);
      const vars = variablesIn(host);
      if (d.args[0].includes('unix:')) refuse(at, UNIX_SOCKETS);
      else if (vars.length === 0) {
        if (!reachable(host)) {
          refuse(
            at,
            `"${host}" is neither 127.0.0.1:PORT, localhost:PORT nor an upstream block: real runs only reach the scenario's backends`,
          );
        }
      } else if (!/^\$\{?\w+\}?$/.test(host)) {
        refuse(
          at,
          `"${host}" mixes variables into the address: real runs only reach the scenario's backends`,
        );
      } else {
        const values = definitions.get(vars[0]!) ?? [];
        if (values.length === 0 || !values.every(reachable)) {
          refuse(
            at,
            `$${vars[0]} may hold an address other than 127.0.0.1:PORT, localhost:PORT or an upstream block (only set and map values written out in full are checked)`,
          );
        }
      }
      continue;
    }

    if (name === 'server' && parent?.directive === 'upstream' && d.block === undefined) {
      const address = d.args[0] ?? '';
      if (address.startsWith('unix:')) refuse(at, UNIX_SOCKETS);
      else if (!LOOPBACK_ADDRESS.test(address)) {
        refuse(
          at,
          `upstream servers must be 127.0.0.1:PORT or localhost:PORT (the scenario's backends), not "${address}"`,
        );
      }
    }
  }

  for (const at of tree.directives) {
    const d = at.directive;
    if (d.directive !== 'server' || !d.block || at.parents.some((p) => p.directive === 'upstream')) continue;
    if (!serversWithListen.has(d)) {
      refuse(
        at,
        'a server without listen makes nginx listen on port 80 (or 8000) of every interface; add listen PORT',
      );
    }
  }
  for (const [at, address] of listens) {
    if ((byPort.get(address.port)?.size ?? 0) > 1) {
      refuse(
        at,
        `port ${address.port} has both a wildcard listen and 127.0.0.1:${address.port}; the runner binds only 127.0.0.1, which would merge them`,
      );
    }
  }
  refusals.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file === 'config' ? -1 : 1));

  const rewrite = (map: Map<number, number>): Map<string, string> => {
    const edits = new Map<string, Edit[]>();
    const add = (at: Located, edit: Edit) => {
      const list = edits.get(at.span.file) ?? [];
      list.push(edit);
      edits.set(at.span.file, list);
    };
    const movePorts = (word: string) =>
      word.replace(ADDRESS_PORT, (whole, host: string, port: string) => {
        const to = map.get(Number(port));
        return to === undefined ? whole : `${host}:${to}`;
      });
    for (const at of blanks) add(at, { kind: 'blank', span: at.span });
    for (const at of tree.directives) {
      const d = at.directive;
      const words = [d.directive, ...d.args];
      const listen = listens.get(at);
      const log = logTargets.get(at);
      let moved: string[];
      if (listen)
        moved = [d.directive, `127.0.0.1:${map.get(listen.port) ?? listen.port}`, ...d.args.slice(1)];
      else if (log) moved = [d.directive, log, ...d.args.slice(1).map(movePorts)];
      else moved = words.map(movePorts);
      if (moved.some((w, i) => w !== words[i])) add(at, { kind: 'words', span: at.span, words: moved });
    }
    if (httpBlock) {
      add(httpBlock, { kind: 'insert', span: httpBlock.span, text: runnerHttpSettings(httpTempPaths) });
    }
    const out = new Map<string, string>();
    for (const [file, text] of tree.texts) out.set(file, applyEdits(text, edits.get(file) ?? []));
    return out;
  };

  return {
    tree,
    ports: [...ports].sort((a, b) => a - b),
    refusals,
    mainErrorLog,
    hasEvents,
    httpTempPaths,
    rewrite,
  };
}

/**
 * What the runner adds at http level: no access log (nginx would default to the system's), and
 * temp paths inside the prefix (nginx would default to /var/lib/nginx) unless the scenario sets one.
 */
export function runnerHttpSettings(scenarioTempPaths: Set<string>): string {
  const temps = TEMP_PATHS.filter((t) => !scenarioTempPaths.has(t))
    .map((t) => `${t} ${t.replace(/_path$/, '')};`)
    .join(' ');
  return `access_log off; ${temps}`;
}
