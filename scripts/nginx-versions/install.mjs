#!/usr/bin/env node
/**
 * Installs the nginx versions the simulator is proven against, each from a pinned Debian suite,
 * next to (never into) the system: the pins are `nginx-versions.json` beside this file.
 *
 *   node scripts/nginx-versions/install.mjs                  # every pinned version into .nginx/
 *   node scripts/nginx-versions/install.mjs --only 1.26.3    # one of them
 *   node scripts/nginx-versions/install.mjs --dir DIR        # somewhere else
 *   node scripts/nginx-versions/install.mjs --repin [VERSION…]  # re-pin to what the suites hold now
 *
 * Each version gets `DIR/<version>/nginx`, a launcher that runs that nginx with its own C library
 * and libraries (Debian's loader with `--library-path`), so `NGINX_BIN=.nginx/1.26.3/nginx` works
 * wherever a path to an nginx binary is expected. The launcher unsets `NGINX`, which nginx reads
 * for inherited listening sockets.
 *
 * How: apt-get with a private sources list, state and cache under `DIR/.apt/` (the system's apt
 * configuration, lists and packages stay as they are), `apt-get download` of the pinned package
 * versions, their sha256 checked against the pins, `dpkg-deb -x` into `DIR/<version>/unpacked/`. The
 * version whose suite is `system` is the distribution's own package (bookworm's nginx-light at
 * /usr/sbin/nginx): it is checked, not downloaded. Running it again with nothing changed does
 * nothing; a changed pin reinstalls that version.
 *
 * Debian's mirrors keep only the current version of each package in a suite, so a pin of sid (and,
 * at its point releases, of trixie) goes stale: the script then exits 3 naming the packages that
 * moved, and `--repin` rewrites the pins to the suite's current versions (a reviewable diff: rerun
 * the conformance corpus against the new version before committing it, see docs/nginx-versions.md).
 *
 * Exit codes: 0 installed, 1 failed, 2 bad arguments or pins, 3 a pinned version left its suite.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
export const PINS_FILE = join(here, 'nginx-versions.json');
const LIB_DIR = 'usr/lib/x86_64-linux-gnu';
const LOADER = `${LIB_DIR}/ld-linux-x86-64.so.2`;
const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
const EXIT_STALE = 3;

const USAGE = `usage: node scripts/nginx-versions/install.mjs [--dir DIR] [--only VERSION[,VERSION…]] [--repin [VERSION…]]

  --dir DIR      where to install (default: .nginx/ in the repository, git-ignored)
  --only V,…     install only these versions (as named in nginx-versions.json)
  --repin [V…]   rewrite the pins of these versions (default: every downloaded one) to the
                 versions their Debian suite holds now, with their sha256, then install them
Environment: NGINX_VERSIONS_MIRROR overrides the Debian mirror (default: the system's own).
Exit codes: 0 installed, 1 failed, 2 bad arguments or pins, 3 a pinned version left its suite.`;

export class PinError extends Error {}
export class StalePinError extends Error {}

/** Checks the pins file's shape; returns its versions, each `{ nginx, suite, packages }`. */
export function validatePins(pins) {
  const where = 'nginx-versions.json';
  if (!pins || !Array.isArray(pins.versions) || !pins.versions.length) {
    throw new PinError(`${where}: needs a non-empty "versions" list`);
  }
  const seen = new Set();
  for (const [i, v] of pins.versions.entries()) {
    const at = `${where}: versions[${i}]`;
    if (typeof v.nginx !== 'string' || !/^\d+\.\d+\.\d+$/.test(v.nginx)) {
      throw new PinError(`${at}: "nginx" must be a version like 1.26.3`);
    }
    if (seen.has(v.nginx)) throw new PinError(`${at}: nginx ${v.nginx} is pinned twice`);
    seen.add(v.nginx);
    if (typeof v.suite !== 'string' || !/^[a-z][a-z0-9-]*$/.test(v.suite)) {
      throw new PinError(`${at}: "suite" must name a Debian suite (or "system")`);
    }
    if (!Array.isArray(v.packages) || !v.packages.length) {
      throw new PinError(`${at}: "packages" must list the packages`);
    }
    for (const [j, p] of v.packages.entries()) {
      const pat = `${at}.packages[${j}]`;
      if (typeof p.name !== 'string' || !/^[a-z0-9][a-z0-9+.-]+$/.test(p.name)) {
        throw new PinError(`${pat}: "name" must be a Debian package name`);
      }
      if (typeof p.version !== 'string' || !/^[0-9][A-Za-z0-9.+~:-]*$/.test(p.version)) {
        throw new PinError(`${pat}: "version" must be an exact Debian version`);
      }
      if (v.suite !== 'system' && (typeof p.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p.sha256))) {
        throw new PinError(`${pat}: "sha256" must be the .deb's 64 hex digit sha256`);
      }
    }
    const nginx = v.packages[0];
    if (upstreamVersion(nginx.version) !== v.nginx) {
      throw new PinError(
        `${at}: the first package (${nginx.name} ${nginx.version}) must be nginx ${v.nginx} itself`,
      );
    }
  }
  return pins.versions;
}

