/**
 * Reading configs and scenarios from disk, one way for every command, so `parse` and `check`
 * give the same answer for the same include. Only regular files are read: nginx reads a
 * device as an empty file (its size is 0), but a reader that trusted the device would never
 * finish `/dev/zero` or `/dev/stdout`, and opening a FIFO blocks. Files are stat'ed before
 * they are opened and fstat'ed after (non-blocking), sizes are capped, globs stop after
 * `MAX_GLOB_ENTRIES` directory entries, and failures carry nginx's errno wording
 * (`open() "x" failed (40: Too many levels of symbolic links)`).
 */
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  type Stats,
  statSync,
} from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { IncludedFile, IncludeFailure, IncludeResolver } from '../src/index';
import { formatBytes, MAX_CONFIG_TREE_BYTES, MAX_FILE_BYTES, MAX_GLOB_ENTRIES } from '../src/index';
import { decodeUtf8, type Utf8Text } from './utf8-file';

/** Why a file was not read: `reason` is what nginx prints in parentheses after `failed`. */
export interface ReadRefusal {
  path: string;
  /** The call nginx would name: `open()` for most, `pread()` for a directory. */
  call: 'open' | 'pread';
  reason: string;
  code: string;
}

export type ReadResult = { ok: true; bytes: Uint8Array } | ({ ok: false } & ReadRefusal);

