// @ts-check
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Writes `file.gz` (and with `brotli`, `file.br`) next to each text file, compressed once at
 * strong settings, so nginx (gzip_static / brotli_static) sends them without compressing per
 * request. Brotli is opt-in: it costs seconds per build (quality 9; 11 took 40 s here) and only
 * helps where the nginx brotli module is installed. Files too small to gain are skipped:
 * nginx then sends them as they are or compresses on the fly.
 */

export const COMPRESSIBLE = /\.(?:html|js|mjs|css|svg|json|xml|txt|webmanifest)$/;
/** Matches gzip_min_length in deploy/nginx.conf: below this the headers outweigh the saving. */
export const MIN_BYTES = 1024;

/**
 * @param {string} file absolute path
 * @param {{ brotli: boolean }} options
 * @returns {boolean} whether compressed copies were written
 */
export function precompress(file, { brotli }) {
  if (!COMPRESSIBLE.test(file) || statSync(file).size < MIN_BYTES) return false;
  const raw = readFileSync(file);
  writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
  if (!brotli) return true;
  writeFileSync(
    `${file}.br`,
    brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 9,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
  );
  return true;
}
