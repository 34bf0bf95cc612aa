/**
 * Finds absolute paths of a build machine (`/work/…`, `/home/…`, `/tmp/…`, `/root/…`) in what
 * the project ships: a path like that tells every visitor how our machines are laid out, and it
 * is wrong on theirs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

const MACHINE_PATH = /(?<![\w.~%-])\/(?:work|home|tmp|root)\/[\w.-]/;
const BINARY = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.ico',
  '.woff',
  '.woff2',
  '.wasm',
  '.br',
  '.gz',
]);
const SKIP_DIRS = new Set(['node_modules', '.git', '.astro']);

export interface MachinePathHit {
  file: string;
  line: number;
  text: string;
}

function* files(path: string): Generator<string> {
  if (statSync(path).isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile() && !BINARY.has(extname(entry.name))) yield full;
  }
}

/** Every line under `paths` (files or folders) that names a machine path, relative to `root`. */
export function machinePaths(root: string, paths: string[]): MachinePathHit[] {
  const hits: MachinePathHit[] = [];
  for (const path of paths) {
    for (const file of files(join(root, path))) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((text, i) => {
        if (MACHINE_PATH.test(text)) {
          hits.push({ file: relative(root, file), line: i + 1, text: text.trim().slice(0, 160) });
        }
      });
    }
  }
  return hits;
}
