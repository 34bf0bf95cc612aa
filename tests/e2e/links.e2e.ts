import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every internal link and asset reference in the built site resolves to a file in dist/,
 * and every in-page anchor (#id) exists on its target page. Runs on the files, no browser.
 */
const DIST = process.env.E2E_DIST ?? 'dist';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return path.endsWith('.html') ? [path] : [];
  });
}

function targetFile(pathname: string): string | null {
  const clean = decodeURIComponent(pathname);
  for (const candidate of [join(DIST, clean), join(DIST, clean, 'index.html'), join(DIST, `${clean}.html`)]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const ids = new Map<string, Set<string>>();
function idsOf(file: string): Set<string> {
  let set = ids.get(file);
  if (!set) {
    set = new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? ''));
    ids.set(file, set);
  }
  return set;
}

describe('internal links', () => {
  it('all resolve', () => {
    const broken: string[] = [];
    const pages = htmlFiles(DIST);
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      const pageUrl = new URL(`/${relative(DIST, page)}`, 'http://site');
      for (const match of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
        const raw = (match[1] ?? '').replaceAll('&amp;', '&');
        if (/^(?:[a-z]+:|\/\/)/i.test(raw) && !raw.startsWith('http://site')) continue; // external or data:/mailto:
        const url = new URL(raw, pageUrl);
        const file = targetFile(url.pathname);
        if (!file) {
          broken.push(`${page}: ${raw}`);
          continue;
        }
        // Playground permalinks (#s=…) are state, not anchors.
        const hash = decodeURIComponent(url.hash.slice(1));
        if (hash && !hash.startsWith('s=') && file.endsWith('.html') && !idsOf(file).has(hash)) {
          broken.push(`${page}: ${raw} (no element with id "${hash}")`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('sidebar', () => {
  // The guides group is listed by hand in astro.config.mjs (autogenerate cannot see
  // content/docs/), so a new guide missing from that list would be reachable by no menu.
  it.each(['zh', 'en'])('lists every %s guide on every guide page', (lang) => {
    const dir = join(DIST, lang, 'guides');
    const guides = readdirSync(dir)
      .filter((name) => existsSync(join(dir, name, 'index.html')))
      .map((name) => `/${lang}/guides/${name}/`)
      .concat(`/${lang}/guides/`);
    expect(guides.length).toBeGreaterThan(5);
    for (const guide of guides) {
      const html = readFileSync(join(DIST, guide, 'index.html'), 'utf8');
      const sidebar = /id="starlight__sidebar"[\s\S]*?<\/sl-sidebar-pane>/.exec(html)?.[0];
      expect(sidebar, `${guide} has no sidebar`).toBeTruthy();
      const missing = guides.filter((g) => !sidebar?.includes(`href="${g}"`));
      expect(missing, `sidebar of ${guide} lacks`).toEqual([]);
    }
  });
});

describe('sitemap', () => {
  it('lists the guides and no page that asks not to be indexed', () => {
    const sitemaps = readdirSync(DIST).filter((f) => /^sitemap-\d+\.xml$/.test(f));
    expect(sitemaps.length).toBeGreaterThan(0);
    const listed = new Set(
      sitemaps.flatMap((f) =>
        [...readFileSync(join(DIST, f), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map(
          (m) => new URL(m[1] ?? '').pathname,
        ),
      ),
    );
    expect(listed.has('/en/guides/handshake/')).toBe(true);
    expect(listed.has('/zh/guides/handshake/')).toBe(true);
    const noindex = htmlFiles(DIST)
      .filter((file) => /<meta name="robots" content="noindex"/.test(readFileSync(file, 'utf8')))
      .map((file) => `/${relative(DIST, file)}`.replace(/index\.html$/, ''));
    expect(noindex.length).toBeGreaterThan(10);
    expect(noindex.filter((path) => listed.has(path))).toEqual([]);
  });
});
