/**
 * `npm run bench`: engine speed, page weight (what Chromium downloads), the playground's edit
 * latency and Lighthouse scores, measured (the size budgets are also tests:
 * tests/e2e/budgets.e2e.ts; timings and scores are only reported).
 *
 *   npm run bench                               # all four, site from dist/
 *   npm run bench -- --dist ../x-dist          # measure another build
 *   npm run bench -- --only engine|site|latency|lighthouse   (repeatable, or comma-separated)
 *   npm run bench -- --only latency --latency-keys 100       # keystrokes per series (default 60)
 *   npm run bench -- --only lighthouse --lighthouse-reports out/lhr    # keep the full reports
 *   npm run bench -- --only lighthouse --lighthouse-runs 5             # runs per page (default 3)
 *
 * Writes bench/results.json (sections not measured this run are kept from the last run) and
 * bench/results.md, and prints a summary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEngine } from './bench/engine';
import { benchLatency } from './bench/latency';
import { benchLighthouse } from './bench/lighthouse';
import { type BenchResults, type Machine, markdown, summary } from './bench/report';
import { benchSite } from './bench/site';

const SECTIONS = ['engine', 'site', 'latency', 'lighthouse'] as const;
type Section = (typeof SECTIONS)[number];

const USAGE =
  'usage: npm run bench -- [--dist DIR] [--only engine|site|latency|lighthouse]… [--latency-keys N] [--lighthouse-reports DIR] [--lighthouse-runs N]';

interface Args {
  dist: string;
  only: Set<Section>;
  explicitDist: boolean;
  reports?: string;
  runs: number;
  keys: number;
}

function parseArgs(argv: string[]): Args {
  let dist = 'dist';
  let reports: string | undefined;
  let runs = 3;
  let keys = 60;
  let explicitDist = false;
  const only = new Set<Section>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--dist') {
      dist = value();
      explicitDist = true;
    } else if (flag === '--only') {
      for (const name of value().split(',')) {
        if (!SECTIONS.includes(name as Section))
          throw new Error(`--only ${name}: not one of ${SECTIONS.join(', ')}`);
        only.add(name as Section);
      }
    } else if (flag === '--lighthouse-runs') {
      runs = Number(value());
      if (!Number.isInteger(runs) || runs < 1 || runs > 20)
        throw new Error(`--lighthouse-runs: 1 to 20\n${USAGE}`);
    } else if (flag === '--latency-keys') {
      keys = Number(value());
      if (!Number.isInteger(keys) || keys < 10 || keys > 1000)
        throw new Error(`--latency-keys: 10 to 1000\n${USAGE}`);
    } else if (flag === '--lighthouse-reports') {
      reports = value();
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (only.size === 0) for (const s of SECTIONS) only.add(s);
  return { dist, only, explicitDist, runs, keys, ...(reports ? { reports } : {}) };
}

function machine(): Machine {
  const cpu = cpus();
  return {
    measuredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.versions.node,
    cpus: cpu.length,
    cpuModel: (cpu[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    load: Number((loadavg()[0] ?? 0).toFixed(2)),
  };
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const { dist, only, explicitDist, reports, runs, keys } = parseArgs(process.argv.slice(2));
  const log = (line: string): void => console.log(line);
  const fresh: BenchResults = {};

  const needsSite = only.has('site') || only.has('latency') || only.has('lighthouse');
  const haveDist = existsSync(join(dist, 'index.html'));
  if (needsSite && !haveDist) {
    const message = `${dist}/index.html is missing: build first (npx astro build --outDir ../x-dist) and pass --dist ../x-dist`;
    // Asked for the site explicitly: that is an error. Plain `npm run bench`: measure what we can.
    if (explicitDist || only.size < SECTIONS.length) throw new Error(message);
    log(`site, latency and lighthouse skipped: ${message}`);
    only.delete('site');
    only.delete('latency');
    only.delete('lighthouse');
  }

  if (only.has('engine')) fresh.engine = { machine: machine(), ...benchEngine(root, log) };
  if (only.has('site')) fresh.site = { machine: machine(), ...(await benchSite(dist, log)) };
  if (only.has('latency')) fresh.latency = { machine: machine(), ...(await benchLatency(dist, log, keys)) };
  if (only.has('lighthouse'))
    fresh.lighthouse = { machine: machine(), ...(await benchLighthouse(dist, log, reports, runs)) };

  const dir = join(root, 'bench');
  const file = join(dir, 'results.json');
  const previous: BenchResults = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const merged: BenchResults = { ...previous, ...fresh };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  formatLikeTheRepo(root, file);
  writeFileSync(join(dir, 'results.md'), markdown(merged));
  console.log(summary(fresh));
  console.log(`\nwritten: bench/results.json, bench/results.md`);
}

/** `npm run lint` checks every JSON file: give results.json biome's layout, not JSON.stringify's. */
function formatLikeTheRepo(root: string, file: string): void {
  const biome = join(root, 'node_modules/.bin/biome');
  const r = spawnSync(biome, ['format', '--write', file], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) console.warn(`bench: could not format ${file} with biome: ${r.stderr || r.error}`);
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
