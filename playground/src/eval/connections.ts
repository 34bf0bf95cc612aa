/**
 * How many of a worker's `worker_connections` are taken before a request is proxied. nginx gives
 * every listening socket a connection when the worker starts (ngx_event_process_init), the
 * client's connection takes one more when it is accepted, and the backend's one more when nginx
 * connects (ngx_event_connect_peer → ngx_get_connection). Modelled as the runner runs nginx,
 * `master_process off`: with a master process each worker also keeps one for its channel to the
 * master (ngx_channel.c), so it runs out one connection earlier.
 */
import type { ConfigNode, ConfigTree } from '../config/tree';
import type { ServerModel } from './model';

/** nginx's built-in `worker_connections` (DEFAULT_CONNECTIONS in ngx_event.c). */
export const DEFAULT_WORKER_CONNECTIONS = 512;

export interface ConnectionBudget {
  workerConnections: number;
  /** The `worker_connections` line, or null for the built-in default. */
  directive: ConfigNode | null;
  listeningSockets: number;
}

/**
 * Listening sockets nginx opens for these servers: one per address and port, except that a
 * wildcard (`*:port`, `[::]:port`) serves every address of its family on that port unless the
 * address asks for a socket of its own (`bind`, or an option that implies it) —
 * ngx_http_init_listening.
 */
export function countListeningSockets(servers: ServerModel[]): number {
  const byPort = new Map<string, Map<string, boolean>>();
  for (const server of servers) {
    for (const l of server.listens) {
      const family = l.addr.startsWith('[') ? '6' : '4';
      const key = `${family}/${l.port}`;
      const addrs = byPort.get(key) ?? new Map<string, boolean>();
      addrs.set(l.addr, (addrs.get(l.addr) ?? false) || l.bind);
      byPort.set(key, addrs);
    }
  }
  let sockets = 0;
  for (const addrs of byPort.values()) {
    const wildcard = addrs.has('*') || addrs.has('[::]');
    if (!wildcard) sockets += addrs.size;
    else sockets += 1 + [...addrs].filter(([addr, bind]) => bind && addr !== '*' && addr !== '[::]').length;
  }
  return sockets;
}

/** The last `worker_connections` in `events {}` of a whole nginx.conf (ngx_event_connections). */
export function workerConnectionsOf(tree: ConfigTree): {
  value: number;
  directive: ConfigNode | null;
} {
  // The main file's own lines, as written (as the check has always read them).
  const top = tree.files[0]?.nodes ?? [];
  const events = top.filter((d) => d.name === 'events' && d.block).at(-1);
  const directive = events?.block?.filter((d) => d.name === 'worker_connections').at(-1) ?? null;
  const value = directive ? Number.parseInt(directive.args[0] ?? '', 10) : Number.NaN;
  return Number.isFinite(value)
    ? { value, directive }
    : { value: DEFAULT_WORKER_CONNECTIONS, directive: null };
}

/**
 * `nginx -t`'s check in ngx_event_init_conf: a connection for every listening socket plus one
 * for the channel, whether or not a master process runs. Null when there are enough.
 */
export function listeningShortfall(budget: ConnectionBudget): string | null {
  if (budget.workerConnections >= budget.listeningSockets + 1) return null;
  return `${budget.workerConnections} worker_connections are not enough for ${budget.listeningSockets} listening sockets`;
}

/** Whether the worker has a connection left for the backend once the client's is accepted. */
export function hasUpstreamConnection(budget: ConnectionBudget): boolean {
  return budget.workerConnections - budget.listeningSockets - 1 >= 1;
}