/** `1.26.3-3+deb13u10` → `1.26.3`; `1:4.4.38-1` → `4.4.38`. */
export function upstreamVersion(debian) {
  return debian.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
}

/**
 * The launcher: a shell script that runs the extracted nginx through the extracted loader with
 * the extracted libraries, found relative to the launcher itself (the directory can move).
 */
export function launcherScript(entry) {
  const from = entry.packages[0];
  if (entry.suite === 'system') {
    return `#!/bin/sh
# nginx ${entry.nginx}: the system's ${from.name} (Debian ${from.version} when pinned).
# Written by scripts/nginx-versions/install.mjs. NGINX (inherited sockets) is unset for nginx.
exec env -u NGINX ${entry.binary ?? '/usr/sbin/nginx'} "$@"
`;
  }
  return `#!/bin/sh
# nginx ${entry.nginx} from Debian ${entry.suite} (${from.name} ${from.version}), with its own libraries.
# Written by scripts/nginx-versions/install.mjs. NGINX (inherited sockets) is unset for nginx.
tree="$(dirname "$(readlink -f "$0")")/unpacked"
exec env -u NGINX "$tree/${LOADER}" --library-path "$tree/${LIB_DIR}" "$tree/usr/sbin/nginx" "$@"
`;
}

/** The message for pins whose versions are gone from their suite. */
export function staleMessage(entry, moved) {
  const lines = moved.map(
    (m) =>
      `  ${m.name} ${m.pinned} is not there; ${entry.suite} has ${m.available.length ? m.available.join(', ') : 'no version of it'}`,
  );
  return [
    `nginx ${entry.nginx}: pinned packages are no longer in Debian ${entry.suite} (its mirrors keep only the current versions):`,
    ...lines,
    `To move the pin: node scripts/nginx-versions/install.mjs --repin ${entry.nginx}`,
    'then run the corpus against the new version (docs/nginx-versions.md says how), update the doc,',
    'and commit scripts/nginx-versions/nginx-versions.json with what changed.',
  ].join('\n');
}

function parseArgs(argv) {
  const o = { dir: join(repoRoot, '.nginx'), only: null, repin: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dir') {
      if (!argv[i + 1]) return '--dir needs a directory';
      o.dir = resolve(argv[++i]);
    } else if (a === '--only') {
      if (!argv[i + 1]) return '--only needs a version';
      o.only = argv[++i].split(',').filter(Boolean);
    } else if (a === '--repin') {
      o.repin = [];
      while (argv[i + 1] && !argv[i + 1].startsWith('-')) o.repin.push(argv[++i]);
    } else if (a === '--help' || a === '-h') return 'help';
    else return `unknown argument ${a}`;
  }
  return o;
}

