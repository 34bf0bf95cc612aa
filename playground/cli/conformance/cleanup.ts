/**
 * Everything a run starts (nginx process groups, backends, temp dirs) is registered here, so
 * that every way out of the runner stops it: a normal end, SIGINT/SIGTERM/SIGHUP, an uncaught
 * error, `process.exit`, or the parent of a sandboxed runner going away. nginx goes first, then
 * the files it wrote.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Resource {
  /** 0: processes, 1: files (removed once the processes are gone). */
  phase: 0 | 1;
  /** Graceful stop, bounded by the resource itself. */
  stop(): Promise<void>;
  /** Last resort from a synchronous exit path: no waiting. */
  stopNow(): void;
}

const live = new Set<Resource>();

/** Registers a resource until the returned function is called (after it was stopped normally). */
export function track(resource: Resource): () => void {
  live.add(resource);
  return () => live.delete(resource);
}

/** How long a shutdown may take before the rest is stopped without waiting. */
const SHUTDOWN_BUDGET_MS = 6000;

export async function stopEverything(): Promise<void> {
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_BUDGET_MS).unref());
  for (const phase of [0, 1] as const) {
    const now = [...live].filter((r) => r.phase === phase);
    const stopped = Promise.allSettled(now.map((r) => r.stop())).then(() => {
      for (const r of now) live.delete(r);
    });
    await Promise.race([stopped, deadline]);
  }
  stopEverythingNow();
}

export function stopEverythingNow(): void {
  for (const phase of [0, 1] as const) {
    for (const r of [...live].filter((x) => x.phase === phase)) {
      try {
        r.stopNow();
      } catch {
        // Exit paths must not throw; the next resource still gets stopped.
      }
      live.delete(r);
    }
  }
}

const SIGNAL_CODES: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
let installed = false;
let shuttingDown = false;

/** Stops everything, says why on stderr, and exits with `code`. Later calls are ignored. */
export async function shutdown(reason: string, code: number): Promise<never> {
  if (shuttingDown) return new Promise<never>(() => {});
  shuttingDown = true;
  process.stderr.write(`conformance: ${reason}; stopping nginx and removing temp files\n`);
  await stopEverything();
  process.exit(code);
}

/** Installs the signal, error and exit handlers once per process. */
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of Object.entries(SIGNAL_CODES)) {
    process.on(signal, () => void shutdown(`${signal} received`, code));
  }
  process.on('uncaughtException', (e) => void shutdown(`uncaught error: ${e.stack ?? e}`, 1));
  process.on(
    'unhandledRejection',
    (e) => void shutdown(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`, 1),
  );
  process.on('exit', stopEverythingNow);
}

// --- leftovers of a runner that was killed with SIGKILL ------------------------------------

export const RUN_DIR_PREFIX = 'nginx-ws-lab-conformance-';
const OWNER_FILE = 'owner';

/** Identifies a live process beyond its pid (pids are reused): pid and start time. */
export function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (start time) counts from after the command name, which may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${pid} ${fields[19]}`;
  } catch {
    return null;
  }
}

/** The process that owns this run's temp dirs: the runner the user started (outside any sandbox). */
export function ownerIdentity(): string {
  return process.env.NGINX_WS_LAB_OWNER ?? processIdentity(process.pid) ?? `${process.pid} ?`;
}

export function writeOwner(runDir: string): void {
  writeFileSync(join(runDir, OWNER_FILE), `${ownerIdentity()}\n`);
}

/**
 * Removes run dirs in the temp dir whose owner process is gone (a runner killed with SIGKILL
 * cannot clean up), and with `includingMine` also this runner's own (once the sandboxed runner
 * that made them has exited). Only dirs of this user, with an owner file, are touched. Returns
 * their names.
 */
export function sweepLeftovers(includingMine = false, dir = tmpdir()): string[] {
  const me = ownerIdentity();
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((e) => e.startsWith(RUN_DIR_PREFIX));
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    try {
      if (statSync(path).uid !== process.getuid?.()) continue;
      const owner = readFileSync(join(path, OWNER_FILE), 'utf8').trim();
      const pid = Number(owner.split(' ')[0]);
      const ownerAlive = Number.isInteger(pid) && processIdentity(pid) === owner;
      if (ownerAlive && !(includingMine && owner === me)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(entry);
    } catch {
      // No owner file (not ours, or still being created) or gone already: leave it.
    }
  }
  return removed;
}
