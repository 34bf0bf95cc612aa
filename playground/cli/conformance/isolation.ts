/**
 * Where nginx, the backends and the client run. Where the kernel allows it, the runner re-runs
 * itself under `unshare` in a private network namespace that has only a loopback interface, so
 * nothing a scenario makes nginx listen on can be reached from anywhere else, and nginx cannot
 * reach anything but the scenario's backends. It also gets its own PID namespace: if that inner
 * runner dies, even by SIGKILL, the kernel kills nginx with it and the namespace is gone. The
 * outer runner (the process the user started) keeps a pipe to the inner one; when the pipe
 * closes — the outer runner got a signal, or died — the inner one stops nginx and removes its
 * files. Where unshare is not permitted, everything runs on the host's 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { selfScript } from '../version';
import { ownerIdentity, shutdown, sweepLeftovers } from './cleanup';
import { findTool } from './launcher';

export interface Isolation {
  network: 'namespace' | 'host';
  /** `net`: unshare --net as root; `user+net`: a user namespace, for a runner that is not root. */
  namespace: 'net' | 'user+net' | null;
  /** Why the host's loopback is used; null in a namespace. */
  reason: string | null;
}

const SANDBOX_ENV = 'NGINX_WS_LAB_SANDBOX';
/** Set to 1 to run on the host's loopback even where a namespace would work (debugging, tests). */
const NO_NAMESPACE_ENV = 'NGINX_WS_LAB_NO_NAMESPACE';

/** This process is the runner inside the namespace: its isolation, else null. */
export function insideSandbox(): Isolation | null {
  const raw = process.env[SANDBOX_ENV];
  return raw ? (JSON.parse(raw) as Isolation) : null;
}

function unshareFlags(namespace: 'net' | 'user+net'): string[] {
  const user = namespace === 'user+net' ? ['--user', '--map-root-user'] : [];
  // --kill-child: the inner runner gets SIGKILL if unshare itself is killed.
  return [...user, '--net', '--pid', '--fork', '--kill-child'];
}

/** Can we make a namespace here and bring its loopback up? */
export function probeNamespace(): { namespace: 'net' | 'user+net'; ip: string } | { reason: string } {
  if (process.env[NO_NAMESPACE_ENV] === '1') return { reason: `${NO_NAMESPACE_ENV}=1` };
  const unshare = findTool('unshare');
  const ip = findTool('ip');
  if (!unshare) return { reason: 'unshare (util-linux) not found' };
  if (!ip) return { reason: 'ip (iproute2) not found: apt-get install -y iproute2' };
  const namespace = process.getuid?.() === 0 ? 'net' : 'user+net';
  const probe = spawnSync(unshare, [...unshareFlags(namespace), '--', ip, 'link', 'set', 'lo', 'up'], {
    encoding: 'utf8',
    timeout: 5000,
  });
  if (probe.status === 0) return { namespace, ip };
  const why = (probe.stderr || probe.error?.message || `exit ${probe.status}`).trim().split('\n')[0];
  return { reason: `unshare ${namespace === 'net' ? '--net' : '--user --net'} not permitted: ${why}` };
}

const SIGNALS: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
/** How long the inner runner gets to clean up after the outer one asked it to stop. */
const INNER_STOP_MS = 10_000;

/**
 * Runs `conformance args` again inside a new namespace and returns its exit code. Removes what
 * killed runners left in the temp dir first (their owner process is gone).
 */
export function runInNamespace(args: string[], namespace: 'net' | 'user+net', ip: string): Promise<number> {
  sweepLeftovers();
  const isolation: Isolation = { network: 'namespace', namespace, reason: null };
  const child = spawn(
    findTool('unshare')!,
    [...unshareFlags(namespace), '--', process.execPath, selfScript(), 'conformance', ...args],
    {
      stdio: ['pipe', 'inherit', 'inherit'],
      env: {
        ...process.env,
        [SANDBOX_ENV]: JSON.stringify(isolation),
        NGINX_WS_LAB_IP: ip,
        NGINX_WS_LAB_OWNER: ownerIdentity(),
      },
    },
  );
  return new Promise((resolvePromise) => {
    let signalled: number | null = null;
    const onSignal = (signal: string) => {
      if (signalled !== null) return;
      signalled = SIGNALS[signal]!;
      // Closing the pipe is the inner runner's cue to stop; SIGKILL if it does not.
      child.stdin!.end();
      setTimeout(() => child.kill('SIGKILL'), INNER_STOP_MS).unref();
    };
    const handlers = Object.keys(SIGNALS).map((s) => {
      const h = () => onSignal(s);
      process.on(s, h);
      return [s, h] as const;
    });
    child.stdin!.on('error', () => {});
    child.once('error', (e) => {
      process.stderr.write(`conformance: cannot start unshare: ${e.message}\n`);
      resolvePromise(2);
    });
    child.once('close', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      // Whatever the inner runner could not remove (it was killed) is removed here.
      sweepLeftovers(true);
      if (signalled !== null) resolvePromise(signalled);
      else resolvePromise(code ?? (signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 0) : 1));
    });
  });
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * The inner runner's setup: bring the namespace's loopback up, and stop everything when the
 * outer runner closes the pipe or goes away.
 */
export function enterNamespace(): void {
  const ip = process.env.NGINX_WS_LAB_IP ?? findTool('ip') ?? 'ip';
  const up = spawnSync(ip, ['link', 'set', 'lo', 'up'], { encoding: 'utf8', timeout: 5000 });
  if (up.status !== 0) {
    throw new Error(
      `cannot bring up loopback in the namespace: ${(up.stderr || up.error?.message || '').trim()}`,
    );
  }
  const stdin = process.stdin;
  stdin.on('end', () => void shutdown('the runner that started this namespace stopped or went away', 143));
  stdin.on('error', () => void shutdown('lost the pipe to the runner that started this namespace', 143));
  stdin.resume();
  // The pipe must not keep the process alive once the runs are done.
  (stdin as unknown as { unref?: () => void }).unref?.();
}

export function describeIsolation(isolation: Isolation): string {
  if (isolation.network === 'namespace') {
    return `private network namespace (${isolation.namespace === 'net' ? 'unshare --net' : 'user namespace, unshare --user --net'}): only loopback, unreachable from outside`;
  }
  return `host loopback (127.0.0.1 only, reachable by local users; ${isolation.reason})`;
}

export const HOST: (reason: string) => Isolation = (reason) => ({ network: 'host', namespace: null, reason });
