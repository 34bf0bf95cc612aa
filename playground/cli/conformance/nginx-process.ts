/**
 * Runs real nginx for one scenario: a private prefix in a temp directory, the scenario's
 * config wrapped so that it runs as the current user in the foreground, `nginx -t` first,
 * then the server itself, stopped by its pid with bounded waits.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { Scenario } from '../../src/scenario/types';
import { stripComments } from './scenario-file';

export const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

export interface NginxPrefix {
  dir: string;
  conf: string;
  errorLog: string;
  pidFile: string;
}

/** A config holding its own `http {` block is a whole nginx.conf; else it is an http block's body. */
export function isWholeConfig(config: string): boolean {
  return /(?:^|[;{}\s])http\s*\{/.test(stripComments(config));
}

/**
 * Wraps the scenario config into a runnable nginx.conf whose line N is the config's line N:
 * everything added goes on line 1 before the config's first character, or after its end.
 */
export function wrapConfig(config: string, dir: string): string {
  const errorLog = join(dir, 'error.log');
  const main = `daemon off; master_process off; pid ${join(dir, 'nginx.pid')}; error_log ${errorLog} info; `;
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `${t}_temp_path ${join(dir, `${t}_temp`)};`)
    .join(' ');
  // Logs the config sends elsewhere (/var/log/...) come here, so nothing is written outside the prefix.
  const own = config.replace(/(\b(?:access_log|error_log)\s+)(\/[^\s;]+)/g, (_, d: string) =>
    d.startsWith('access_log') ? `${d}${join(dir, 'access.log')}` : `${d}${errorLog}`,
  );
  if (!isWholeConfig(config)) {
    const close = config.endsWith('\n') ? '}\n' : '\n}\n';
    return `${main}events {} http { access_log off; ${temps} ${own}${close}`;
  }
  const events = /(?:^|[;{}\s])events\s*\{/.test(stripComments(config)) ? '' : 'events {} ';
  const blanked = own.replace(MAIN_ONLY, (m) => m.replace(/[^\n]/g, ' '));
  return main + events + blanked.replace(/(^|[;{}\s])http\s*\{/, (m) => `${m} ${temps} `);
}

/**
 * Main-context directives of a whole nginx.conf that would fight the runner's own (pid,
 * daemon, foreground) or load system modules; blanked out, newlines kept.
 */
const MAIN_ONLY =
  /(?:^|(?<=[;{}\s]))(?:(?:pid|daemon|master_process)\s[^;]*|include\s+\/etc\/nginx\/modules-enabled\/[^;]*);/gm;

export function prepareNginx(scenario: Scenario): NginxPrefix {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-conformance-'));
  for (const [name, text] of Object.entries(scenario.files ?? {})) {
    const target = normalize(join(dir, name));
    if (isAbsolute(name) || !target.startsWith(dir)) {
      throw new Error(`files."${name}": include files must have a relative name inside the prefix`);
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  // `include mime.types;` resolves against the prefix, as it does against /etc/nginx.
  if (existsSync('/etc/nginx/mime.types') && !existsSync(join(dir, 'mime.types'))) {
    copyFileSync('/etc/nginx/mime.types', join(dir, 'mime.types'));
  }
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, wrapConfig(scenario.config, dir));
  return { dir, conf, errorLog: join(dir, 'error.log'), pidFile: join(dir, 'nginx.pid') };
}

export function removePrefix(prefix: NginxPrefix): void {
  rmSync(prefix.dir, { recursive: true, force: true });
}

function args(prefix: NginxPrefix): string[] {
  return ['-p', `${prefix.dir}/`, '-c', prefix.conf, '-e', prefix.errorLog];
}

/** `nginx -t`: null when the config is valid, else the contract's `config_error` text. */
export function testConfig(prefix: NginxPrefix): Promise<string | null> {
  return new Promise((resolve, reject) => {
    execFile(
      NGINX_BIN,
      ['-t', ...args(prefix)],
      { timeout: 10_000, killSignal: 'SIGKILL' },
      (err, _out, stderr) => {
        if (!err) return resolve(null);
        const message = firstEmerg(stderr, prefix);
        if (message === null)
          reject(new Error(`nginx -t failed without a message: ${err.message}\n${stderr}`));
        else resolve(message);
      },
    );
  });
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
export async function startNginx(prefix: NginxPrefix): Promise<RunningNginx> {
  const child = spawn(NGINX_BIN, args(prefix), { stdio: ['ignore', 'ignore', 'pipe'] });
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

function readPid(path: string): number | null {
  try {
    return Number(readFileSync(path, 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

/** SIGTERM (fast shutdown), then SIGKILL if it lingers: never more than ~4 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(3000).then(() => false)])) return;
  child.kill('SIGKILL');
  await Promise.race([exited, sleep(1000)]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The installed version, e.g. `nginx/1.22.1`. */
export function nginxVersion(): Promise<string> {
  return new Promise((resolve) => {
    execFile(NGINX_BIN, ['-v'], { timeout: 5000 }, (_err, out, err) => {
      resolve(`${out}${err}`.replace(/^nginx version:\s*/, '').trim());
    });
  });
}
