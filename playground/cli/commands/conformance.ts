/**
 * `nginx-ws-lab conformance [FILE|DIR…] [--record DIR] [--jobs N] [--real-only] [--json]`: runs
 * each scenario against real nginx and checks the simulator (and any recorded outcome next to
 * the scenario) against what nginx did. Exit 1 on any disagreement, failed run or refused
 * scenario. Scenarios are untrusted input: see conformance/confine.ts and isolation.ts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_NGINX_VERSION } from '../../src/index';
import { compareOutcomes } from '../../src/scenario/compare';
import { type AnyOutcome, isScenarioV2 } from '../../src/scenario/types';
import { installExitHandlers, sweepLeftovers } from '../conformance/cleanup';
import {
  describeIsolation,
  enterNamespace,
  HOST,
  type Isolation,
  insideSandbox,
  probeNamespace,
  runInNamespace,
} from '../conformance/isolation';
import { knownDisagreementFor, knownVerdict } from '../conformance/known-disagreements';
import { DEFAULT_NGINX, type Launcher, makeLauncher } from '../conformance/launcher';
import { nginxVersion } from '../conformance/nginx-process';
import { mapLimit, withTimeout } from '../conformance/pool';
import { PortBlocks } from '../conformance/ports';
import { failed, type Row, renderTable, type Verdict } from '../conformance/report';
import { MAX_REAL_UNTIL, runReal } from '../conformance/run-real';
import { runRealV2 } from '../conformance/run-v2';
import { findScenarioFiles, loadScenarioFile } from '../conformance/scenario-file';
import { missedGoals, type Simulate, simulatorFor } from '../conformance/simulator';
import { EngineTimeout, scenarioPlace, timeoutMessage } from '../time-limit';

export const summary = 'run scenarios against real nginx and compare with the simulator';

const USAGE = `usage: nginx-ws-lab conformance [FILE|DIR...] [--record DIR] [--jobs N] [--real-only] [--json]

  FILE|DIR     scenario files, or directories searched recursively
               (default: content/scenarios)
  --record DIR write each real outcome to DIR/<scenario>.json
  --jobs N     scenarios run in parallel, each on its own ports (default 4);
               a scenario that fails is run once more alone before it counts
  --real-only  do not compare with the simulator
  --json       print the report as JSON (isolation, nginx version, every row)
Uses ${DEFAULT_NGINX.join(' ')} (override with NGINX_BIN, e.g. a launcher that
scripts/nginx-versions/install.mjs writes); the simulator models the version that nginx -v
reports. Exit 1 on any disagreement.
Scenarios are untrusted: nginx runs in a private network namespace where the kernel allows
it, listens only on 127.0.0.1, and touches files only in its temp dir; configs that reach
further are refused, naming the line. client.until is capped at ${MAX_REAL_UNTIL} s.`;

interface Options {
  targets: string[];
  record: string | null;
  jobs: number;
  realOnly: boolean;
  json: boolean;
}

function parseArgs(args: string[]): Options | string {
  const o: Options = { targets: [], record: null, jobs: 4, realOnly: false, json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--record') {
      const dir = args[++i];
      if (!dir) return '--record needs a directory';
      o.record = dir;
    } else if (a === '--jobs') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 32) return '--jobs needs a whole number from 1 to 32';
      o.jobs = n;
    } else if (a === '--real-only') o.realOnly = true;
    else if (a === '--json') o.json = true;
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else o.targets.push(a);
  }
  return o;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function defaultTargets(): string[] {
  return [join(repoRoot, 'content/scenarios')].filter((d) => existsSync(d));
}

/** A recorded outcome for `dir/NAME.yaml`: `dir/expected/NAME.json` or `dir/recorded/NAME.json`. */
function recordedOutcome(path: string): AnyOutcome | null {
  const name = basename(path, extname(path));
  for (const sub of ['expected', 'recorded']) {
    const candidate = join(dirname(path), sub, `${name}.json`);
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8')) as AnyOutcome;
  }
  return null;
}

