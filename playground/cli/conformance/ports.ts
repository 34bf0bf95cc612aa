/**
 * Every run gets its own block of ports so runs can go in parallel (and beside other people's
 * servers on 18080): the scenario's ports are moved into the block, and the outcome is
 * mapped back so backend names and Host values read as the scenario wrote them.
 */
import { createServer } from 'node:net';
import type { Outcome, Scenario } from '../../src/index';

/** Below Linux's ephemeral range (32768+), so outgoing connections never hold our ports. */
const RANGE_START = 20000;
const RANGE_END = 32000;
export const BLOCK_SIZE = 16;

/** Ports a scenario uses: those its config names (see confine.ts), backend addresses, the client port. */
export function scenarioPorts(s: Scenario, configPorts: number[]): number[] {
  const ports = new Set<number>(configPorts);
  for (const address of Object.keys(s.backends)) ports.add(Number(address.split(':').pop()));
  if (s.client.port !== undefined) ports.add(s.client.port);
  return [...ports].filter((p) => Number.isInteger(p) && p > 0).sort((a, b) => a - b);
}

/** Backends and the client moved to their run ports (the config is moved by confine.ts). */
export function movePorts(s: Scenario, map: Map<number, number>): Scenario {
  const backends: Scenario['backends'] = {};
  for (const [address, spec] of Object.entries(s.backends)) {
    const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.split(':').pop())];
    backends[`${host}:${map.get(port) ?? port}`] = spec;
  }
  return { ...s, backends, client: { ...s.client, port: map.get(s.client.port!) ?? s.client.port } };
}

/** Replaces run ports by the scenario's own in every string of the outcome. */
export function mapOutcomeBack(o: Outcome, map: Map<number, number>): Outcome {
  const back = new Map([...map].map(([from, to]) => [String(to), String(from)]));
  const fix = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/\b\d{4,5}\b/g, (p) => back.get(p) ?? p);
    if (Array.isArray(v)) return v.map(fix);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, fix(val)]));
    }
    return v;
  };
  return fix(o) as Outcome;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * Hands out distinct blocks of free ports. The start is random so that two runner processes
 * (say, a developer's and `npm test`) rarely probe the same blocks; each block is checked free.
 */
export class PortBlocks {
  private next: number;
  constructor(seed = Math.random()) {
    const blocks = Math.floor((RANGE_END - RANGE_START) / BLOCK_SIZE);
    this.next = RANGE_START + Math.floor(seed * blocks) * BLOCK_SIZE;
  }

  /** The first port of a block whose BLOCK_SIZE ports all accept a listener right now. */
  async take(): Promise<number> {
    for (let tries = 0; tries < 50; tries++) {
      const base = this.next;
      this.next += BLOCK_SIZE;
      if (this.next + BLOCK_SIZE > RANGE_END) this.next = RANGE_START;
      const free = await Promise.all(Array.from({ length: BLOCK_SIZE }, (_, i) => portIsFree(base + i)));
      if (free.every(Boolean)) return base;
    }
    throw new Error(
      `no free block of ${BLOCK_SIZE} ports on 127.0.0.1 between ${RANGE_START} and ${RANGE_END}`,
    );
  }
}

/**
 * Runs that must keep the scenario's own ports take turns: `hash … consistent` places servers
 * on its ring by the `server` name as written, port included, so a moved port would move the
 * key. Own ports (18080…) lie below the blocks' range, so only these runs can meet each other.
 */
export class OwnPorts {
  private turn: Promise<void> = Promise.resolve();

  /** Waits for the other own-port runs, then checks the ports are free; call the result when done. */
  async take(ports: number[]): Promise<() => void> {
    let release!: () => void;
    const previous = this.turn;
    this.turn = new Promise((resolve) => {
      release = resolve;
    });
    await previous;
    const busy = [];
    for (const port of ports) if (!(await portIsFree(port))) busy.push(port);
    if (busy.length > 0) {
      release();
      throw new Error(
        `the scenario's own port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} ${busy.length > 1 ? 'are' : 'is'} in use on 127.0.0.1; a consistent hash needs them (the ring hashes the server names as written)`,
      );
    }
    return release;
  }
}

/** Whether real nginx must see the scenario's ports unmoved: a `hash … consistent` upstream. */
export function needsOwnPorts(directives: ReadonlyArray<{ name: string; args: readonly string[] }>): boolean {
  return directives.some((d) => d.name === 'hash' && d.args.includes('consistent'));
}

/** original → run port, in ascending order of the originals, within one block. */
export function portMap(ports: number[], base: number): Map<number, number> {
  if (ports.length > BLOCK_SIZE) {
    throw new Error(`a scenario may use at most ${BLOCK_SIZE} ports, this one uses ${ports.length}`);
  }
  return new Map(ports.map((p, i) => [p, base + i]));
}
