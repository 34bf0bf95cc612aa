// @ts-check
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files in dist/ that are server instructions or encodings of another file, not URLs of their own. */
const NOT_A_URL = /(?:^_headers$|^_nginx\/|\.gz$|\.br$)/;

/**
 * Every file of the built site that has a URL, relative to dist with "/" separators, sorted.
 * @param {string} dist
 * @returns {string[]}
 */
export function servedFiles(dist) {
  return readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dist, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((f) => !NOT_A_URL.test(f))
    .sort();
}
