/**
 * Site weight for `npm run bench`: what Chromium downloads per page type before the network is
 * idle (with a scroll to the bottom), as served compressed, with the same code as the budget
 * tests (scripts/page-downloads.ts), and the budgets checked over every guide page and both
 * playgrounds. The static module graph (scripts/site-weight.ts) adds what each page could load
 * on demand but did not.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { encodePermalink } from '../../playground/src/index';
import { launchBrowser } from '../../tests/e2e/browser';
import { builtPages } from '../../tests/e2e/site-pages';
import { DOWNLOAD_BUDGETS, mapLimit, measurePage, type PageDownloads } from '../page-downloads';
import { listFiles, SiteWeigher } from '../site-weight';
import { foreignRefsInCss, foreignRefsInHtml } from './origins';
import { serveBuiltSite } from './serve';

export interface PageTypeWeight {
  type: string;
  url: string;
  /** Encoded bytes downloaded, per kind. */
  jsBytes: number;
  cssBytes: number;
  htmlBytes: number;
  otherBytes: number;
  totalBytes: number;
  requests: number;
  /** Whether any download was mermaid's code. */
  mermaid: boolean;
  /** JavaScript the page can load on demand and did not (static graph, gzip level 6). */
  notLoadedJsGzip: number;
  biggest: Array<{ url: string; type: string; bytes: number; mermaid: boolean }>;
}

export interface Budget {
  name: string;
  /** What was measured, in the budget's unit. */
  measured: number;
  limit: number;
  unit: 'bytes' | 'pages' | 'refs' | 'score';
  met: boolean;
  detail?: string;
}

export interface SiteResults {
  dist: string;
  /** How the files were served while measuring. */
  server: string;
  pageCount: number;
  pages: PageTypeWeight[];
  budgets: Budget[];
}

// The embeds get a scenario in their link, as a wiki's iframe would.
const CANONICAL = encodePermalink(
  readFileSync(join(import.meta.dirname, '../../content/scenarios/shared/canonical-echo.yaml'), 'utf8'),
);
const PAGE_TYPES: Array<{ type: string; path: string }> = [
  { type: 'guide, no diagram', path: '/en/guides/glossary/' },
  { type: 'guide with diagrams', path: '/en/guides/handshake/' },
  { type: 'playground', path: '/en/playground/' },
  { type: 'embed: playground', path: `/en/embed/playground/#s=${CANONICAL}` },
  { type: 'embed: scenario', path: `/en/embed/scenario/#s=${CANONICAL}` },
  { type: 'embed: guide diagram', path: '/en/embed/diagram/handshake-through-nginx/' },
];

