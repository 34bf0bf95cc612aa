/**
 * Runs real nginx for one scenario: a private prefix in a temp directory holding the scenario's
 * files and its confined config (see confine.ts) wrapped so that nginx runs in the foreground
 * without a master process; `nginx -t` first, then the server itself, each in its own process
 * group, registered for cleanup and stopped with bounded waits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { RUN_DIR_PREFIX, track, writeOwner } from './cleanup';
import { insidePrefix, MAIN_FILE } from './config-tree';
import type { Confined } from './confine';
import type { Launcher } from './launcher';
import { RUNNER_FILES, runnerHttpSettings } from './sandbox-rules';

export interface NginxPrefix {
  /** The run's own temp dir: holds the prefix and nothing else of interest. */
  runDir: string;
  /**
   * nginx's prefix (`-p`), one level below the run dir, so that a path climbing one level out
   * of it (an alias without a trailing slash) still lands in the run's own directory.
   */
  dir: string;
  conf: string;
  errorLog: string;
  pidFile: string;
}

const removers = new WeakMap<NginxPrefix, () => void>();

/**
 * Every file the runner writes into the prefix gets this modification time, so that what nginx
 * derives from it (Last-Modified, ETag, If-Modified-Since answers) is the same on every run and
 * can be recorded and predicted: 2001-09-09 01:46:40 UTC (Unix time 1,000,000,000).
 */
export const FILES_MTIME = 1_000_000_000;

/**
 * What the runner puts on line 1, before the scenario's first character. Scenario v2 runs with a
 * master process (reload needs one); v1 without, as its outcomes were recorded.
 */
function mainSettings(confined: Confined, launcher: Launcher, master: boolean): string {
  return [
    'daemon off;',
    `master_process ${master ? 'on' : 'off'};`,
    'pid nginx.pid;',
    confined.mainErrorLog ? '' : 'error_log error.log info;',
    launcher.userRoot ? 'user root;' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The runnable nginx.conf whose line N is the config's line N: everything added goes on line 1
 * before the config's first character, inside the `http {` line, or after the config's end.
 */
export function wrapConfig(config: string, confined: Confined, launcher: Launcher, master = false): string {
  const main = mainSettings(confined, launcher, master);
  if (confined.tree.form === 'http') {
    const close = config.endsWith('\n') ? '}\n' : '\n}\n';
    return `${main} events {} http { ${runnerHttpSettings(confined.httpTempPaths)} ${config}${close}`;
  }
  return `${main} ${confined.hasEvents ? '' : 'events {} '}${config}`;
}

/** mime.types as nginx ships it, for `include mime.types;` (resolved in the prefix). */
const SYSTEM_MIME_TYPES = '/etc/nginx/mime.types';

/**
 * The scenario's files under the names nginx sees in the prefix (`./a/../b.conf` is `b.conf`),
 * plus what the runner provides there. A name that leaves the prefix is an error.
 */
export function prefixFiles(files: Record<string, string> | undefined, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files ?? {})) {
    const inside = insidePrefix(name);
    if (inside === null || inside === '.') {
      throw new Error(`${path}: files."${name}" must be a relative name inside the run's directory`);
    }
    if (RUNNER_FILES.includes(inside.split('/')[0]!))
      throw new Error(`${path}: files."${name}" is a file the runner writes itself`);
    out[inside] = text;
  }
  if (out['mime.types'] === undefined && existsSync(SYSTEM_MIME_TYPES)) {
    out['mime.types'] = readFileSync(SYSTEM_MIME_TYPES, 'utf8');
  }
  return out;
}

export function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) chownTree(full, owner);
    else chownSync(full, owner.uid, owner.gid);
  }
}

/**
 * Materialises the run: files (confined texts for the ones the config includes), the wrapped
 * config, ownership for an unprivileged nginx. The run dir is registered for removal at once.
 */
export function prepareNginx(
  files: Record<string, string>,
  texts: Map<string, string>,
  confined: Confined,
  launcher: Launcher,
  master = false,
): NginxPrefix {
  const runDir = mkdtempSync(join(tmpdir(), RUN_DIR_PREFIX));
  const untrack = track({
    phase: 1,
    stop: async () => rmSync(runDir, { recursive: true, force: true }),
    stopNow: () => rmSync(runDir, { recursive: true, force: true }),
  });
  const prefix: NginxPrefix = {
    runDir,
    dir: join(runDir, 'prefix'),
    conf: join(runDir, 'prefix', 'nginx.conf'),
    errorLog: join(runDir, 'prefix', 'error.log'),
    pidFile: join(runDir, 'prefix', 'nginx.pid'),
  };
  removers.set(prefix, untrack);
  try {
    writeOwner(runDir);
    mkdirSync(prefix.dir);
    for (const [name, text] of Object.entries(files)) {
      const target = join(prefix.dir, name);
      if (!target.startsWith(prefix.dir + sep)) {
        throw new Error(`files."${name}": must be a relative name inside the run's directory`);
      }
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, texts.get(name) ?? text);
      utimesSync(target, FILES_MTIME, FILES_MTIME);
    }
    writeFileSync(prefix.conf, wrapConfig(texts.get(MAIN_FILE) ?? '', confined, launcher, master));
    if (launcher.owner) {
      // nobody only passes through the run dir; the prefix is its own.
      chmodSync(runDir, 0o711);
      chownTree(prefix.dir, launcher.owner);
    }
  } catch (e) {
    removePrefix(prefix);
    throw e;
  }
  return prefix;
}

