/**
 * The sandbox rules (sandbox-rules.ts) applied to a scenario's config before real nginx reads it,
 * over the engine's parse tree (config-tree.ts). A scenario is untrusted
 * input (a PR, a colleague's link), so nginx may only listen on 127.0.0.1, only reach the
 * scenario's backends, and only touch files inside the run's prefix. Each rule either rewrites a
 * directive in a documented way (listen address and ports, log files, the runner's own main
 * settings) or refuses the scenario, naming the file, line and directive. The README's
 * "Running untrusted scenarios" lists the same rules.
 */
import type { ConfigNode } from '../../src/index';
import {
  type ConfigTree,
  globRegex,
  insidePrefix,
  type Located,
  MAIN_FILE,
  readConfigTree,
} from './config-tree';
import {
  ADDRESS_PORT,
  isPathDirective,
  type ListenAddress,
  LOOPBACK_ADDRESS,
  listenAddress,
  NAMED_CAPTURE,
  PASS,
  passHost,
  REFUSED,
  REFUSED_UNLESS_OFF,
  RUNNER_FILES,
  runnerHttpSettings,
  TEMP_PATHS,
  UNIX_SOCKETS,
  variablesIn,
} from './sandbox-rules';
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

function fileLabel(file: string): string {
  return file === MAIN_FILE ? 'config' : `files."${file}"`;
}

/**
 * What nginx may connect to: upstream block names, 127.0.0.1/localhost with a port, and the
 * values a variable can take where every one is written out (set, map, geo, split_clients). A
 * variable a regex capture or auth_request_set can set holds a null: anything.
 */
function addressBook(tree: ConfigTree): {
  reachable: (value: string | null) => boolean;
  valuesOf: (variable: string) => Array<string | null>;
} {
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
    if (d.name === 'upstream' && d.block && d.args[0]) upstreams.add(d.args[0]);
    if (d.name === 'set' && d.args[0]?.startsWith('$')) define(d.args[0].slice(1), d.args[1] ?? '');
    // Set at run time from a response or a regex match: never static.
    if (d.name === 'auth_request_set' && d.args[0]?.startsWith('$')) define(d.args[0].slice(1), null);
    for (const word of [d.name, ...d.args]) {
      for (const m of word.matchAll(NAMED_CAPTURE)) define((m[1] ?? m[2])!, null);
    }
    if (parent && ['map', 'geo', 'split_clients'].includes(parent.name)) {
      const output = parent.args[parent.args.length - 1] ?? '';
      if (!output.startsWith('$') || ['include', 'hostnames', 'volatile', 'ranges'].includes(d.name)) {
        continue;
      }
      if (['delete', 'proxy', 'proxy_recursive'].includes(d.name) && parent.name === 'geo') continue;
      define(output.slice(1), d.args[0] ?? null);
    }
  }
  const reachable = (value: string | null) =>
    value !== null && (LOOPBACK_ADDRESS.test(value) || upstreams.has(value));
  return { reachable, valuesOf: (variable) => definitions.get(variable) ?? [] };
}

export function confineConfig(config: string, files: Record<string, string>): Confined {
  const tree = readConfigTree(config, files);
  const refusals: Refusal[] = [];
  const refuse = (at: Located, message: string) =>
    refusals.push({
      file: fileLabel(at.span.file),
      line: at.span.line,
      directive: at.directive.name,
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

  const { reachable, valuesOf } = addressBook(tree);

  const ports = new Set<number>();
  const listens = new Map<Located, ListenAddress>();
  const serversWithListen = new Set<ConfigNode>();
  const byPort = new Map<number, Set<boolean>>();
  let mainErrorLog = false;
  let hasEvents = false;
  const httpTempPaths = new Set<string>();
  const blanks: Located[] = [];
  const logTargets = new Map<Located, string>();
  let httpBlock: Located | undefined;

  for (const at of tree.directives) {
    const d = at.directive;
    const name = d.name;
    const parents = at.parents;
    const parent = parents[parents.length - 1];
    const inMain = parents.length === 0 && tree.form === 'main';
    const atHttpLevel =
      (tree.form === 'http' && parents.length === 0) || (parents.length === 1 && parent?.name === 'http');
    const inHandler = parent !== undefined && ['map', 'geo', 'split_clients', 'types'].includes(parent.name);

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
      const server = [...parents].reverse().find((p) => p.name === 'server');
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
        const values = valuesOf(vars[0]!);
        if (values.length === 0 || !values.every(reachable)) {
          refuse(
            at,
            `$${vars[0]} may hold an address other than 127.0.0.1:PORT, localhost:PORT or an upstream block (only set and map values written out in full are checked)`,
          );
        }
      }
      continue;
    }

    if (name === 'server' && parent?.name === 'upstream' && d.block === undefined) {
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
    if (d.name !== 'server' || !d.block || at.parents.some((p) => p.name === 'upstream')) continue;
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
      const words = [d.name, ...d.args];
      const listen = listens.get(at);
      const log = logTargets.get(at);
      let moved: string[];
      if (listen) moved = [d.name, `127.0.0.1:${map.get(listen.port) ?? listen.port}`, ...d.args.slice(1)];
      else if (log) moved = [d.name, log, ...d.args.slice(1).map(movePorts)];
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