function log(line) {
  process.stderr.write(`nginx-versions: ${line}\n`);
}

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The Debian mirror the system's apt uses (never a host of our own choosing). */
function debianMirror() {
  if (process.env.NGINX_VERSIONS_MIRROR) return process.env.NGINX_VERSIONS_MIRROR.replace(/\/$/, '');
  const r = spawnSync('apt-get', ['indextargets', '--format', '$(REPO_URI)|$(ORIGIN)|$(LABEL)'], {
    encoding: 'utf8',
  });
  for (const line of (r.stdout ?? '').split('\n')) {
    const [uri, origin, label] = line.split('|');
    if (origin === 'Debian' && label === 'Debian' && uri) return uri.replace(/\/$/, '');
  }
  // No lists yet (apt-get update never ran): read the sources themselves.
  const files = ['/etc/apt/sources.list'];
  if (existsSync('/etc/apt/sources.list.d')) {
    for (const f of readdirSync('/etc/apt/sources.list.d')) {
      if (/\.(list|sources)$/.test(f)) files.push(join('/etc/apt/sources.list.d', f));
    }
  }
  for (const f of files) {
    if (!existsSync(f)) continue;
    const text = readFileSync(f, 'utf8');
    const m =
      /^URIs:\s*(\S+\/debian)\/?\s*$/m.exec(text) ??
      /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\/?\s/m.exec(text);
    if (m) return m[1];
  }
  throw new Error(
    'no Debian mirror found in the system apt sources; set NGINX_VERSIONS_MIRROR to one (its /debian URL)',
  );
}

/** apt-get/apt-cache options that keep everything of apt inside `state` (one per suite). */
function aptOptions(state) {
  return [
    `Dir::Etc::SourceList=${join(state, 'sources.list')}`,
    'Dir::Etc::SourceParts=/dev/null',
    `Dir::State=${state}`,
    `Dir::State::Lists=${join(state, 'lists')}`,
    'Dir::State::status=/dev/null',
    `Dir::Cache=${join(state, 'cache')}`,
    // Downloads land in our own directories, which apt's unprivileged user may not reach.
    `APT::Sandbox::User=${userInfo().username}`,
    // The system's hooks are about the system's package state, not ours.
    'APT::Update::Post-Invoke-Success::=',
    'APT::Update::Post-Invoke::=',
  ].flatMap((o) => ['-o', o]);
}

const updated = new Set();

