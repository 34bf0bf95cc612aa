import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The built site the browser tests run against (global-setup serves the same folder). */
export const distDir = (): string => process.env.E2E_DIST ?? 'dist';

/**
 * Every page of the built site as a URL path: each `index.html` becomes its folder
 * (`/en/guides/`), plus `/404.html`. Sorted, so failures list in a stable order.
 */
export function builtPages(dist = distDir()): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      // Pagefind's bundle and Astro's assets hold no pages.
      if (statSync(path).isDirectory()) {
        if (name !== '_astro' && name !== 'pagefind') walk(path);
      } else if (name === 'index.html') {
        const folder = relative(dist, dir).split(sep).join('/');
        pages.push(folder ? `/${folder}/` : '/');
      }
    }
  };
  walk(dist);
  if (statSync(join(dist, '404.html'), { throwIfNoEntry: false })?.isFile()) pages.push('/404.html');
  if (pages.length < 4) throw new Error(`${dist}: found only ${pages.length} pages; is the build complete?`);
  return pages.sort();
}

/**
 * Pages outside /zh/ and /en/ (the root, the language-less embed addresses) only forward to
 * a language at once; the browser tests read what they show without scripts.
 */
export const isLanguagePicker = (path: string): boolean =>
  !/^\/(?:zh|en)\//.test(path) && path !== '/404.html';

/**
 * The file a URL path is served from, the way static-server.ts (and a plain static host)
 * resolves it: the file itself, a folder's index.html, or `<path>.html`. Null when none exists.
 */
export function builtFileFor(pathname: string, dist = distDir()): string | null {
  const clean = decodeURIComponent(pathname);
  for (const candidate of [join(dist, clean), join(dist, clean, 'index.html'), join(dist, `${clean}.html`)]) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return null;
}

/** The page path (as listed by builtPages) a URL path shows, or null when it is no page. */
export function pageFor(pathname: string, dist = distDir()): string | null {
  const file = builtFileFor(pathname, dist);
  if (!file?.endsWith('.html')) return null;
  const rel = relative(dist, file).split(sep).join('/');
  if (rel === '404.html') return '/404.html';
  return `/${rel}`.replace(/\/index\.html$/, '/');
}

/** A URL fragment that is page state (`#s=…`, `#theme=dark&view=…`), not an element id. */
export const isStateFragment = (fragment: string): boolean => fragment.includes('=');
