#!/usr/bin/env node
/**
 * `npm test`: type check, lint, unit tests, build, then the browser tests and conformance
 * against real nginx side by side, stopping at the first failure. Chromium and nginx are system
 * packages: where one is missing, its step is skipped with one line naming the apt package
 * (and fails under CI, which installs both).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ci = Boolean(process.env.CI);
const reports = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const started = Date.now();

function run(title, cmd, args, env = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n▶ ${title}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stdout.write(`✗ ${title} failed after ${seconds}s (exit ${r.status ?? r.signal})\n`);
    finish(1);
  }
  process.stdout.write(`✓ ${title} (${seconds}s)\n`);
}

/** Adds a vitest JSON report's counts to the totals. */
function count(reportFile) {
  if (!existsSync(reportFile)) return;
  const r = JSON.parse(readFileSync(reportFile, 'utf8'));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}

function vitest(title, configArgs, name, cwd = process.cwd(), env = {}) {
  const out = join(reports, `${name}.json`);
  const r = spawnSync(
    'vitest',
    ['run', ...configArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    { stdio: 'inherit', cwd, env: { ...process.env, ...env } },
  );
  count(out);
  if (r.status !== 0) {
    process.stdout.write(`✗ ${title} failed\n`);
    finish(1);
  }
  process.stdout.write(`✓ ${title}\n`);
}

/** The pinned nginx versions (scripts/nginx-versions/nginx-versions.json) and which are installed in .nginx/. */
function nginxBuilds() {
  const pins = JSON.parse(readFileSync('scripts/nginx-versions/nginx-versions.json', 'utf8'));
  const versions = pins.versions.map((v) => v.nginx);
  return {
    installed: versions.filter((v) => existsSync(join('.nginx', v, 'nginx'))),
    missing: versions.filter((v) => !existsSync(join('.nginx', v, 'nginx'))),
  };
}

/** Runs in flight over all versions; see README ("Proven against real nginx") for how it was measured. */
const CONFORMANCE_JOBS = '12';

/**
 * Starts playing every scenario against real nginx — every pinned version that is installed, in
 * parallel — and the simulator set to each version; each scenario on each version counts as a
 * test. A conformance run mostly waits on nginx's timers (README, "The time budget"), so it runs
 * beside the browser tests instead of after them; a run that disagrees is played again alone
 * before it counts, so the browser's load cannot fail it. Its output goes to a file (this process
 * is blocked in the browser tests meanwhile) and is shown when both are done.
 */
function startConformance() {
  const { installed, missing: absent } = nginxBuilds();
  if (absent.length) {
    const line = `nginx ${absent.join(', ')} not installed in .nginx/ (node scripts/nginx-versions/install.mjs)`;
    if (ci) {
      process.stdout.write(`✗ ${line}\n`);
      finish(1);
    }
    process.stdout.write(
      `⚠ ${line}: playing on ${installed.length ? installed.join(', ') : 'the system nginx'} only\n`,
    );
    totals.skipped += absent.length;
  }
  const versions = installed.length ? ['--versions', installed.join(',')] : [];
  const log = join(reports, 'conformance.log');
  const fd = openSync(log, 'w');
  const t0 = Date.now();
  // Same process group: a Ctrl-C or CI's stop reaches it too, and its own cleanup stops nginx.
  const child = spawn(
    'node',
    ['bin/nginx-ws-lab.mjs', 'conformance', ...versions, '--jobs', CONFORMANCE_JOBS],
    {
      stdio: ['ignore', fd, fd],
    },
  );
  closeSync(fd);
  const done = new Promise((resolveExit) =>
    child.on('exit', (code, signal) => {
      background.delete(child);
      resolveExit({ code, signal, seconds: ((Date.now() - t0) / 1000).toFixed(1) });
    }),
  );
  background.add(child);
  process.stdout.write(`\n▶ conformance against real nginx (in the background, beside the browser tests)\n`);
  return { log, done };
}

/** Waits for the conformance run, shows its report and counts it. */
async function finishConformance({ log, done }) {
  const title = 'conformance against real nginx';
  const { code, signal, seconds } = await done;
  const output = readFileSync(log, 'utf8');
  process.stdout.write(`\n▶ ${title}\n${output}`);
  // One summary line per version.
  for (const m of output.matchAll(/simulator agrees (\d+), disagrees (\d+), known disagreements (\d+)/g)) {
    totals.passed += Number(m[1]);
    totals.failed += Number(m[2]);
    // Known disagreements (content/scenarios/<set>/KNOWN-DISAGREEMENTS*.yaml) are expected failures.
    totals.skipped += Number(m[3]);
  }
  if (code !== 0) {
    process.stdout.write(`✗ ${title} failed after ${seconds}s (exit ${code ?? signal})\n`);
    finish(1);
  }
  process.stdout.write(`✓ ${title} (${seconds}s)\n`);
}

function missing(what, pkg) {
  const line = `${what} is not installed: install it with "apt-get install -y ${pkg}"`;
  if (ci) {
    process.stdout.write(`✗ ${line}\n`);
    finish(1);
  }
  process.stdout.write(`⚠ skipped: ${line}\n`);
  totals.skipped += 1;
}

/**
 * A copy of the working tree as a fresh clone would have it (tracked and new files, nothing
 * ignored) in a temp dir with nothing beside it: the unit tests run there, so they prove on every
 * run that the repository needs no sibling folder (such as ../shared) and no hand-installed file.
 * node_modules (and .nginx/, the other nginx versions) are linked in, as their installers made them.
 */
function cloneLikeCopy() {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  });
  if (listed.status !== 0) return null; // not a git checkout: test in place
  const copy = join(reports, 'clone', 'nginx-ws-lab');
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(file)) continue; // deleted in the working tree, not yet in the index
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(file, join(copy, file));
  }
  // Installed, not written by hand: the packages, and the other nginx versions if installed.
  for (const installed of ['node_modules', '.nginx']) {
    if (existsSync(installed)) symlinkSync(resolve(installed), join(copy, installed));
  }
  return copy;
}

