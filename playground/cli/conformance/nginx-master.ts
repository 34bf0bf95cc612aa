/**
 * nginx with a master process, for scenario v2: started, reloaded (SIGHUP to the master, which
 * is all `nginx -s reload` does), restarted (stopped at once, started again) and stopped, each
 * bounded in time and registered for cleanup like the v1 nginx (nginx-process.ts).
 *
 * Workers outlive a master killed by SIGKILL (nothing tells them), and setpriv's parent-death
 * signal only reaches the process it starts. So the master runs under a small guard shell in the
 * same process group: the guard gets SIGHUP when the runner dies, however it dies, and then
 * SIGKILLs the whole group — master and workers. (In a private PID namespace the kernel does the
 * same when the namespace's first process dies; the guard covers the host's loopback.)
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Launcher } from './launcher';
import { args, type NginxPrefix, readPid, sleep, spawnTracked, stopChild } from './nginx-process';

const GUARD = [
  "trap 'kill -KILL 0' HUP",
  "trap ':' TERM INT",
  '"$@" &',
  'p=$!',
  'while kill -0 "$p" 2>/dev/null; do wait "$p"; done',
].join('\n');

const START_TIMEOUT_MS = 5000;
/** How long a reload may take to start its new workers before the run goes on regardless. */
const RELOAD_SETTLE_MS = 1000;

/** The launcher's wrapper with the parent-death signal the guard traps. */
function guardWrapper(launcher: Launcher): string[] {
  const w = [...launcher.wrapper];
  const i = w.indexOf('--pdeathsig');
  if (i >= 0) w[i + 1] = 'HUP';
  return w;
}

/** Lines that end a reload: a new worker started, or the new config was refused. */
function reloadMarks(errorLog: string): number {
  try {
    return (readFileSync(errorLog, 'utf8').match(/\] \d+#\d+: start worker process \d+|\[emerg\]/g) ?? [])
      .length;
  } catch {
    return 0;
  }
}

export interface MasterNginx {
  /** Reloads; resolves once the new workers have started (or nginx refused the config). */
  reload(): Promise<void>;
  /** Stops nginx at once (SIGTERM: connections drop) and starts it again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMaster(prefix: NginxPrefix, launcher: Launcher): Promise<MasterNginx> {
  let child = await launch(prefix, launcher, null);
  return {
    reload: () => reload(prefix),
    async restart() {
      const old = readPid(prefix.pidFile);
      await stopChild(child);
      child = await launch(prefix, launcher, old);
    },
    stop: () => stopChild(child),
  };
}

async function launch(
  prefix: NginxPrefix,
  launcher: Launcher,
  previous: number | null,
): Promise<ChildProcess> {
  const child = spawnTracked([
    ...guardWrapper(launcher),
    '/bin/sh',
    '-c',
    GUARD,
    'nginx-guard',
    ...launcher.nginx,
    ...args(prefix),
  ]);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  // `nginx -t` leaves an empty pid file, a stopped master removes its own: wait for a new pid.
  for (;;) {
    const pid = readPid(prefix.pidFile);
    if (pid !== null && pid !== previous) return child;
    if (exited) throw new Error(`nginx exited at start: ${stderr.trim() || 'no message'}`);
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`nginx did not start within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`);
    }
    await sleep(10);
  }
}

/**
 * What `nginx -s reload` does, without its process: SIGHUP to the master named in the pid file
 * (spawning the signaller costs a parse of the config and, on a busy machine, most of a second).
 * A config nginx refuses leaves the old one running and says why in the error log.
 */
async function reload(prefix: NginxPrefix): Promise<void> {
  const before = reloadMarks(prefix.errorLog);
  const pid = readPid(prefix.pidFile);
  if (pid === null) throw new Error('reload: nginx has no pid file');
  process.kill(pid, 'SIGHUP');
  const deadline = Date.now() + RELOAD_SETTLE_MS;
  while (reloadMarks(prefix.errorLog) <= before && Date.now() < deadline) await sleep(10);
}
