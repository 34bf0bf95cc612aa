/**
 * `nginx-ws-lab conformance [FILE|DIR…] [--nginx PATH]… [--versions all|V,…] [--record DIR]
 * [--jobs N] [--real-only] [--json]`: runs each scenario against real nginx — one build or several,
 * in parallel — and checks the simulator (set to the version under test) and the outcome recorded
 * for that version against what nginx did. Exit 1 on any disagreement, failed run or refused
 * scenario. Scenarios are untrusted input: see conformance/confine.ts and isolation.ts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnyOutcome, compareOutcomes, DEFAULT_NGINX_VERSION, isScenarioV2 } from '../../src/index';
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
import { type Launcher, makeLauncher, type NginxCommand } from '../conformance/launcher';
import { nginxVersion } from '../conformance/nginx-process';
import { mapLimit, withTimeout } from '../conformance/pool';
import { PortBlocks } from '../conformance/ports';
import { recordedOutcome } from '../conformance/recordings';
import { failed, type Row, renderTable, type Verdict } from '../conformance/report';
import { MAX_REAL_UNTIL, runReal } from '../conformance/run-real';
import { runRealV2 } from '../conformance/run-v2';
import { findScenarioFiles, loadScenarioFile } from '../conformance/scenario-file';
import { missedGoals, type Simulate, simulatorFor } from '../conformance/simulator';
import { nginxCommands, parseVersionsArg, playsOn } from '../conformance/versions';
import { EngineTimeout, scenarioPlace, timeoutMessage } from '../time-limit';

export const summary =
  'run scenarios against real nginx (one version or several) and compare with the simulator';

const USAGE = `usage: nginx-ws-lab conformance [FILE|DIR...] [--nginx PATH]... [--versions all|V,...]
                               [--record DIR] [--jobs N] [--real-only] [--json]

  FILE|DIR         scenario files, or directories searched recursively
                   (default: content/scenarios)
  --nginx PATH     an nginx binary (or launcher) to play on; repeat it to play every
                   scenario on several builds in parallel
  --versions all|V,...
                   the pinned builds scripts/nginx-versions/install.mjs puts in
                   .nginx/<version>/nginx (all: every version of nginx-versions.json);
                   combines with --nginx
  --record DIR     write each real outcome to DIR/<scenario>.json
                   (with several builds: DIR/<version>/<scenario>.json)
  --jobs N         runs in parallel, over all builds, each on its own ports (default 4);
                   a run that fails is run once more alone before it counts
  --real-only      do not compare with the simulator
  --json           print the report as JSON (isolation, versions, every row)
Without --nginx and --versions: ${process.env.NGINX_BIN ? `NGINX_BIN (${process.env.NGINX_BIN})` : '/usr/sbin/nginx (or NGINX_BIN)'}.
Each build is judged as the version its nginx -v reports: the simulator models that version,
and the outcome recorded for it (recorded/NAME.json for ${DEFAULT_NGINX_VERSION}, recorded/<version>/NAME.json
for others) is compared. A scenario with nginx_version plays only on builds of that version.
Exit status: 0 real nginx and the simulator agree on every scenario, 1 on any disagreement
(or a scenario real nginx could not run), 2 bad usage or no scenario found.
Scenarios are untrusted: nginx runs in a private network namespace where the kernel allows
it, listens only on 127.0.0.1, and touches files only in its temp dir; configs that reach
further are refused, naming the line. client.until is capped at ${MAX_REAL_UNTIL} s.`;

interface Options {
  targets: string[];
  nginx: string[];
  versions: string[] | 'all' | null;
  record: string | null;
  jobs: number;
  realOnly: boolean;
  json: boolean;
}

function parseArgs(args: string[]): Options | string {
  const o: Options = {
    targets: [],
    nginx: [],
    versions: null,
    record: null,
    jobs: 4,
    realOnly: false,
    json: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--record') {
      const dir = args[++i];
      if (!dir) return '--record needs a directory';
      o.record = dir;
    } else if (a === '--nginx') {
      const path = args[++i];
      if (!path) return '--nginx needs the path of an nginx binary';
      o.nginx.push(resolve(path));
    } else if (a === '--versions') {
      const v = parseVersionsArg(args[++i]);
      if (typeof v === 'string' && v !== 'all') return v;
      o.versions = v;
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

function verdict(real: AnyOutcome, other: AnyOutcome): Verdict {
  const diffs = compareOutcomes(real, other);
  return diffs.length ? { kind: 'disagree', diffs } : { kind: 'agree' };
}

/** Bound on one scenario's run beyond its own `until`: start, stop and settle times. */
const RUN_OVERHEAD_MS = 20_000;

/** One nginx build under test. */
interface Build {
  launcher: Launcher;
  /** What `nginx -v` says, e.g. `nginx/1.30.6`. */
  reported: string;
  /** The version the simulator models and the recordings are looked up by. */
  version: string;
  simulate: Simulate | null;
}

