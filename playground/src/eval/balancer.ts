/**
 * Which server of an upstream a request tries first, and in which order the others follow, as
 * nginx's balancers decide it for one request (ngx_http_upstream_round_robin.c,
 * ngx_http_upstream_ip_hash_module.c, ngx_http_upstream_hash_module.c). The hash balancers hash
 * over every non-backup server, `down` ones included (they are in nginx's peer list and are
 * skipped when picked), so marking a server `down` does not move the other keys.
 */
import type { UpstreamServer } from './model';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const utf8 = new TextEncoder();

/** ngx_crc32_update over bytes, from a running (not finalised) state. */
function crcUpdate(state: number, bytes: Uint8Array): number {
  let crc = state;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return crc >>> 0;
}

const CRC_INIT = 0xffffffff;
const crcFinal = (state: number): number => (state ^ 0xffffffff) >>> 0;

export function crc32(text: string): number {
  return crcFinal(crcUpdate(CRC_INIT, utf8.encode(text)));
}

/** nginx gives up hashing after 20 picks of tried or unusable servers and falls back to round-robin. */
const HASH_TRIES = 20;

/** The server a point `w` < total weight falls on, walking the servers by weight. */
function serverAt(servers: readonly UpstreamServer[], w: number): number {
  let rest = w;
  for (let i = 0; i < servers.length; i++) {
    if (rest < servers[i]!.weight) return i;
    rest -= servers[i]!.weight;
  }
  return 0;
}

/**
 * Collects servers in the order a sequence of picks yields them: a down or already chosen one
 * is skipped, and after `HASH_TRIES` skipped picks the rest follow in config order.
 */
function orderFromPicks(servers: readonly UpstreamServer[], picks: () => number): number[] {
  const order: number[] = [];
  const usable = servers.filter((s) => !s.down).length;
  let misses = 0;
  while (order.length < usable && misses < HASH_TRIES) {
    const i = picks();
    if (servers[i]!.down || order.includes(i)) misses++;
    else order.push(i);
  }
  for (let i = 0; i < servers.length; i++) if (!servers[i]!.down && !order.includes(i)) order.push(i);
  return order;
}

/** `ip_hash`: the first three octets of the client address (127.0.0.1 here), rehashed on each pick. */
export function ipHashOrder(servers: readonly UpstreamServer[], clientOctets: readonly number[]): number[] {
  const total = servers.reduce((n, s) => n + s.weight, 0);
  let hash = 89;
  return orderFromPicks(servers, () => {
    for (const octet of clientOctets.slice(0, 3)) hash = (hash * 113 + octet) % 6271;
    return serverAt(servers, hash % total);
  });
}

/** `hash KEY`: Cache::Memcached's crc32(REHASH KEY) >> 16, summed over picks (REHASH omitted first). */
export function keyHashOrder(servers: readonly UpstreamServer[], key: string): number[] {
  const total = servers.reduce((n, s) => n + s.weight, 0);
  let sum = 0;
  let rehash = 0;
  return orderFromPicks(servers, () => {
    const hash = (crc32(rehash > 0 ? `${rehash}${key}` : key) >>> 16) & 0x7fff;
    sum += hash;
    rehash++;
    return serverAt(servers, sum % total);
  });
}

/** The `server` argument split as ngx_http_upstream_init_chash does: host, and the digits after the last `:`. */
function hostAndPort(server: string): [string, string] {
  if (server.toLowerCase().startsWith('unix:')) return [server.slice(5), ''];
  const m = /^(.*):(\d*)$/.exec(server);
  return m ? [m[1]!, m[2]!] : [server, ''];
}

/**
 * `hash KEY consistent` (ketama): each server puts weight × 160 points on a ring, the point
 * hashes chained as crc32(HOST \0 PORT PREV_HASH); the key's crc32 finds the first point at or
 * above it, and later tries walk on along the ring.
 */
export function consistentHashOrder(servers: readonly UpstreamServer[], key: string): number[] {
  const points: Array<{ hash: number; server: number }> = [];
  servers.forEach((s, index) => {
    const [host, port] = hostAndPort(s.address);
    const base = crcUpdate(
      crcUpdate(crcUpdate(CRC_INIT, utf8.encode(host)), new Uint8Array(1)),
      utf8.encode(port),
    );
    let prev = 0;
    for (let j = 0; j < s.weight * 160; j++) {
      const le = new Uint8Array(4);
      new DataView(le.buffer).setUint32(0, prev, true);
      prev = crcFinal(crcUpdate(base, le));
      points.push({ hash: prev, server: index });
    }
  });
  points.sort((a, b) => a.hash - b.hash);
  const ring = points.filter((p, i) => i === 0 || p.hash !== points[i - 1]!.hash);
  if (ring.length === 0) return [];
  const target = crc32(key);
  let at = ring.findIndex((p) => p.hash >= target);
  if (at < 0) at = 0;
  // nginx matches ring points to servers by their name, so servers written alike share points.
  const byName = (i: number) => servers.findIndex((s) => s.address === servers[i]!.address);
  return orderFromPicks(servers, () => byName(ring[at++ % ring.length]!.server));
}
