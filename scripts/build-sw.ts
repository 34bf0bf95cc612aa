/**
 * After `astro build`: writes <dist>/sw.js, the offline service worker
 * (src/offline/service-worker.js) with this build's version and app shell in front.
 *   - version: a hash of every file the site serves, so any change to the build gives the
 *     worker a new cache (and a new sw.js, which is how browsers notice an update);
 *   - precache: the playground, the exercise list and the course of every language, and every
 *     script, stylesheet and worker those pages and the exercise pages load or may load,
 *     mermaid excepted (1.5 MB; cached when a diagram tab first loads it).
 * Usage: tsx scripts/build-sw.ts [dist]
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listFiles, SiteWeigher } from './site-weight';

const SOURCE = resolve(import.meta.dirname, '../src/offline/service-worker.js');

/**
 * Pages whose HTML is the app shell: the playground, the list of exercises and the course.
 * Each exercise page (9 KB gzip, 37 per language) is kept when visited; the scripts every
 * exercise page loads are precached, from the exercise pages themselves.
 */
export function isShellPage(page: string): boolean {
  return /^[a-z]{2}(?:-[a-z]+)?\/(?:playground|exercises|course)\/index\.html$/.test(page);
}

/** Pages whose scripts and styles are precached. */
function needsCode(page: string): boolean {
  return /^[a-z]{2}(?:-[a-z]+)?\/(?:playground|exercises|course)\/(?:[^/]+\/)?index\.html$/.test(page);
}

/** URL path of a built HTML file, as the site links it (directories with a trailing slash). */
function pagePath(page: string): string {
  return `/${page.replace(/index\.html$/, '')}`;
}

export async function precacheList(dist: string): Promise<{ urls: string[]; bytes: number }> {
  const site = await SiteWeigher.open(dist);
  const urls = new Set<string>(['/favicon.svg']);
  let bytes = 0;
  const files = new Set<string>();
  for (const page of site.pages().filter(needsCode)) {
    if (isShellPage(page)) urls.add(pagePath(page));
    const { files: chunks, missing } = site.loadable(page, (chunk) => chunk.mermaid);
    if (missing.length > 0)
      throw new Error(`${page} refers to files missing from ${dist}: ${missing.join(', ')}`);
    for (const chunk of chunks)
      if (!files.has(chunk.file)) {
        files.add(chunk.file);
        bytes += chunk.gzip;
      }
  }
  for (const file of files) urls.add(`/${file}`);
  return { urls: [...urls].sort(), bytes };
}

/** A hash of every served file's path and content. */
export function buildVersion(dist: string): string {
  const hash = createHash('sha256');
  const served = listFiles(dist, '')
    .filter((f) => !/\.(?:gz|br)$/.test(f) && !/^(?:_nginx\/|_headers$|sw\.js$)/.test(f))
    .sort();
  for (const file of served)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dist, file)))
      .update('\0');
  hash.update(readFileSync(SOURCE));
  return hash.digest('hex').slice(0, 16);
}

export function serviceWorkerText(version: string, precache: readonly string[]): string {
  const offline = JSON.stringify({ version, precache });
  return `const OFFLINE = ${offline};\n${readFileSync(SOURCE, 'utf8')}`;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename);
if (isMain) {
  const dist = process.argv[2] ?? 'dist';
  try {
    const { urls, bytes } = await precacheList(dist);
    const version = buildVersion(dist);
    writeFileSync(join(dist, 'sw.js'), serviceWorkerText(version, urls));
    console.log(
      `service worker: ${dist}/sw.js, cache nginx-ws-lab-${version}, app shell of ${urls.length} files ` +
        `(${(bytes / 1024).toFixed(0)} KB gzip of scripts and styles, fetched once after a first visit)`,
    );
  } catch (err) {
    console.error(`scripts/build-sw.ts: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