/** The sandbox this process runs scenarios in: a namespace (inner runner) or the host. */
function settle(isolation: Isolation): void {
  installExitHandlers();
  if (isolation.network === 'namespace') enterNamespace();
  else {
    sweepLeftovers();
    process.stderr.write(
      `conformance: warning: no private network namespace (${isolation.reason}); nginx listens on the host's 127.0.0.1\n`,
    );
  }
}

async function buildFor(nginx: NginxCommand, isolation: Isolation, realOnly: boolean): Promise<Build> {
  const launcher = makeLauncher(nginx, isolation.namespace === 'user+net');
  const reported = await nginxVersion(launcher.nginx);
  const version = /^nginx\/(\d+\.\d+\.\d+)$/.exec(reported)?.[1] ?? DEFAULT_NGINX_VERSION;
  return { launcher, reported, version, simulate: realOnly ? null : simulatorFor(version) };
}

function isolationLine(isolation: Isolation, launcher: Launcher): string {
  const death = launcher.diesWithRunner
    ? 'killed if the runner dies'
    : 'NOT killed if the runner is SIGKILLed';
  const notes = launcher.notes.length ? `; ${launcher.notes.join('; ')}` : '';
  return `isolation: ${describeIsolation(isolation)}; nginx runs as ${launcher.user}, ${death}${notes}`;
}

/** The nginx_version a scenario file pins (read without judging the file: a bad one fails its run). */
function pinOf(path: string): string | undefined {
  try {
    return loadScenarioFile(path).scenario.nginx_version;
  } catch {
    return undefined;
  }
}

