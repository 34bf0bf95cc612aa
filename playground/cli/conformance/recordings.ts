/**
 * Where the outcomes real nginx gave for a scenario are kept, per nginx version:
 *   <set>/NAME.yaml
 *   <set>/recorded/NAME.json            nginx 1.22.1 (DEFAULT_NGINX_VERSION; also <set>/expected/)
 *   <set>/recorded/<version>/NAME.json  any other version, e.g. recorded/1.30.6/NAME.json
 * The default version's recordings stay where they always were, so the v1 layout (and the
 * contract's vendored `shared/recorded/`) keeps its meaning.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { type AnyOutcome, DEFAULT_NGINX_VERSION } from '../../src/index';

const VERSION_DIR = /^\d+\.\d+\.\d+$/;

/** The directory a version's recordings of a set live in. */
export function recordingsDir(setDir: string, version: string): string {
  return version === DEFAULT_NGINX_VERSION ? join(setDir, 'recorded') : join(setDir, 'recorded', version);
}

/** The recorded outcome of scenario `path` on nginx `version`, or null. */
export function recordedOutcome(path: string, version: string): AnyOutcome | null {
  const name = `${basename(path, extname(path))}.json`;
  const dirs =
    version === DEFAULT_NGINX_VERSION
      ? [join(dirname(path), 'expected'), join(dirname(path), 'recorded')]
      : [recordingsDir(dirname(path), version)];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8')) as AnyOutcome;
  }
  return null;
}

/** The versions a set has recordings of: the default one (if any), then the version folders, sorted. */
export function recordedVersions(setDir: string): string[] {
  const dir = join(setDir, 'recorded');
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir);
  const versions = entries.some((e) => e.endsWith('.json')) ? [DEFAULT_NGINX_VERSION] : [];
  for (const e of entries.sort()) {
    if (VERSION_DIR.test(e) && e !== DEFAULT_NGINX_VERSION && statSync(join(dir, e)).isDirectory())
      versions.push(e);
  }
  return versions;
}