function aptState(dir, suite) {
  const state = join(dir, '.apt', suite);
  if (updated.has(state)) return state;
  for (const d of ['lists/partial', 'cache/archives/partial']) mkdirSync(join(state, d), { recursive: true });
  const signed = existsSync(KEYRING) ? ` [signed-by=${KEYRING}]` : '';
  writeFileSync(join(state, 'sources.list'), `deb${signed} ${debianMirror()} ${suite} main\n`);
  log(`apt-get update (Debian ${suite}, private lists)`);
  execFileSync('apt-get', [...aptOptions(state), '-qq', 'update'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  updated.add(state);
  return state;
}

/** Versions of `name` that the suite holds now, newest first. */
function suiteVersions(state, name) {
  const r = spawnSync('apt-cache', [...aptOptions(state), 'madison', name], { encoding: 'utf8' });
  return (r.stdout ?? '')
    .split('\n')
    .map((l) => l.split('|').map((s) => s.trim()))
    .filter((cols) => cols.length >= 3 && cols[0] === name)
    .map((cols) => cols[1]);
}

/**
 * Downloads `name=version` of each package with one apt-get run (each run reads the whole
 * index), and returns each file by its package name: apt picks the file names, dpkg-deb reads them.
 */
function download(state, debs, wanted) {
  const tmp = join(debs, `.partial-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    execFileSync(
      'apt-get',
      [...aptOptions(state), '-qq', 'download', ...wanted.map((p) => `${p.name}=${p.version}`)],
      { cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const files = new Map();
    for (const f of readdirSync(tmp).filter((n) => n.endsWith('.deb'))) {
      const name = execFileSync('dpkg-deb', ['-f', join(tmp, f), 'Package'], { encoding: 'utf8' }).trim();
      const sum = sha256(join(tmp, f));
      renameSync(join(tmp, f), join(debs, `${sum}.deb`));
      files.set(name, { file: join(debs, `${sum}.deb`), sha256: sum });
    }
    for (const p of wanted) {
      if (!files.has(p.name)) throw new Error(`apt-get download ${p.name}=${p.version} wrote no .deb`);
    }
    return files;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The .deb of each pinned package, by sha256 under `DIR/.debs/`: kept from an earlier run (so a
 * version that left its suite still installs where it was fetched before), else downloaded.
 */
function fetchDebs(dir, entry, state) {
  const debs = join(dir, '.debs');
  mkdirSync(debs, { recursive: true });
  const path = (p) => join(debs, `${p.sha256}.deb`);
  const missing = entry.packages.filter((p) => !existsSync(path(p)) || sha256(path(p)) !== p.sha256);
  if (missing.length) {
    const got = download(state(), debs, missing);
    for (const p of missing) {
      const { file, sha256: sum } = got.get(p.name);
      if (sum !== p.sha256) {
        rmSync(file, { force: true });
        throw new Error(
          `${p.name} ${p.version} from Debian ${entry.suite} has sha256 ${sum}, the pin says ${p.sha256}: ` +
            'the mirror serves a different file under the pinned version; do not use it',
        );
      }
    }
  }
  return entry.packages.map(path);
}

function stalePackages(state, entry) {
  const moved = [];
  for (const p of entry.packages) {
    const available = suiteVersions(state, p.name);
    if (!available.includes(p.version)) moved.push({ name: p.name, pinned: p.version, available });
  }
  return moved;
}

/** `nginx -v` through the launcher: `nginx/1.26.3`, or the reason it did not run. */
function launcherVersion(launcher) {
  const r = spawnSync(launcher, ['-v'], { encoding: 'utf8', timeout: 10_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  return /nginx version: (nginx\/\S+)/.exec(out)?.[1] ?? (out || String(r.error ?? `exit ${r.status}`));
}

/** Every library the extracted nginx loads must come from its own tree, never the system's. */
function checkLibraries(root) {
  const r = spawnSync(
    join(root, LOADER),
    ['--library-path', join(root, LIB_DIR), '--list', join(root, 'usr/sbin/nginx')],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (r.status !== 0) throw new Error(`the loader cannot list nginx's libraries: ${r.stderr || r.stdout}`);
  const outside = r.stdout
    .split('\n')
    .map((l) => /=>\s*(\S+)/.exec(l)?.[1])
    .filter((p) => p && p !== 'not' && !p.startsWith(root));
  const missing = r.stdout.split('\n').filter((l) => /not found/.test(l));
  if (missing.length || outside.length) {
    throw new Error(
      `nginx needs libraries its pins do not bring (add their packages to the pins): ${[...missing, ...outside].join(', ')}`,
    );
  }
}

const STAMP = '.pin.json';

function installed(target, entry) {
  try {
    return (
      readFileSync(join(target, STAMP), 'utf8') === JSON.stringify(entry) &&
      readFileSync(join(target, 'nginx'), 'utf8') === launcherScript(entry) &&
      launcherVersion(join(target, 'nginx')) === `nginx/${entry.nginx}`
    );
  } catch {
    return false;
  }
}

function installSystem(dir, entry) {
  const target = join(dir, entry.nginx);
  const binary = entry.binary ?? '/usr/sbin/nginx';
  const pkg = entry.packages[0];
  if (!existsSync(binary)) {
    throw new Error(
      `nginx ${entry.nginx}: ${binary} is missing; install it with "apt-get install -y ${pkg.name}"`,
    );
  }
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Version}', pkg.name], { encoding: 'utf8' });
  const have = r.status === 0 ? r.stdout.trim() : 'not installed';
  if (have !== pkg.version) {
    log(
      `warning: nginx ${entry.nginx} is the system's ${pkg.name} ${have}; the pins name ${pkg.version} ` +
        '(outcomes recorded from one may differ from the other)',
    );
  }
  if (installed(target, entry)) return target;
  mkdirSync(target, { recursive: true });
  writeLauncher(target, entry);
  const v = launcherVersion(join(target, 'nginx'));
  if (v !== `nginx/${entry.nginx}`)
    throw new Error(`${binary} says ${v}, the pins name nginx/${entry.nginx}`);
  writeFileSync(join(target, STAMP), JSON.stringify(entry));
  return target;
}

function writeLauncher(target, entry) {
  const launcher = join(target, 'nginx');
  writeFileSync(launcher, launcherScript(entry));
  chmodSync(launcher, 0o755);
}

function installFromSuite(dir, entry) {
  const target = join(dir, entry.nginx);
  if (installed(target, entry)) return target;
  let state = null;
  const lazyState = () => {
    state ??= aptState(dir, entry.suite);
    return state;
  };
  let debs;
  try {
    debs = fetchDebs(dir, entry, lazyState);
  } catch (e) {
    const moved = stalePackages(lazyState(), entry);
    if (moved.length) throw new StalePinError(staleMessage(entry, moved));
    throw e;
  }
  // Build beside the target and swap it in whole: an interrupted run leaves no half-installed version.
  const staging = `${target}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    const root = join(staging, 'unpacked');
    mkdirSync(root, { recursive: true });
    for (const deb of debs) execFileSync('dpkg-deb', ['-x', deb, root]);
    checkLibraries(root);
    writeLauncher(staging, entry);
    const v = launcherVersion(join(staging, 'nginx'));
    if (v !== `nginx/${entry.nginx}`) {
      throw new Error(`the extracted nginx says ${v}, the pins name nginx/${entry.nginx}`);
    }
    writeFileSync(join(staging, STAMP), JSON.stringify(entry));
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

/** New pins for a suite's version: the current version of each pinned package, with its sha256. */
function repin(dir, entry) {
  const state = aptState(dir, entry.suite);
  const debs = join(dir, '.debs');
  mkdirSync(debs, { recursive: true });
  const current = entry.packages.map((p) => {
    const [version] = suiteVersions(state, p.name);
    if (!version) throw new Error(`Debian ${entry.suite} has no ${p.name}`);
    if (version !== p.version) log(`${entry.suite}: ${p.name} ${p.version} → ${version}`);
    return { name: p.name, version };
  });
  const got = download(state, debs, current);
  const packages = current.map((p) => ({ ...p, sha256: got.get(p.name).sha256 }));
  return { ...entry, nginx: upstreamVersion(packages[0].version), packages };
}

function main(argv) {
  const o = parseArgs(argv);
  if (typeof o === 'string') {
    process.stdout.write(`${o === 'help' ? '' : `nginx-versions: ${o}\n`}${USAGE}\n`);
    return o === 'help' ? 0 : 2;
  }
  let pins;
  let versions;
  try {
    pins = JSON.parse(readFileSync(PINS_FILE, 'utf8'));
    versions = validatePins(pins);
  } catch (e) {
    log(e instanceof SyntaxError ? `nginx-versions.json: ${e.message}` : e.message);
    return 2;
  }
  const unknown = [...(o.only ?? []), ...(o.repin ?? [])].filter((v) => !versions.some((e) => e.nginx === v));
  if (unknown.length) {
    log(
      `not in nginx-versions.json: ${unknown.join(', ')} (pinned: ${versions.map((e) => e.nginx).join(', ')})`,
    );
    return 2;
  }
  mkdirSync(o.dir, { recursive: true });
  try {
    if (o.repin) {
      pins.versions = versions.map((e) =>
        e.suite !== 'system' && (!o.repin.length || o.repin.includes(e.nginx)) ? repin(o.dir, e) : e,
      );
      validatePins(pins);
      writeFileSync(PINS_FILE, `${JSON.stringify(pins, null, 2)}\n`);
      log(`pins rewritten: ${relative(process.cwd(), PINS_FILE)} (review the diff)`);
      versions = pins.versions;
    }
    let stale = false;
    for (const entry of versions) {
      if (o.only && !o.only.includes(entry.nginx)) continue;
      try {
        const t0 = Date.now();
        const target =
          entry.suite === 'system' ? installSystem(o.dir, entry) : installFromSuite(o.dir, entry);
        const launcher = join(target, 'nginx');
        log(
          `nginx ${entry.nginx} (${entry.suite} ${entry.packages[0].version}): NGINX_BIN=${relative(process.cwd(), launcher) || launcher} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
        );
      } catch (e) {
        if (!(e instanceof StalePinError)) throw e;
        process.stderr.write(`${e.message}\n`);
        stale = true;
      }
    }
    return stale ? EXIT_STALE : 0;
  } catch (e) {
    log(e.message.trim());
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