/** Children still running beside the current step (the conformance run). */
const background = new Set();

/** Stops what still runs in the background (the runner's own cleanup stops its nginx) and waits for it. */
function stopBackground() {
  for (const child of background) child.kill('SIGTERM');
  const deadline = Date.now() + 15_000;
  for (const child of background) {
    while (Date.now() < deadline && isAlive(child.pid))
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    if (isAlive(child.pid)) child.kill('SIGKILL');
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function finish(code) {
  stopBackground();
  rmSync(reports, { recursive: true, force: true });
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  process.stdout.write(`\nnpm test finished in ${minutes} min\n`);
  process.stdout.write(
    `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
  );
  process.exit(code);
}

run('type check (astro check + engine tsc)', 'npm', ['run', '--silent', 'check']);
run('lint (biome)', 'npm', ['run', '--silent', 'lint']);
const copy = cloneLikeCopy();
process.stdout.write(
  `\n▶ unit tests (vitest${copy ? ', in a copy of the repository with nothing beside it' : ''})\n`,
);
// Where the contract's originals are present (the project's CI), the copy's tests compare with them.
const originals = resolve('../shared');
vitest(
  'unit tests',
  [],
  'unit',
  copy ?? process.cwd(),
  existsSync(originals) ? { NGINX_WS_LAB_SHARED: originals } : {},
);
run('build (astro build)', 'npm', ['run', '--silent', 'build']);

const conformance = existsSync('/usr/sbin/nginx') ? startConformance() : null;
if (!conformance) missing('nginx (/usr/sbin/nginx)', 'nginx-light');

if (existsSync('/usr/bin/chromium') || process.env.CHROMIUM_PATH) {
  process.stdout.write('\n▶ browser tests (Playwright + Chromium)\n');
  vitest('browser tests', ['-c', 'vitest.e2e.config.ts'], 'e2e');
} else missing('Chromium (/usr/bin/chromium)', 'chromium');

if (conformance) await finishConformance(conformance);

finish(0);
