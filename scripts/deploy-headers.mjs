#!/usr/bin/env node
// @ts-check
/**
 * After `astro build`: writes the hosting headers for this build into the output directory.
 *   <dist>/_nginx/<kind>.conf  add_header snippets that deploy/nginx.conf includes
 *   <dist>/_headers            the same headers for Netlify / Cloudflare Pages
 *   <dist>/**\/*.gz (.br)       precompressed text files for gzip_static (brotli_static)
 * The CSP lists the SHA-256 of every inline script in the build, so no 'unsafe-inline' is
 * needed; an inline event handler or javascript: URL fails the build with its file and line.
 *
 * Usage: node scripts/deploy-headers.mjs [dist] [--frame-ancestors deploy/frame-ancestors.txt] [--brotli]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseFrameAncestors } from '../deploy/lib/frame-ancestors.mjs';
import { scanInlineScripts } from '../deploy/lib/inline-scripts.mjs';
import { precompress } from '../deploy/lib/precompress.mjs';
import { headersFile, nginxSnippets } from '../deploy/lib/render.mjs';
import { servedFiles } from '../deploy/lib/served-files.mjs';

/** The operator's list of origins that may frame the embeds. */
export const DEFAULT_FRAME_ANCESTORS = resolve(import.meta.dirname, '../deploy/frame-ancestors.txt');

/**
 * What the headers depend on: the served files, the inline script hashes, the framing origins.
 * @param {string} dist
 * @param {string} frameAncestorsFile
 */
export function buildFacts(dist, frameAncestorsFile) {
  const files = servedFiles(dist);
  const scriptHashes = new Set();
  const problems = [];
  for (const file of files.filter((f) => f.endsWith('.html'))) {
    const path = join(dist, file);
    const scan = scanInlineScripts(readFileSync(path, 'utf8'), path);
    for (const h of scan.hashes) scriptHashes.add(h);
    problems.push(...scan.problems);
  }
  if (problems.length > 0) {
    throw new Error(`the build has inline script the CSP would block:\n${problems.join('\n')}`);
  }
  const frameAncestors = parseFrameAncestors(readFileSync(frameAncestorsFile, 'utf8'), frameAncestorsFile);
  return { files, build: { scriptHashes: [...scriptHashes].sort(), frameAncestors } };
}

/**
 * @param {string} dist
 * @param {{ frameAncestorsFile: string, brotli: boolean }} options
 */
export function writeDeployHeaders(dist, { frameAncestorsFile, brotli }) {
  const { files, build } = buildFacts(dist, frameAncestorsFile);
  mkdirSync(join(dist, '_nginx'), { recursive: true });
  for (const [kind, text] of nginxSnippets(build)) writeFileSync(join(dist, '_nginx', `${kind}.conf`), text);
  writeFileSync(
    join(dist, '_headers'),
    headersFile(
      files.map((f) => `/${f}`),
      build,
    ),
  );

  let compressed = 0;
  for (const file of files) if (precompress(join(dist, file), { brotli })) compressed++;
  return { scripts: build.scriptHashes.length, compressed, frameAncestors: build.frameAncestors };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename);
if (isMain) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'frame-ancestors': { type: 'string', default: DEFAULT_FRAME_ANCESTORS },
      brotli: { type: 'boolean', default: false },
    },
  });
  const dist = positionals[0] ?? 'dist';
  try {
    const r = writeDeployHeaders(dist, {
      frameAncestorsFile: values['frame-ancestors'],
      brotli: values.brotli,
    });
    console.log(
      `deploy headers: ${r.scripts} inline script hashes in the CSP, embeds framable by ${r.frameAncestors.join(' ')}, ` +
        `${r.compressed} files precompressed; wrote ${dist}/_headers and ${dist}/_nginx/*.conf`,
    );
  } catch (err) {
    console.error(`scripts/deploy-headers.mjs: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
