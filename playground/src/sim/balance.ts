/**
 * Upstream balancing across requests (scenario v2), per worker as nginx keeps it without a
 * `zone`: smooth weighted round-robin (ngx_http_upstream_get_peer), `ip_hash` on the client's first
 * three octets, `hash` on the key the evaluator computed, `least_conn` on the requests each server
 * has in progress, and `max_fails`/`fail_timeout` marking a server unavailable. `backup` servers are
 * tried only when no primary is left. Approximations: a second pick of ip_hash or hash falls back
 * to round-robin (nginx rehashes up to 20 times first); `random` behaves as round-robin.
 */
import { parseDuration } from '../config/values';
import type { UpstreamModel } from '../eval/model';

interface PeerState {
  currentWeight: number;
  /** Lowered by failures, regained one step per pick it takes part in (ngx_http_upstream_rr_peer_t). */
  effectiveWeight: number;
  fails: number;
  /** ms until which the server is unavailable (max_fails reached). */
  failedUntil: number;
  /** Requests in progress on it (least_conn). */
  active: number;
}

const DEFAULT_FAIL_TIMEOUT_MS = 10_000;

export class Balancer {
  private readonly peers: PeerState[];
  private readonly failTimeouts: number[];
  /** One primary and no backup: nginx never counts its failures (peers->single). */
  readonly single: boolean;

  constructor(readonly upstream: UpstreamModel) {
    this.peers = upstream.servers.map((s) => ({
      currentWeight: 0,
      effectiveWeight: s.weight,
      fails: 0,
      failedUntil: 0,
      active: 0,
    }));
    this.failTimeouts = upstream.servers.map((s) => {
      const arg = s.directive.args.find((a) => a.startsWith('fail_timeout='));
      const ms = arg ? parseDuration(arg.slice('fail_timeout='.length)) : null;
      return ms ?? DEFAULT_FAIL_TIMEOUT_MS;
    });
    const s = upstream.servers;
    this.single = s.filter((x) => !x.backup).length === 1 && !s.some((x) => x.backup);
  }

  private usable(i: number, now: number): boolean {
    const server = this.upstream.servers[i]!;
    if (server.down) return false;
    if (this.single) return true;
    const p = this.peers[i]!;
    return server.maxFails === 0 || p.fails < server.maxFails || now >= p.failedUntil;
  }

  /**
   * The server the next try goes to, or null when none is left (every one down, failed or tried).
   * `clientAddress` for ip_hash, `hashFirst` (an address) for hash: the evaluator's pick.
   */
  pick(
    tried: ReadonlySet<number>,
    now: number,
    clientAddress: string,
    hashFirst: string | null,
  ): number | null {
    const servers = this.upstream.servers;
    for (const backup of [false, true]) {
      const candidates: number[] = [];
      for (let i = 0; i < servers.length; i++)
        if (servers[i]!.backup === backup && !tried.has(i) && this.usable(i, now)) candidates.push(i);
      if (candidates.length === 0) continue;
      const kind = this.upstream.balancer.kind;
      if (!backup && tried.size === 0 && (kind === 'ip_hash' || kind === 'hash')) {
        const first =
          kind === 'ip_hash' ? this.ipHash(clientAddress) : servers.findIndex((s) => s.address === hashFirst);
        if (first >= 0 && candidates.includes(first)) return first;
      }
      if (kind === 'least_conn') {
        const load = (i: number) => this.peers[i]!.active / servers[i]!.weight;
        const least = Math.min(...candidates.map(load));
        return this.roundRobin(candidates.filter((i) => load(i) === least));
      }
      return this.roundRobin(candidates);
    }
    return null;
  }

  /**
   * ngx_http_upstream_get_peer: every candidate gains its effective weight (which creeps back
   * towards the configured one after a failure), the heaviest wins and pays the total.
   */
  private roundRobin(candidates: number[]): number {
    let best = candidates[0]!;
    let total = 0;
    for (const i of candidates) {
      const p = this.peers[i]!;
      p.currentWeight += p.effectiveWeight;
      total += p.effectiveWeight;
      if (p.effectiveWeight < this.upstream.servers[i]!.weight) p.effectiveWeight++;
      if (p.currentWeight > this.peers[best]!.currentWeight) best = i;
    }
    this.peers[best]!.currentWeight -= total;
    return best;
  }

  /** ngx_http_upstream_get_ip_hash_peer's first point: the first three octets of the address. */
  private ipHash(address: string): number {
    const primaries = this.upstream.servers.map((s, i) => ({ s, i })).filter(({ s }) => !s.backup);
    const total = primaries.reduce((n, { s }) => n + s.weight, 0);
    if (total === 0) return -1;
    let hash = 89;
    for (const octet of address.split('.').slice(0, 3).map(Number)) hash = (hash * 113 + octet) % 6271;
    let w = hash % total;
    for (const { s, i } of primaries) {
      if (w < s.weight) return i;
      w -= s.weight;
    }
    return primaries[0]!.i;
  }

  started(i: number): void {
    this.peers[i]!.active++;
  }

  finished(i: number): void {
    this.peers[i]!.active = Math.max(0, this.peers[i]!.active - 1);
  }

  /** A failed try; true when the server's fails reach max_fails (nginx then warns, each time). */
  failed(i: number, now: number): boolean {
    const server = this.upstream.servers[i]!;
    if (this.single || server.maxFails === 0) return false;
    const p = this.peers[i]!;
    p.fails++;
    p.effectiveWeight = Math.max(0, p.effectiveWeight - Math.floor(server.weight / server.maxFails));
    if (p.fails >= server.maxFails) {
      p.failedUntil = now + this.failTimeouts[i]!;
      return true;
    }
    return false;
  }

  succeeded(i: number): void {
    this.peers[i]!.fails = 0;
  }
}