function verdict(real: AnyOutcome, other: AnyOutcome): Verdict {
  const diffs = compareOutcomes(real, other);
  return diffs.length ? { kind: 'disagree', diffs } : { kind: 'agree' };
}

/** Bound on one scenario's run beyond its own `until`: start, stop and settle times. */
const RUN_OVERHEAD_MS = 20_000;

/** The sandbox this process runs scenarios in: a namespace (inner runner) or the host. */
function settle(isolation: Isolation): { isolation: Isolation; launcher: Launcher } {
  installExitHandlers();
  if (isolation.network === 'namespace') enterNamespace();
  else {
    sweepLeftovers();
    process.stderr.write(
      `conformance: warning: no private network namespace (${isolation.reason}); nginx listens on the host's 127.0.0.1\n`,
    );
  }
  return { isolation, launcher: makeLauncher(DEFAULT_NGINX, isolation.namespace === 'user+net') };
}

function isolationLine(isolation: Isolation, launcher: Launcher): string {
  const death = launcher.diesWithRunner
    ? 'killed if the runner dies'
    : 'NOT killed if the runner is SIGKILLed';
  const notes = launcher.notes.length ? `; ${launcher.notes.join('; ')}` : '';
  return `isolation: ${describeIsolation(isolation)}; nginx runs as ${launcher.user}, ${death}${notes}`;
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`conformance: ${parsed}\n${USAGE}\n`);
    return 2;
  }
  if (!existsSync(DEFAULT_NGINX[0]!)) {
    process.stderr.write(
      `conformance: ${DEFAULT_NGINX[0]} not found; install it with "apt-get install -y nginx-light"\n`,
    );
    return 2;
  }
  let files: string[];
  try {
    files = findScenarioFiles(parsed.targets.length ? parsed.targets : defaultTargets());
  } catch (e) {
    process.stderr.write(`conformance: ${(e as Error).message}\n`);
    return 2;
  }
  if (!files.length) {
    process.stderr.write('conformance: no scenario files found\n');
    return 2;
  }
  let sandbox = insideSandbox();
  if (!sandbox) {
    const probe = probeNamespace();
    if ('namespace' in probe) return runInNamespace(args, probe.namespace, probe.ip);
    sandbox = HOST(probe.reason);
  }
  const { isolation, launcher } = settle(sandbox);
  // The simulator models the nginx it is judged by; the recordings next to the scenarios are
  // 1.22.1's, so another version is compared with them only by scripts/nginx-versions/compare.ts.
  const reported = await nginxVersion(launcher.nginx);
  const version = /^nginx\/(\d+\.\d+\.\d+)$/.exec(reported)?.[1] ?? DEFAULT_NGINX_VERSION;
  const simulate: Simulate | null = parsed.realOnly ? null : simulatorFor(version);
  const recordedHere = version === DEFAULT_NGINX_VERSION;
  if (parsed.record) mkdirSync(parsed.record, { recursive: true });

  const started = Date.now();
  // Simulate everything first: simulate() is synchronous, and running it while other
  // scenarios are live would stall their clients and backends (same event loop) and skew times.
  const simulated = new Map<string, AnyOutcome | Error | null>();
  if (simulate) {
    for (const path of files) {
      try {
        simulated.set(path, simulate(readFileSync(path, 'utf8')));
      } catch (e) {
        const shown = path.startsWith(`${repoRoot}/`) ? path.slice(repoRoot.length + 1) : path;
        simulated.set(
          path,
          e instanceof EngineTimeout
            ? new Error(timeoutMessage(e, (origin) => scenarioPlace(shown, origin)))
            : (e as Error),
        );
      }
    }
  }
  const blocks = new PortBlocks();
  const runOne = async (path: string): Promise<Row> => {
    const t0 = Date.now();
    const row: Row = {
      name: path.startsWith(`${repoRoot}/`) ? path.slice(repoRoot.length + 1) : path,
      seconds: 0,
      simulator: { kind: 'skipped', why: 'real-only' },
      recorded: { kind: 'skipped', why: 'none' },
      goals: { kind: 'skipped', why: 'none' },
    };
    try {
      const file = loadScenarioFile(path);
      row.name = file.name;
      const scenario = file.scenario;
      const real = await withTimeout<AnyOutcome>(
        isScenarioV2(scenario)
          ? runRealV2({ path, scenario, blocks, launcher })
          : runReal({ path, scenario, blocks, launcher }),
        (isScenarioV2(scenario) ? scenario.until : scenario.client.until) * 1000 + RUN_OVERHEAD_MS,
        `real run of ${file.name}`,
      );
      row.real = real;
      const sim = simulated.get(path);
      if (sim === null) row.simulator = { kind: 'skipped', why: 'not modelled yet (scenario v2)' };
      else if (sim instanceof Error) {
        row.simulator = {
          kind: 'disagree',
          diffs: [{ field: 'simulate', expected: 'an outcome', actual: sim.message }],
        };
      } else if (sim) row.simulator = knownVerdict(verdict(real, sim), knownDisagreementFor(path));
      const missed = missedGoals(file.text, real);
      if (missed) row.goals = missed.length ? { kind: 'disagree', diffs: missed } : { kind: 'agree' };
      const recorded = parsed.record ? null : recordedOutcome(path);
      if (recorded && recordedHere) row.recorded = verdict(real, recorded);
      else if (recorded) row.recorded = { kind: 'skipped', why: `recorded on ${DEFAULT_NGINX_VERSION}` };
      if (parsed.record) {
        writeFileSync(
          join(parsed.record, `${basename(path, extname(path))}.json`),
          `${JSON.stringify(real, null, 1)}\n`,
        );
      }
    } catch (e) {
      row.error = (e as Error).message;
    }
    row.seconds = (Date.now() - t0) / 1000;
    process.stderr.write(`${failed(row) ? '✗' : '✓'} ${row.name} (${row.seconds.toFixed(1)}s)\n`);
    return row;
  };
  const rows = await mapLimit(files, parsed.jobs, runOne);
  // Parallel runs on a busy machine can lag by a large part of a second. A failed scenario is
  // run once more on its own, and only a failure that persists counts.
  const retried = new Set<string>();
  for (const [i, path] of files.entries()) {
    if (!failed(rows[i]!) || rows[i]!.error?.startsWith(path)) continue;
    process.stderr.write(`  re-running ${rows[i]!.name} alone\n`);
    rows[i] = await runOne(path);
    retried.add(rows[i]!.name);
  }

  const count = (pick: (r: Row) => Verdict, kind: Verdict['kind']) =>
    rows.filter((r) => pick(r).kind === kind).length;
  const errors = rows.filter((r) => r.error).length;
  const seconds = (Date.now() - started) / 1000;
  if (parsed.json) {
    const report = {
      nginx: reported,
      isolation: {
        ...isolation,
        nginx_user: launcher.user,
        nginx_killed_with_runner: launcher.diesWithRunner,
        notes: launcher.notes,
      },
      seconds,
      jobs: parsed.jobs,
      scenarios: rows,
      failed: rows.filter(failed).length,
    };
    process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
    return rows.some(failed) ? 1 : 0;
  }
  process.stdout.write(`${renderTable(rows)}\n\n${isolationLine(isolation, launcher)}\n`);
  process.stdout.write(
    `${reported}: ${rows.length} scenarios in ${seconds.toFixed(1)} s ` +
      `(--jobs ${parsed.jobs}); simulator agrees ${count((r) => r.simulator, 'agree')}, ` +
      `disagrees ${count((r) => r.simulator, 'disagree')}, known disagreements ${count((r) => r.simulator, 'known')}; ` +
      `recorded agrees ${count((r) => r.recorded, 'agree')}, ` +
      `disagrees ${count((r) => r.recorded, 'disagree')}; goals met ${count((r) => r.goals, 'agree')}, ` +
      `missed ${count((r) => r.goals, 'disagree')}; run errors ${errors}; re-run alone ${retried.size}\n`,
  );
  return rows.some(failed) ? 1 : 0;
}