interface Job {
  build: Build;
  path: string;
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
  const commands = nginxCommands(repoRoot, parsed.nginx, parsed.versions);
  if (typeof commands === 'string') {
    process.stderr.write(`conformance: ${commands}\n`);
    return 2;
  }
  const absent = commands.find((c) => !existsSync(c[0]!));
  if (absent) {
    const hint = absent[0] === '/usr/sbin/nginx' ? '; install it with "apt-get install -y nginx-light"' : '';
    process.stderr.write(`conformance: ${absent[0]} not found${hint}\n`);
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
  const isolation = sandbox;
  settle(isolation);
  const builds: Build[] = [];
  for (const c of commands) builds.push(await buildFor(c, isolation, parsed.realOnly));
  const twice = builds.find((b, i) => builds.findIndex((o) => o.version === b.version) !== i);
  if (twice) {
    const paths = builds.filter((b) => b.version === twice.version).map((b) => b.launcher.nginx.join(' '));
    process.stderr.write(
      `conformance: ${paths.join(' and ')} are both ${twice.reported}: give each version once\n`,
    );
    return 2;
  }
  const recordDir = (b: Build) =>
    parsed.record && (builds.length > 1 ? join(parsed.record, b.version) : parsed.record);
  for (const b of builds) {
    const dir = recordDir(b);
    if (dir) mkdirSync(dir, { recursive: true });
  }

  const started = Date.now();
  // A pinned scenario plays only on the builds of its version.
  const pins = new Map(files.map((path) => [path, pinOf(path)]));
  const jobs: Job[] = files.flatMap((path) =>
    builds.filter((b) => playsOn(pins.get(path), b.version)).map((build) => ({ build, path })),
  );
  const notPlayed = (b: Build) => files.filter((path) => !playsOn(pins.get(path), b.version)).length;
  // Simulate everything first: simulate() is synchronous, and running it while other
  // scenarios are live would stall their clients and backends (same event loop) and skew times.
  const simulated = new Map<Job, AnyOutcome | Error | null>();
  for (const job of jobs) {
    if (!job.build.simulate) continue;
    try {
      simulated.set(job, job.build.simulate(readFileSync(job.path, 'utf8')));
    } catch (e) {
      const path = job.path;
      const shown = path.startsWith(`${repoRoot}/`) ? path.slice(repoRoot.length + 1) : path;
      simulated.set(
        job,
        e instanceof EngineTimeout
          ? new Error(timeoutMessage(e, (origin) => scenarioPlace(shown, origin)))
          : (e as Error),
      );
    }
  }
  const blocks = new PortBlocks();
  const runOne = async (job: Job): Promise<Row> => {
    const { build, path } = job;
    const t0 = Date.now();
    const row: Row = {
      name: path.startsWith(`${repoRoot}/`) ? path.slice(repoRoot.length + 1) : path,
      nginx: build.version,
      seconds: 0,
      simulator: { kind: 'skipped', why: 'real-only' },
      recorded: { kind: 'skipped', why: 'none' },
      goals: { kind: 'skipped', why: 'none' },
    };
    try {
      const file = loadScenarioFile(path);
      row.name = file.name;
      const scenario = file.scenario;
      const launcher = build.launcher;
      const real = await withTimeout<AnyOutcome>(
        isScenarioV2(scenario)
          ? runRealV2({ path, scenario, blocks, launcher })
          : runReal({ path, scenario, blocks, launcher }),
        (isScenarioV2(scenario) ? scenario.until : scenario.client.until) * 1000 + RUN_OVERHEAD_MS,
        `real run of ${file.name} on ${build.reported}`,
      );
      row.real = real;
      const sim = simulated.get(job);
      if (sim === null) row.simulator = { kind: 'skipped', why: 'not modelled yet (scenario v2)' };
      else if (sim instanceof Error) {
        row.simulator = {
          kind: 'disagree',
          diffs: [{ field: 'simulate', expected: 'an outcome', actual: sim.message }],
        };
      } else if (sim) {
        row.simulator = knownVerdict(verdict(real, sim), knownDisagreementFor(path, build.version));
      }
      const missed = missedGoals(file.text, real);
      if (missed) row.goals = missed.length ? { kind: 'disagree', diffs: missed } : { kind: 'agree' };
      const dir = recordDir(build);
      const recorded = dir ? null : recordedOutcome(path, build.version);
      if (recorded) row.recorded = verdict(real, recorded);
      if (dir) {
        writeFileSync(
          join(dir, `${basename(path, extname(path))}.json`),
          `${JSON.stringify(real, null, 1)}\n`,
        );
      }
    } catch (e) {
      row.error = (e as Error).message;
    }
    row.seconds = (Date.now() - t0) / 1000;
    const on = builds.length > 1 ? ` on ${build.version}` : '';
    process.stderr.write(`${failed(row) ? '✗' : '✓'} ${row.name}${on} (${row.seconds.toFixed(1)}s)\n`);
    return row;
  };
  const rows = await mapLimit(jobs, parsed.jobs, runOne);
  // Parallel runs on a busy machine can lag by a large part of a second. A failed scenario is
  // run once more on its own, and only a failure that persists counts.
  const retried = new Set<Row>();
  for (const [i, job] of jobs.entries()) {
    if (!failed(rows[i]!) || rows[i]!.error?.startsWith(job.path)) continue;
    process.stderr.write(`  re-running ${rows[i]!.name} on ${job.build.version} alone\n`);
    rows[i] = await runOne(job);
    retried.add(rows[i]!);
  }

  const seconds = (Date.now() - started) / 1000;
  const rowsOf = (b: Build) => rows.filter((_, i) => jobs[i]!.build === b);
  if (parsed.json) {
    const report = {
      nginx: builds[0]!.reported,
      versions: builds.map((b) => ({
        nginx: b.reported,
        command: b.launcher.nginx,
        scenarios: rowsOf(b).length,
        failed: rowsOf(b).filter(failed).length,
        not_played: notPlayed(b),
      })),
      isolation: {
        ...isolation,
        nginx_user: builds[0]!.launcher.user,
        nginx_killed_with_runner: builds[0]!.launcher.diesWithRunner,
        notes: builds[0]!.launcher.notes,
      },
      seconds,
      jobs: parsed.jobs,
      scenarios: rows,
      failed: rows.filter(failed).length,
    };
    process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
    return rows.some(failed) ? 1 : 0;
  }
  for (const b of builds) {
    const mine = rowsOf(b);
    const heading = builds.length > 1 ? `${b.reported} (${b.launcher.nginx.join(' ')})\n` : '';
    process.stdout.write(`${heading}${renderTable(mine)}\n\n`);
  }
  process.stdout.write(`${isolationLine(isolation, builds[0]!.launcher)}\n`);
  for (const b of builds) {
    const mine = rowsOf(b);
    const count = (pick: (r: Row) => Verdict, kind: Verdict['kind']) =>
      mine.filter((r) => pick(r).kind === kind).length;
    const pinned = notPlayed(b);
    process.stdout.write(
      `${b.reported}: ${mine.length} scenarios in ${seconds.toFixed(1)} s ` +
        `(--jobs ${parsed.jobs}${builds.length > 1 ? ` over ${builds.length} versions` : ''}); ` +
        `simulator agrees ${count((r) => r.simulator, 'agree')}, ` +
        `disagrees ${count((r) => r.simulator, 'disagree')}, known disagreements ${count((r) => r.simulator, 'known')}; ` +
        `recorded agrees ${count((r) => r.recorded, 'agree')}, ` +
        `disagrees ${count((r) => r.recorded, 'disagree')}; goals met ${count((r) => r.goals, 'agree')}, ` +
        `missed ${count((r) => r.goals, 'disagree')}; run errors ${mine.filter((r) => r.error).length}; ` +
        `re-run alone ${mine.filter((r) => retried.has(r)).length}` +
        `${pinned ? `; not played (pinned to another version) ${pinned}` : ''}\n`,
    );
  }
  return rows.some(failed) ? 1 : 0;
}
