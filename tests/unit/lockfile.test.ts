/**
 * `npm install` on a fresh clone must leave package-lock.json as committed. npm rewrites the
 * lockfile when it lacks an optional package some dependency declares (the platform builds of
 * esbuild, biome, the Astro compiler…): a lockfile written where the registry served only this
 * platform's builds is missing them, and the next install elsewhere adds hundreds of lines.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

interface LockPackage {
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockPackage>;
};

/** Where node would find `dep` for the package at `path`: its own node_modules, then each parent's. */
function resolvable(path: string, dep: string): boolean {
  let at = path;
  for (;;) {
    if (lock.packages[`${at ? `${at}/` : ''}node_modules/${dep}`]) return true;
    if (!at) return false;
    const parent = at.lastIndexOf('/node_modules/');
    at = parent === -1 ? '' : at.slice(0, parent);
  }
}

describe('package-lock.json', () => {
  it('holds every optional package its dependencies declare, for every platform', () => {
    expect(lock.lockfileVersion).toBe(3);
    const missing = Object.entries(lock.packages).flatMap(([path, p]) =>
      Object.keys(p.optionalDependencies ?? {})
        .filter((dep) => !resolvable(path, dep))
        .map((dep) => `${path || '(root)'} → ${dep}`),
    );
    expect(missing, 'regenerate the lockfile where the registry serves every platform').toEqual([]);
  });
});