function summarise(type: string, page: PageDownloads, site: SiteWeigher): PageTypeWeight {
  const htmlBytes = page.byType.document ?? 0;
  const route = page.path.split('#')[0] ?? '/';
  const file = route === '/' ? 'index.html' : `${route.replace(/^\//, '')}index.html`;
  const loaded = new Set(page.downloads.map((d) => d.url.replace(/^\//, '').split(/[?#]/)[0]));
  let notLoadedJsGzip = 0;
  try {
    const weight = site.weigh(file);
    notLoadedJsGzip = [...weight.initialJs, ...weight.lazyJs, ...weight.workerJs]
      .filter((c) => !loaded.has(c.file))
      .reduce((t, c) => t + c.gzip, 0);
  } catch {
    // A page type this build does not have: nothing to add.
  }
  return {
    type,
    url: page.path.includes('#s=') ? `${route}#s=… (canonical-echo.yaml)` : page.path,
    jsBytes: page.jsBytes,
    cssBytes: page.cssBytes,
    htmlBytes,
    otherBytes: page.totalBytes - page.jsBytes - page.cssBytes - htmlBytes,
    totalBytes: page.totalBytes,
    requests: page.downloads.length,
    mermaid: page.downloads.some((d) => d.mermaid),
    notLoadedJsGzip,
    biggest: page.downloads
      .slice(0, 6)
      .map(({ url, type: kind, bytes, mermaid }) => ({ url, type: kind, bytes, mermaid })),
  };
}

function heaviest(pages: PageDownloads[]): PageDownloads | null {
  return pages.reduce<PageDownloads | null>((a, b) => (a && a.jsBytes >= b.jsBytes ? a : b), null);
}

async function measureBudgets(
  browser: Browser,
  origin: string,
  dist: string,
  site: SiteWeigher,
): Promise<Budget[]> {
  const paths = builtPages(dist);
  const guides = await mapLimit(
    paths.filter((p) => /^\/(?:zh|en)\/guides\//.test(p)),
    2,
    (path) => measurePage(browser, origin, path),
  );
  const playgrounds = await mapLimit(
    paths.filter((p) => /^\/(?:zh|en)\/playground\/$/.test(p)),
    1,
    (path) => measurePage(browser, origin, path),
  );
  const guide = heaviest(guides);
  const playground = heaviest(playgrounds);
  const mermaidGuides = guides.filter((p) => p.downloads.some((d) => d.mermaid));
  const eagerMermaid = site.pages().filter((p) => site.weigh(p).initialJs.some((c) => c.mermaid));
  const all = site.pages();
  const foreign = [
    ...all.flatMap((p) => foreignRefsInHtml(p, site.html(p))),
    ...listFiles(dist, '.css').flatMap((f) => foreignRefsInCss(f, readFileSync(join(dist, f), 'utf8'))),
  ];
  return [
    {
      name: `guide pages: JS downloaded (heaviest of ${guides.length})`,
      measured: guide?.jsBytes ?? 0,
      limit: DOWNLOAD_BUDGETS.guideJs,
      unit: 'bytes',
      met: guide !== null && guide.jsBytes <= DOWNLOAD_BUDGETS.guideJs,
      detail: guide?.path ?? 'no guide page',
    },
    {
      name: 'playground: JS downloaded (heaviest language)',
      measured: playground?.jsBytes ?? 0,
      limit: DOWNLOAD_BUDGETS.playgroundJs,
      unit: 'bytes',
      met: playground !== null && playground.jsBytes <= DOWNLOAD_BUDGETS.playgroundJs,
      detail: playground?.path ?? 'no playground page',
    },
    {
      name: 'guide pages that download mermaid',
      measured: mermaidGuides.length,
      limit: 0,
      unit: 'pages',
      met: mermaidGuides.length === 0,
      detail: mermaidGuides.map((p) => p.path).join(', ') || `none of ${guides.length}`,
    },
    {
      name: 'pages with mermaid in the initial module graph',
      measured: eagerMermaid.length,
      limit: 0,
      unit: 'pages',
      met: eagerMermaid.length === 0,
      detail: eagerMermaid.join(', ') || `none of ${all.length}`,
    },
    {
      name: 'loads from another origin (HTML and CSS)',
      measured: foreign.length,
      limit: 0,
      unit: 'refs',
      met: foreign.length === 0,
      detail: foreign.map((r) => `${r.where} ${r.url}`).join(', ') || `none in ${all.length} pages`,
    },
  ];
}

export async function benchSite(dist: string, log: (line: string) => void): Promise<SiteResults> {
  const site = await SiteWeigher.open(dist);
  const pageCount = site.pages().length;
  log(`site: ${pageCount} pages in ${dist}`);
  const served = await serveBuiltSite(dist);
  const browser = await launchBrowser();
  try {
    log(`site: measuring downloads, served by ${served.server}`);
    const pages: PageTypeWeight[] = [];
    for (const { type, path } of PAGE_TYPES) {
      const measured = await measurePage(browser, served.url, path);
      pages.push(summarise(type, measured, site));
    }
    log('site: budgets over every guide page and both playgrounds');
    const budgets = await measureBudgets(browser, served.url, dist, site);
    return { dist, server: served.server, pageCount, pages, budgets };
  } finally {
    await browser.close();
    await served.close();
  }
}
