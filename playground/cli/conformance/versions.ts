/**
 * Which nginx builds a conformance run plays the scenarios on: `--nginx PATH` (repeatable), a
 * version matrix (`--versions all`, or a list) of the builds scripts/nginx-versions/install.mjs
 * puts in `.nginx/<version>/nginx`, or else NGINX_BIN or the system's nginx. Also what a
 * scenario's `nginx_version` pin means for a run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_NGINX, type NginxCommand } from './launcher';

export const PINS_PATH = 'scripts/nginx-versions/nginx-versions.json';
export const INSTALL_COMMAND = 'node scripts/nginx-versions/install.mjs';

const VERSION = /^\d+\.\d+\.\d+$/;

/** The versions nginx-versions.json pins, in its order. */
export function pinnedVersions(repoRoot: string): string[] {
  const path = join(repoRoot, PINS_PATH);
  if (!existsSync(path)) return [];
  const pins = JSON.parse(readFileSync(path, 'utf8')) as { versions?: Array<{ nginx?: unknown }> };
  return (pins.versions ?? []).map((v) => String(v.nginx)).filter((v) => VERSION.test(v));
}

/** The launcher install.mjs writes for a version. */
export function launcherFor(repoRoot: string, version: string): string {
  return join(repoRoot, '.nginx', version, 'nginx');
}

/**
 * The nginx commands to play on, or a message naming what is wrong. `versions` is `all` or a list
 * of pinned versions; `paths` are `--nginx` arguments. Both may be given; duplicates are dropped.
 */
export function nginxCommands(
  repoRoot: string,
  paths: string[],
  versions: string[] | 'all' | null,
): NginxCommand[] | string {
  const commands: NginxCommand[] = paths.map((p) => [p]);
  if (versions) {
    const pinned = pinnedVersions(repoRoot);
    const wanted = versions === 'all' ? pinned : versions;
    for (const v of wanted) {
      if (!pinned.includes(v))
        return `--versions: ${v} is not pinned in ${PINS_PATH} (pinned: ${pinned.join(', ')})`;
      const launcher = launcherFor(repoRoot, v);
      if (!existsSync(launcher))
        return `nginx ${v} is not installed (${launcher} is missing): run ${INSTALL_COMMAND}`;
      commands.push([launcher]);
    }
  }
  if (!commands.length) commands.push(DEFAULT_NGINX);
  const seen = new Set<string>();
  return commands.filter((c) => {
    const key = c.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `--versions` argument: `all` or a comma-separated list of x.y.z versions. */
export function parseVersionsArg(arg: string | undefined): string[] | 'all' | string {
  if (!arg) return '--versions needs "all" or a list such as 1.26.3,1.30.6';
  if (arg === 'all') return 'all';
  const list = arg.split(',').map((v) => v.trim());
  const bad = list.find((v) => !VERSION.test(v));
  return bad === undefined ? list : `--versions: "${bad}" is not a version like 1.26.3`;
}

/**
 * Does a scenario pinned to `pin` (its `nginx_version`: `x.y.z`, or `x.y` for any `x.y.*`) play on
 * nginx `version`? An unpinned scenario plays on every version.
 */
export function playsOn(pin: string | undefined, version: string): boolean {
  if (pin === undefined) return true;
  const p = pin.split('.');
  const v = version.split('.');
  return p.every((part, i) => Number(part) === Number(v[i]));
}
