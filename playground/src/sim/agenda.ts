/**
 * The simulator's agenda for scenario v2: things due at a time, taken in the order the contract
 * gives for equal instants (docs/scenario-format.md, "Events"): events first (in file order),
 * then clients' actions (in list order), then nginx's own timers and answers. A binary heap, so a
 * thousand requests cost a few thousand cheap pushes and pops.
 */

/** Who acts: the contract orders equal instants by this, then by `rank` (file or list order). */
export const EVENT = 0;
export const CLIENT = 1;
export const NGINX = 2;

interface Entry {
  at: number;
  actor: number;
  rank: number;
  seq: number;
  run: () => void;
}

export class Agenda {
  private readonly heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  add(at: number, actor: number, rank: number, run: () => void): void {
    const entry = { at, actor, rank, seq: this.seq++, run };
    const h = this.heap;
    // Sift up with a hole: parents move down, the entry is written once.
    let i = h.length;
    h.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (!before(entry, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = entry;
  }

  /** The next entry due, removed; undefined when nothing is left. */
  next(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    const n = h.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(h[r]!, h[l]!) ? r : l;
      const m = h[child]!;
      if (!before(m, last)) break;
      h[i] = m;
      i = child;
    }
    h[i] = last;
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.actor !== b.actor) return a.actor < b.actor;
  if (a.rank !== b.rank) return a.rank < b.rank;
  return a.seq < b.seq;
}
