/**
 * How nginx is started inside whatever isolation the runner has: the nginx command itself (one
 * parameter, so another binary or a loader plus a binary can take its place), and the `setpriv`
 * wrapper that makes it die with the runner (parent-death signal) and, when the runner is root,
 * run it as `nobody` so that a scenario cannot read or write what only root may.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';

/** The nginx command: a binary, or a loader followed by a binary and its options. */
export type NginxCommand = string[];

export const DEFAULT_NGINX: NginxCommand = [process.env.NGINX_BIN ?? '/usr/sbin/nginx'];

export interface Launcher {
  nginx: NginxCommand;
  /** Put before the nginx command (setpriv …), or empty. */
  wrapper: string[];
  /** Who must own the run's prefix so that nginx can write there; null: the runner itself. */
  owner: { uid: number; gid: number } | null;
  /** nginx is root only inside a user namespace: make it chown its temp dirs to that root. */
  userRoot: boolean;
  /** Who nginx runs as, for the report. */
  user: string;
  /** nginx gets SIGKILL when the runner dies, however it dies. */
  diesWithRunner: boolean;
  notes: string[];
}

/** An executable on PATH or in the system's sbin directories. */
export function findTool(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  return null;
}

function nobody(): { uid: number; gid: number } | null {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('nobody:'));
    const [, , uid, gid] = line?.split(':') ?? [];
    return uid && gid ? { uid: Number(uid), gid: Number(gid) } : null;
  } catch {
    return null;
  }
}

/** The first directory from `dir` up to `/` that other users cannot enter, or null. */
export function closedAncestor(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    const st = statSync(d, { throwIfNoEntry: false });
    if (!st || (st.mode & 0o001) === 0) return d;
    if (d === dirname(d)) return null;
  }
}

/** The first file of the nginx command (binary, loader, launcher script) others cannot run, or null. */
function unreachableCommand(nginx: NginxCommand): string | null {
  for (const part of nginx) {
    if (!part.includes('/')) continue;
    const path = resolve(part);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) continue;
    if ((st.mode & 0o005) !== 0o005) return path;
    const closed = closedAncestor(dirname(path));
    if (closed) return closed;
  }
  return null;
}

/**
 * The launcher for this process. `inUserNamespace`: the runner is root only inside a user
 * namespace (it is really the invoking user, and no other uid exists there).
 */
export function makeLauncher(nginx: NginxCommand, inUserNamespace: boolean): Launcher {
  const setpriv = findTool('setpriv');
  const notes: string[] = [];
  const root = process.getuid?.() === 0;
  if (!setpriv) {
    notes.push('setpriv (util-linux) not found: nginx neither dies with the runner nor drops root');
    return {
      nginx,
      wrapper: [],
      owner: null,
      userRoot: root && inUserNamespace,
      user: root && !inUserNamespace ? 'root' : 'the invoking user',
      diesWithRunner: false,
      notes,
    };
  }
  const base = [setpriv, '--pdeathsig', 'KILL', '--no-new-privs'];
  if (root && !inUserNamespace) {
    const id = nobody();
    const closed = closedAncestor(tmpdir()) ?? unreachableCommand(nginx);
    if (id && !closed) {
      return {
        nginx,
        wrapper: [...base, '--reuid', String(id.uid), '--regid', String(id.gid), '--clear-groups', '--'],
        owner: id,
        userRoot: false,
        user: 'nobody',
        diesWithRunner: true,
        notes,
      };
    }
    notes.push(
      id
        ? `nginx runs as root: nobody cannot reach ${closed} (the temp dir and the nginx command must be open to other users)`
        : 'nginx runs as root: there is no user "nobody"',
    );
  }
  return {
    nginx,
    wrapper: [...base, '--'],
    owner: null,
    userRoot: root && inUserNamespace,
    user: root && !inUserNamespace ? 'root' : 'the invoking user',
    diesWithRunner: true,
    notes,
  };
}