/** strerror(3) texts of the errors a read can meet, as nginx prints them on Linux. */
const ERRNO: Record<string, [number, string]> = {
  EPERM: [1, 'Operation not permitted'],
  ENOENT: [2, 'No such file or directory'],
  EIO: [5, 'Input/output error'],
  ENXIO: [6, 'No such device or address'],
  EACCES: [13, 'Permission denied'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  EMFILE: [24, 'Too many open files'],
  ENAMETOOLONG: [36, 'File name too long'],
  ELOOP: [40, 'Too many levels of symbolic links'],
};

function errnoReason(error: unknown): { reason: string; code: string } {
  const e = error as NodeJS.ErrnoException;
  const known = e.code ? ERRNO[e.code] : undefined;
  if (known) return { reason: `${known[0]}: ${known[1]}`, code: e.code!.toLowerCase() };
  return { reason: e.message ?? String(error), code: 'read-failed' };
}

function kindOf(st: Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

/** Why `st` cannot be read as a config, or null when it can. */
function refusal(path: string, st: Stats, maxBytes: number): ReadRefusal | null {
  if (st.isDirectory()) return { path, call: 'pread', reason: '21: Is a directory', code: 'eisdir' };
  if (!st.isFile()) {
    return {
      path,
      call: 'open',
      reason: `not a regular file but ${kindOf(st)}; nginx-ws-lab reads only regular files`,
      code: 'not-regular-file',
    };
  }
  return st.size > maxBytes ? tooLarge(path, st.size, maxBytes) : null;
}

function tooLarge(path: string, size: number, maxBytes: number): ReadRefusal {
  return {
    path,
    call: 'open',
    reason: `the file is ${formatBytes(size)}; nginx-ws-lab reads at most ${formatBytes(maxBytes)}`,
    code: 'file-too-large',
  };
}

/**
 * Reads a regular file of at most `maxBytes`. Never blocks on a FIFO, never reads a device,
 * never throws.
 */
export function readRegularFile(path: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (error) {
    return { ok: false, path, call: 'open', ...errnoReason(error) };
  }
  const early = refusal(path, st, maxBytes);
  if (early) return { ok: false, ...early };
  let fd: number;
  try {
    // The file may have been swapped since the stat: open without blocking, then look again.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    return { ok: false, path, call: 'open', ...errnoReason(error) };
  }
  try {
    const opened = fstatSync(fd);
    const late = refusal(path, opened, maxBytes);
    if (late) return { ok: false, ...late };
    // One byte more than allowed tells a file that grew since the fstat.
    const buffer = Buffer.alloc(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return { ok: false, ...tooLarge(path, length, maxBytes) };
      if (length === buffer.length) break;
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, path, call: 'pread', ...errnoReason(error) };
  } finally {
    closeSync(fd);
  }
}

/** nginx's wording of a refused read: `open() "/dev/zero" failed (…)`. */
export function refusalMessage(r: ReadRefusal): string {
  return `${r.call}() "${r.path}" failed (${r.reason})`;
}

/** Reads a text file as UTF-8 under the same rules (see `readRegularFile`). */
export function readTextFile(
  path: string,
  maxBytes = MAX_FILE_BYTES,
): ({ ok: true } & Utf8Text) | ({ ok: false } & ReadRefusal) {
  const read = readRegularFile(path, maxBytes);
  return read.ok ? { ok: true, ...decodeUtf8(read.bytes) } : read;
}

class GlobTooWide extends Error {}

/** glob(3) for one path component: `*`, `?` and `[…]`. */
function componentRegex(part: string): RegExp {
  let re = '';
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = part.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        re += `[${part
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/**
 * Expands an absolute glob pattern as nginx's glob() call does: sorted, dot files only for a
 * component that starts with a dot, no error when nothing matches. Throws `GlobTooWide` after
 * `maxEntries` directory entries.
 */
function glob(pattern: string, maxEntries: number): string[] {
  let visited = 0;
  let paths = ['/'];
  for (const part of pattern.split('/').filter(Boolean)) {
    if (!hasGlob(part)) {
      paths = paths.map((p) => join(p, part));
      continue;
    }
    const re = componentRegex(part);
    const next: string[] = [];
    for (const p of paths) {
      let names: string[];
      try {
        names = readdirSync(p);
      } catch {
        continue;
      }
      visited += names.length;
      if (visited > maxEntries) throw new GlobTooWide();
      for (const n of names.sort()) {
        if (re.test(n) && (part.startsWith('.') || !n.startsWith('.'))) next.push(join(p, n));
      }
    }
    paths = next;
  }
  return paths.sort();
}

/**
 * nginx's `include` for files on disk: relative patterns resolve against the main file's
 * directory (nginx's conf prefix) whichever file the include sits in; globs expand sorted;
 * what cannot be read stops the parse with nginx's message. `texts` keeps each file read.
 */
export function diskIncludeResolver(
  mainFile: string,
  /** Bytes already read for the main file: the tree's total counts them. */
  mainBytes = 0,
): IncludeResolver & { texts: Map<string, string> } {
  const prefix = dirname(mainFile);
  const texts = new Map<string, string>();
  let total = mainBytes;
  const resolve = (pattern: string): IncludedFile[] | IncludeFailure | null => {
    const full = isAbsolute(pattern) ? pattern : join(prefix, pattern);
    let names: string[];
    if (hasGlob(full)) {
      try {
        names = glob(full, MAX_GLOB_ENTRIES);
      } catch (error) {
        if (!(error instanceof GlobTooWide)) throw error;
        return {
          error: `include "${full}" visits more than ${MAX_GLOB_ENTRIES} directory entries; nginx-ws-lab stops there, narrow the pattern`,
          code: 'include-glob-too-wide',
        };
      }
    } else names = [full];
    const files: IncludedFile[] = [];
    for (const name of names) {
      const read = readRegularFile(name, Math.min(MAX_FILE_BYTES, MAX_CONFIG_TREE_BYTES - total));
      if (!read.ok) {
        // A plain name that does not exist: the parser words nginx's ENOENT itself.
        if (read.code === 'enoent' && !hasGlob(full)) return null;
        if (read.code === 'file-too-large' && MAX_CONFIG_TREE_BYTES - total < MAX_FILE_BYTES) {
          return {
            error: `open() "${name}" failed (the config and its includes add up to more than ${formatBytes(MAX_CONFIG_TREE_BYTES)}; nginx-ws-lab reads at most that)`,
            code: 'include-tree-too-large',
          };
        }
        return { error: refusalMessage(read), code: `include-${read.code}` };
      }
      total += read.bytes.length;
      const { text } = decodeUtf8(read.bytes);
      texts.set(name, text);
      files.push({ file: name, text });
    }
    return files;
  };
  return Object.assign(resolve, { texts });
}
