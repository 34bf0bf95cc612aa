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
