import type { Directive, ParseResult } from '../config/ast';
import { versionFeatures } from '../eval/version';

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
  /** Where the list came from: this server, the http block, or nginx's default. */
  source: 'server' | 'http' | 'default';
}

/** nginx's default `ssl_protocols` for a version (the version table: eval/version.ts). */
export function defaultSslProtocols(nginxVersion: string): string[] {
  return [...versionFeatures(nginxVersion).defaultSslProtocols];
}

/** Directives of a block with every `include` replaced by the directives of the files it pulled in. */
function expand(block: Directive[], parse: ParseResult, depth = 0): Directive[] {
  const out: Directive[] = [];
  for (const d of block) {
    if (d.directive === 'include' && d.includes && depth < 16) {
      for (const index of d.includes)
        out.push(...expand(parse.config[index]?.parsed ?? [], parse, depth + 1));
    } else {
      out.push(d);
    }
  }
  return out;
}

function lastArgs(block: Directive[], name: string): string[] | null {
  const found = block.filter((d) => d.directive === name);
  return found.length > 0 ? (found[found.length - 1]?.args ?? null) : null;
}

/** Every server block with a `listen … ssl`, and the TLS versions it enables. */
export function tlsServers(parse: ParseResult, nginxVersion = '1.22.1'): TlsServer[] {
  const main = parse.config[0];
  if (!main) return [];
  const top = expand(main.parsed, parse);
  const http = top.find((d) => d.directive === 'http');
  // A config may be the whole nginx.conf or just the inside of http { } (as the guides show it).
  const httpBlock = http?.block ? expand(http.block, parse) : top;
  const httpProtocols = lastArgs(httpBlock, 'ssl_protocols');
  const servers: TlsServer[] = [];
  for (const server of httpBlock) {
    if (server.directive !== 'server' || !server.block) continue;
    const body = expand(server.block, parse);
    const listensSsl = body.some((d) => d.directive === 'listen' && d.args.slice(1).includes('ssl'));
    if (!listensSsl) continue;
    const own = lastArgs(body, 'ssl_protocols');
    const protocols = own ?? httpProtocols ?? defaultSslProtocols(nginxVersion);
    const source = own ? 'server' : httpProtocols ? 'http' : 'default';
    servers.push({ line: server.line, file: main.file, protocols, source });
  }
  return servers;
}
