/**
 * Drives `nginx-ws-lab conformance` as a user would (a child process with its own temp dir) and
 * looks at what it leaves on the machine through /proc: nginx processes started for that temp
 * dir, the sockets they listen on (in whatever network namespace they run), their user.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { probeNamespace } from '../../playground/cli/conformance/isolation';

export const NGINX = '/usr/sbin/nginx';
const BIN = resolve(import.meta.dirname, '../../bin/nginx-ws-lab.mjs');

/** True when real nginx is installed; without it, skips (one line) or, under CI, fails. */
export function nginxForTests(what: string): boolean {
  if (existsSync(NGINX)) return true;
  const line = `${what}: ${NGINX} is not installed (apt-get install -y nginx-light)`;
  if (process.env.CI) throw new Error(line);
  console.warn(`skipping ${line}`);
  return false;
}

/**
 * Can this machine give the runner a private network namespace? Without one (no unshare
 * permission, e.g. in a container; or no iproute2) the runner uses the host's loopback, and the
 * namespace cases skip with one line saying why.
 */
export function namespaceForTests(): boolean {
  const probe = probeNamespace();
  if ('namespace' in probe) return true;
  console.warn(`skipping network-namespace cases: ${probe.reason}`);
  return false;
}

/** A temp dir other users can enter (nginx may run as nobody inside it). */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-sandbox-test-'));
  chmodSync(dir, 0o755);
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface ScenarioOptions {
  until?: number;
  files?: Record<string, string> | undefined;
  path?: string;
  backends?: Record<string, unknown>;
}

const UPGRADE = {
  Host: 'example.com',
  Upgrade: 'websocket',
  Connection: 'Upgrade',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Version': '13',
};

/** Writes a scenario file (a WebSocket client on 18080, a backend on 18081) and returns its path. */
export function writeScenario(dir: string, name: string, config: string, o: ScenarioOptions = {}): string {
  const path = join(dir, `${name}.yaml`);
  const scenario: Record<string, unknown> = {
    title: name,
    config,
    backends: o.backends ?? { '127.0.0.1:18081': { kind: 'websocket' } },
    client: { port: 18080, request: { path: o.path ?? '/chat/', headers: UPGRADE }, until: o.until ?? 1 },
  };
  if (o.files) scenario.files = o.files;
  writeFileSync(path, stringify(scenario));
  return path;
}

export interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI with TMPDIR set to `tmp`, so every run dir it makes is under `tmp`. */
export function startCli(args: string[], tmp: string, env: Record<string, string> = {}): Cli {
  const child = spawn(process.execPath, [BIN, 'conformance', ...args], {
    env: { ...process.env, TMPDIR: tmp, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('close', (code, signal) => res({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function runCli(
  args: string[],
  tmp: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args, tmp, env);
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), timeoutMs);
  const { code } = await cli.exited;
  clearTimeout(timer);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

function readOr(path: string, fallback = ''): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** Host pids of nginx processes whose command line names a path under `tmp` (`nginx -t` too). */
export function nginxProcesses(tmp: string): number[] {
  return nginxCommands(tmp).map(([pid]) => pid);
}

/** The nginx serving under `tmp` (not an `nginx -t`), if one runs. */
export function servingNginx(tmp: string): number | undefined {
  return nginxCommands(tmp).find(([, argv]) => !argv.includes('-t'))?.[0];
}

function nginxCommands(tmp: string): Array<[number, string[]]> {
  const found: Array<[number, string[]]> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = readOr(`/proc/${entry}/cmdline`).split('\0');
    if (argv[0]?.endsWith('nginx') && argv.some((a) => a.startsWith(tmp))) found.push([Number(entry), argv]);
  }
  return found;
}

export function isAlive(pid: number): boolean {
  return existsSync(`/proc/${pid}/stat`) && !/^\d+ \(.*\) Z/.test(readOr(`/proc/${pid}/stat`));
}

export function parentOf(pid: number): number {
  const stat = readOr(`/proc/${pid}/stat`);
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

export function uidOf(pid: number): number {
  return Number(/^Uid:\s+(\d+)/m.exec(readOr(`/proc/${pid}/status`))?.[1]);
}

export function netnsOf(pid: number | 'self'): string {
  return readlinkSync(`/proc/${pid}/ns/net`);
}

export interface Listener {
  address: string;
  port: number;
  inode: string;
}

function ipv4(hex: string): string {
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
}

function ipv6(hex: string): string {
  const words: string[] = [];
  for (let w = 0; w < 4; w++) {
    const le = hex.slice(w * 8, w * 8 + 8);
    const be = [6, 4, 2, 0].map((i) => le.slice(i, i + 2)).join('');
    words.push(be.slice(0, 4), be.slice(4));
  }
  return `[${words.map((x) => x.replace(/^0+(?=.)/, '')).join(':')}]`;
}

/** Listening TCP sockets (IPv4 and IPv6) of the network namespace `pid` is in. */
export function namespaceListeners(pid: number): Listener[] {
  const out: Listener[] = [];
  for (const [file, decode] of [
    ['tcp', ipv4],
    ['tcp6', ipv6],
  ] as const) {
    for (const line of readOr(`/proc/${pid}/net/${file}`).split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue; // 0A: LISTEN
      const [addr, port] = f[1]!.split(':');
      out.push({ address: decode(addr!), port: Number.parseInt(port!, 16), inode: f[9]! });
    }
  }
  return out;
}

/** The sockets `pid` itself listens on (by the inodes of its open file descriptors). */
export function processListeners(pid: number): Listener[] {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return []; // gone
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // fd closed meanwhile
    }
  }
  return namespaceListeners(pid).filter((l) => inodes.has(l.inode));
}

/** Is anything listening on `port` in this process's (the host's) network namespace? */
export function hostListens(port: number): boolean {
  return namespaceListeners(process.pid).some((l) => l.port === port);
}

/** Run dirs the runner made under `tmp`. */
export function runDirs(tmp: string): string[] {
  return readdirSync(tmp).filter((e) => e.startsWith('nginx-ws-lab-conformance-'));
}

export async function waitFor<T>(
  probe: () => T | null | undefined | false,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