export function removePrefix(prefix: NginxPrefix): void {
  rmSync(prefix.runDir, { recursive: true, force: true });
  removers.get(prefix)?.();
}

export function args(prefix: NginxPrefix): string[] {
  return ['-p', `${prefix.dir}/`, '-c', prefix.conf, '-e', prefix.errorLog];
}

/** Starts the nginx command in its own process group, registered until it exits. */
function spawnNginx(launcher: Launcher, extra: string[], prefix: NginxPrefix): ChildProcess {
  return spawnTracked([...launcher.wrapper, ...launcher.nginx, ...extra, ...args(prefix)]);
}

/** Starts `cmd` in its own process group, registered with the cleanup until it exits. */
export function spawnTracked([cmd, ...rest]: string[]): ChildProcess {
  const child = spawn(cmd!, rest, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const untrack = track({
    phase: 0,
    stop: () => stopChild(child),
    stopNow: () => killGroup(child, 'SIGKILL'),
  });
  child.once('exit', untrack);
  child.once('error', untrack);
  return child;
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

const TEST_TIMEOUT_MS = 10_000;

/** `nginx -t`: null when the config is valid, else the contract's `config_error` text. */
export async function testConfig(prefix: NginxPrefix, launcher: Launcher): Promise<string | null> {
  const child = spawnNginx(launcher, ['-t'], prefix);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), TEST_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  }).finally(() => clearTimeout(timer));
  if (code === 0) return null;
  const message = firstEmerg(stderr, prefix);
  if (message === null) throw new Error(`nginx -t failed without a message (exit ${code}): ${stderr.trim()}`);
  return message;
}

/** `nginx: [emerg] MSG in FILE:N` → `MSG line N` (N is the config's own line, see wrapConfig). */
export function firstEmerg(stderr: string, prefix: Pick<NginxPrefix, 'dir' | 'conf'>): string | null {
  const line = stderr.split('\n').find((l) => /\[emerg\]/.test(l));
  if (!line) return null;
  const message = line.replace(/^.*?\[emerg\]\s*/, '');
  const at = / in (\S+):(\d+)$/.exec(message);
  if (!at) return message;
  const text = message.slice(0, at.index);
  if (at[1] === prefix.conf) return `${text} line ${at[2]}`;
  return `${text} in ${at[1]!.replace(`${prefix.dir}/`, '')} line ${at[2]}`;
}

export interface RunningNginx {
  pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 5000;

/** Starts nginx in the foreground and resolves once it has written its pid (sockets are open by then). */
export async function startNginx(prefix: NginxPrefix, launcher: Launcher): Promise<RunningNginx> {
  const child = spawnNginx(launcher, [], prefix);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  // `nginx -t` leaves an empty pid file behind: wait for this process's own pid in it.
  while (readPid(prefix.pidFile) !== child.pid) {
    if (exited) throw new Error(`nginx exited at start: ${stderr.trim() || 'no message'}`);
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`nginx did not start within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`);
    }
    await sleep(10);
  }
  return { pid: child.pid!, stop: () => stopChild(child) };
}

export function readPid(path: string): number | null {
  try {
    return Number(readFileSync(path, 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

/** SIGTERM (fast shutdown) to the group, then SIGKILL if it lingers: never more than ~4 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(3000).then(() => false)])) return;
  killGroup(child, 'SIGKILL');
  await Promise.race([exited, sleep(1000)]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The version of the nginx command, e.g. `nginx/1.22.1`. */
export function nginxVersion(nginx: string[]): Promise<string> {
  return new Promise((resolve) => {
    const [cmd, ...rest] = nginx;
    const child = spawn(cmd!, [...rest, '-v'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('error', () => resolve('nginx (version unknown)'));
    child.once('close', () => {
      clearTimeout(timer);
      resolve(out.replace(/^nginx version:\s*/, '').trim());
    });
  });
}
