/**
 * The file system as crossplane's Python sees it: `open()` errors worded as `OSError` words them,
 * and `glob.glob` (hidden files only for a pattern that starts with a dot, directories expanded
 * part by part, paths spelled as the pattern spells them). Files are read as every command reads
 * them (`config-files.ts`: regular files only, sizes capped), globs stop after
 * `MAX_GLOB_ENTRIES` directory entries, and a tree stops at `MAX_CONFIG_TREE_BYTES`: crossplane
 * itself would read `/dev/zero` for ever.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { CrossplaneHost, OsError } from '../src/index';
import { formatBytes, MAX_CONFIG_TREE_BYTES, MAX_GLOB_ENTRIES } from '../src/index';
import { type ReadRefusal, readTextFile } from './config-files';

const OS_ERRORS: Record<string, OsError> = {
  ENOENT: { errno: 2, strerror: 'No such file or directory', name: 'FileNotFoundError' },
  EACCES: { errno: 13, strerror: 'Permission denied', name: 'PermissionError' },
  EISDIR: { errno: 21, strerror: 'Is a directory', name: 'IsADirectoryError' },
  ENOTDIR: { errno: 20, strerror: 'Not a directory', name: 'NotADirectoryError' },
  ELOOP: { errno: 40, strerror: 'Too many levels of symbolic links', name: 'OSError' },
};

/** A refused read as Python would word it; refusals Python has no errno for keep our words. */
function osError(refusal: ReadRefusal): OsError {
  const known = OS_ERRORS[refusal.code.toUpperCase()];
  if (known) return known;
  const errno = /^(\d+): (.*)$/.exec(refusal.reason);
  return errno
    ? { errno: Number(errno[1]), strerror: errno[2]!, name: 'OSError' }
    : { errno: null, strerror: refusal.reason, name: 'OSError' };
}

function hasMagic(s: string): boolean {
  return /[*?[]/.test(s);
}

/** Python's `fnmatch.translate` for one path part. */
function fnmatchRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, j).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      else if (body.startsWith('^')) body = `\\${body}`;
      out += `[${body}]`;
      i = j;
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`, 's');
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function split(path: string): [string, string] {
  const i = path.lastIndexOf('/') + 1;
  let head = path.slice(0, i);
  if (head && !/^\/+$/.test(head)) head = head.replace(/\/+$/, '');
  return [head, path.slice(i)];
}

function joinPy(dir: string, name: string): string {
  return dir === '' || dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** Python's `glob.glob(pattern)` (non-recursive), unsorted; at most `budget.left` entries are looked at. */
export function pythonGlob(pattern: string, budget = { left: MAX_GLOB_ENTRIES }): string[] {
  const [dir, base] = split(pattern);
  if (!hasMagic(pattern)) return exists(pattern) ? [pattern] : [];
  const dirs = dir && dir !== pattern && hasMagic(dir) ? pythonGlob(dir, budget) : [dir];
  const out: string[] = [];
  for (const d of dirs) {
    if (!hasMagic(base)) {
      if (base === '' ? exists(d) : exists(joinPy(d, base))) out.push(joinPy(d, base));
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(d === '' ? '.' : d);
    } catch {
      continue;
    }
    const re = fnmatchRegExp(base);
    for (const name of names) {
      if (--budget.left < 0) return out;
      if (name.startsWith('.') && !base.startsWith('.')) continue;
      if (re.test(name)) out.push(joinPy(d, name));
    }
  }
  return out;
}

/**
 * The file system, relative paths read against `base` (default: the working directory) while
 * the payload keeps them as written, as crossplane run in `base` would.
 */
export function fileSystemHost(base?: string): CrossplaneHost {
  const at = (path: string): string => (base && !isAbsolute(path) ? join(base, path) : path);
  let total = 0;
  return {
    read(path) {
      const read = readTextFile(at(path));
      if (!read.ok) return { error: osError({ ...read, path }) };
      total += read.text.length;
      if (total > MAX_CONFIG_TREE_BYTES) {
        const strerror = `the included files add up to more than ${formatBytes(MAX_CONFIG_TREE_BYTES)}; nginx-ws-lab reads no more`;
        return { error: { errno: null, strerror, name: 'OSError' } };
      }
      return { text: read.text };
    },
    glob(pattern) {
      const budget = { left: MAX_GLOB_ENTRIES };
      const prefix = !base || isAbsolute(pattern) ? '' : base.endsWith('/') ? base : `${base}/`;
      const found = pythonGlob(prefix + pattern, budget).map((p) => p.slice(prefix.length));
      if (budget.left < 0) {
        const strerror = `the pattern visits more than ${MAX_GLOB_ENTRIES} directory entries; nginx-ws-lab stops there, narrow the pattern`;
        return { error: { errno: null, strerror, name: 'OSError' } };
      }
      return found;
    },
  };
}
