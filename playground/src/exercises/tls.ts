import type { DirectiveName } from '../config/directives';
import type { ConfigNode, ConfigTree } from '../config/tree';
import { compareVersions, normalizeVersion, versionFeatures } from '../eval/version';

/**
 * Which TLS versions each `listen … ssl` server would enable. Read from the parsed tree (not the
 * config text), so any layout that nginx accepts is judged the same: protocols set in the server
 * or inherited from `http`, in the main file or through `include`.
 */

export interface TlsServer {
  /** Line of the `server` directive. */
  line: number;
  file: string;
  protocols: string[];
  /**
   * Where the list came from: this server, the http block, nginx's default, or (before 1.29.2)
   * the default server of the same address and port, whose list a name-based server gets.
   */
  source: 'server' | 'http' | 'default' | 'default-server';
}

/** nginx's default `ssl_protocols` for a version (the version table: eval/version.ts). */
export function defaultSslProtocols(nginxVersion: string): string[] {
  return [...versionFeatures(nginxVersion).defaultSslProtocols];
}

function lastArgs(block: ConfigNode[], name: DirectiveName): string[] | null {
  const found = block.filter((d) => d.name === name);
  return found.length > 0 ? (found[found.length - 1]?.args ?? null) : null;
}

/** `listen` address and port as one key (`18443` and `*:18443` are the same socket). */
function listenKey(args: string[]): string {
  const target = args[0] ?? '';
  if (/^\d+$/.test(target)) return `*:${target}`;
  return target.replace(/^0\.0\.0\.0:/, '*:');
}

/**
 * Every server block with a `listen … ssl`, and the TLS versions it enables. Before 1.29.2 a
 * server that is not the default one for its address and port gets the default server's list,
 * whatever its own `ssl_protocols` says (nginx's changes for 1.29.2: the directive did not work in
 * such servers with OpenSSL 1.1.1 or newer; measured on 1.22.1 with OpenSSL 3.0).
 */
export function tlsServers(tree: ConfigTree, nginxVersion = '1.22.1'): TlsServer[] {
  const main = tree.files[0];
  if (!main) return [];
  const top = tree.root.children;
  const http = top.find((d) => d.name === 'http');
  // A config may be the whole nginx.conf or just the inside of http { } (as the guides show it).
  const httpBlock = http?.block ? http.children : top;
  const httpProtocols = lastArgs(httpBlock, 'ssl_protocols');
  const own: Array<TlsServer & { keys: string[] }> = [];
  /** The default server of each address:port: the one marked default_server, else the first. */
  const defaults = new Map<string, number>();
  for (const server of httpBlock) {
    if (server.name !== 'server' || !server.block) continue;
    const body = server.children;
    const listens = body.filter((d) => d.name === 'listen');
    for (const l of listens) {
      const key = listenKey(l.args);
      const marked = l.args.slice(1).some((a) => a === 'default_server' || a === 'default');
      if (marked || !defaults.has(key)) defaults.set(key, own.length);
    }
    const ssl = listens.filter((d) => d.args.slice(1).includes('ssl'));
    if (ssl.length === 0) {
      own.push({ line: server.span.line, file: main.file, protocols: [], source: 'default', keys: [] });
      continue;
    }
    const mine = lastArgs(body, 'ssl_protocols');
    const protocols = mine ?? httpProtocols ?? defaultSslProtocols(nginxVersion);
    const source = mine ? 'server' : httpProtocols ? 'http' : 'default';
    own.push({
      line: server.span.line,
      file: main.file,
      protocols,
      source,
      keys: ssl.map((l) => listenKey(l.args)),
    });
  }
  const fixed = compareVersions(normalizeVersion(nginxVersion), '1.29.2') >= 0;
  const servers: TlsServer[] = [];
  for (const [index, server] of own.entries()) {
    if (server.keys.length === 0) continue;
    const { keys, ...result } = server;
    // On each of its ssl sockets the server gets its own list if it is that socket's default
    // server (or nginx is fixed), else the default server's; together, what it may negotiate.
    const hosts = keys.map((k) => {
      const owner = defaults.get(k);
      const host = fixed || owner === undefined || owner === index ? undefined : own[owner];
      return host && host.keys.length > 0 ? host : undefined;
    });
    if (hosts.every((h) => h === undefined)) {
      servers.push(result);
      continue;
    }
    const union = new Set<string>();
    for (const host of hosts) for (const p of (host ?? result).protocols) union.add(p);
    servers.push({ ...result, protocols: [...union], source: 'default-server' });
  }
  return servers;
}
