/** Timing helpers for `npm run bench`: medians, never single samples (the machine is shared). */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** Median wall time of `runs` calls; `fn` gets the run index so each call can use new input. */
export function time(fn: (run: number) => void, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Rounded for the results file: 3 significant decimals are plenty for milliseconds. */
export function round(ms: number, digits = 3): number {
  return Number(ms.toFixed(digits));
}

/**
 * How long `a` takes relative to `b`, robust to a shared machine's load: `rounds` rounds each
 * time both (5 calls each, median) back to back, in alternating order, after a warm-up; the
 * ratio is the median of the rounds' ratios, `a` and `b` the medians of the rounds' times.
 */
export function pairedRatio(
  a: () => void,
  b: () => void,
  rounds: number,
): { a: number; b: number; ratio: number } {
  for (let i = 0; i < 5; i++) {
    a();
    b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const first = r % 2 === 0 ? a : b;
    const second = r % 2 === 0 ? b : a;
    const t1 = time(first, 5);
    const t2 = time(second, 5);
    const [ta, tb] = r % 2 === 0 ? [t1, t2] : [t2, t1];
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
  }
  return { a: median(as), b: median(bs), ratio: median(ratios) };
}
