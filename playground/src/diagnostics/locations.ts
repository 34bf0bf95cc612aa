import { type Node, own } from './tree';

/**
 * nginx's location selection (ngx_http_core_find_location), enough to tell which location a
 * URI lands in: `=` wins at once; else the longest prefix is remembered and its nested
 * locations searched; `^~` on that prefix skips the regexes; else the first matching regex
 * (in config order) wins; else the remembered prefix.
 */

export type Modifier = '=' | '^~' | '~' | '~*' | '@' | '';

export interface LocationSpec {
  modifier: Modifier;
  path: string;
}

export function locationSpec(node: Node): LocationSpec {
  const args = node.d.args;
  if (args.length >= 2) return { modifier: (args[0] as Modifier) ?? '', path: args[1] ?? '' };
  const a = args[0] ?? '';
  for (const m of ['^~', '~*', '=', '~', '@'] as const) {
    if (a.startsWith(m)) return { modifier: m, path: a.slice(m.length) };
  }
  return { modifier: '', path: a };
}

/** A JavaScript RegExp for an nginx location regex, or null where PCRE syntax does not carry over. */
export function locationRegex(spec: LocationSpec): RegExp | null {
  if (spec.modifier !== '~' && spec.modifier !== '~*') return null;
  try {
    return new RegExp(spec.path, spec.modifier === '~*' ? 'i' : '');
  } catch {
    return null;
  }
}

/** Whether the location would be a candidate for `uri` on its own (ignoring the others). */
export function locationMatches(node: Node, uri: string): boolean {
  const spec = locationSpec(node);
  switch (spec.modifier) {
    case '=':
      return uri === spec.path;
    case '':
    case '^~':
      return uri.startsWith(spec.path);
    case '~':
    case '~*':
      return locationRegex(spec)?.test(uri) ?? false;
    default:
      return false;
  }
}

interface Found {
  loc: Node | null;
  /** An exact or regex match: outer levels must not look further. */
  final: boolean;
}

function find(level: Node[], uri: string): Found {
  const specs = level.map((node) => ({ node, spec: locationSpec(node) }));
  const exact = specs.find((s) => s.spec.modifier === '=' && s.spec.path === uri);
  if (exact) return { loc: exact.node, final: true };
  let best: { node: Node; spec: LocationSpec } | null = null;
  for (const s of specs) {
    if ((s.spec.modifier === '' || s.spec.modifier === '^~') && uri.startsWith(s.spec.path)) {
      if (!best || s.spec.path.length > best.spec.path.length) best = s;
    }
  }
  let current: Node | null = best?.node ?? null;
  if (best) {
    const inner = find(own(best.node, 'location'), uri);
    if (inner.final) return inner;
    if (inner.loc) current = inner.loc;
    if (best.spec.modifier === '^~') return { loc: current, final: false };
  }
  for (const s of specs) {
    if (s.spec.modifier !== '~' && s.spec.modifier !== '~*') continue;
    if (locationRegex(s.spec)?.test(uri)) {
      const inner = find(own(s.node, 'location'), uri);
      return { loc: inner.loc ?? s.node, final: true };
    }
  }
  return { loc: current, final: false };
}

/** The location of `server` that handles `uri` (path only, no query), or null. */
export function selectLocation(server: Node, uri: string): Node | null {
  return find(own(server, 'location'), uri).loc;
}

/** Ports a server listens on (80 when it has no `listen`, as nginx does for non-root users too). */
export function listenPorts(server: Node): number[] {
  const listens = own(server, 'listen');
  if (listens.length === 0) return [80];
  const ports: number[] = [];
  for (const l of listens) {
    const addr = l.d.args[0] ?? '';
    const m = /:(\d+)$/.exec(addr) ?? /^(\d+)$/.exec(addr);
    if (m?.[1]) ports.push(Number(m[1]));
    else if (addr.startsWith('unix:')) continue;
    else ports.push(80);
  }
  return ports;
}

/**
 * The server a request to `port` with `host` reaches: the one naming the host exactly, else
 * the port's default_server, else the first server on the port.
 */
export function selectServer(
  servers: Node[],
  port: number | undefined,
  host: string | undefined,
): Node | null {
  const first = servers[0];
  const target = port ?? (first ? listenPorts(first)[0] : 80);
  const onPort = servers.filter((s) => listenPorts(s).includes(target ?? 80));
  if (onPort.length === 0) return null;
  const name = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  const named = onPort.find((s) =>
    own(s, 'server_name').some((n) => n.d.args.some((a) => a.toLowerCase() === name)),
  );
  if (named) return named;
  const byDefault = onPort.find((s) =>
    own(s, 'listen').some((l) => l.d.args.includes('default_server') || l.d.args.includes('default')),
  );
  return byDefault ?? onPort[0] ?? null;
}
