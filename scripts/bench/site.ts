/**
 * Site weight for `npm run bench`: JavaScript and CSS (gzip) per page type, from the built
 * files, with the same code as the budget tests (scripts/site-weight.ts), and the size budgets
 * checked over every page.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasDiagram, listFiles, type PageWeight, SiteWeigher } from '../site-weight';
import { foreignRefsInCss, foreignRefsInHtml } from './origins';

export interface PageTypeWeight {
  type: string;
  url: string;
  jsGzip: number;
  jsBytes: number;
  jsFiles: number;
  inlineJsGzip: number;
  cssGzip: number;
  cssFiles: number;
  lazyJsGzip: number;
  lazyJsFiles: number;
  workerJsGzip: number;
  biggestInitial: Array<{ file: string; gzip: number }>;
  biggestLazy: Array<{ file: string; gzip: number; mermaid: boolean }>;
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
  pageCount: number;
  pages: PageTypeWeight[];
  budgets: Budget[];
}

const KB = 1024;

/** The page each type is measured on: the preferred one if it still fits, else the first that does. */
function pickPages(site: SiteWeigher): Array<{ type: string; page: string }> {
  const pages = site.pages();
  const guides = pages.filter((p) => /^en\/guides\/.+\/index\.html$/.test(p));
  const pick = (preferred: string, candidates: string[]): string | undefined =>
    candidates.includes(preferred) ? preferred : candidates[0];
  const plain = guides.filter((p) => !hasDiagram(site.html(p)));
  const withDiagram = guides.filter((p) => hasDiagram(site.html(p)));
  const wanted: Array<{ type: string; page: string | undefined }> = [
    { type: 'guide, no diagram', page: pick('en/guides/glossary/index.html', plain) },
    { type: 'guide with diagrams', page: pick('en/guides/handshake/index.html', withDiagram) },
    { type: 'playground', page: pick('en/playground/index.html', pages) },
    { type: 'embed: playground', page: pick('en/embed/playground/index.html', pages) },
    { type: 'embed: scenario', page: pick('en/embed/scenario/index.html', pages) },
  ];
  return wanted.flatMap((w) => (w.page ? [{ type: w.type, page: w.page }] : []));
}

function summarise(type: string, w: PageWeight): PageTypeWeight {
  return {
    type,
    url: w.url,
    jsGzip: w.totals.jsGzip,
    jsBytes: w.totals.jsBytes,
    jsFiles: w.initialJs.length,
    inlineJsGzip: w.inlineJs.gzip,
    cssGzip: w.totals.cssGzip,
    cssFiles: w.css.length,
    lazyJsGzip: w.totals.lazyJsGzip,
    lazyJsFiles: w.lazyJs.length,
    workerJsGzip: w.totals.workerJsGzip,
    biggestInitial: w.initialJs.slice(0, 5).map(({ file, gzip }) => ({ file, gzip })),
    biggestLazy: w.lazyJs.slice(0, 5).map(({ file, gzip, mermaid }) => ({ file, gzip, mermaid })),
  };
}

export async function benchSite(dist: string, log: (line: string) => void): Promise<SiteResults> {
  const site = await SiteWeigher.open(dist);
  const all = site.pages();
  log(`site: ${all.length} pages in ${dist}`);
  const pages = pickPages(site).map(({ type, page }) => summarise(type, site.weigh(page)));

  const weights = all.map((p) => site.weigh(p));
  const plainGuides = weights.filter(
    (w) => /^(zh|en)\/guides\/.+\/index\.html$/.test(w.page) && !hasDiagram(site.html(w.page)),
  );
  const heaviestPlain = plainGuides.reduce<PageWeight | null>(
    (a, b) => (a && a.totals.jsGzip >= b.totals.jsGzip ? a : b),
    null,
  );
  const playgrounds = weights.filter((w) => /^(zh|en)\/playground\/index\.html$/.test(w.page));
  const heaviestPlayground = playgrounds.reduce<PageWeight | null>(
    (a, b) => (a && a.totals.jsGzip >= b.totals.jsGzip ? a : b),
    null,
  );
  const eagerMermaid = weights.filter((w) => w.initialJs.some((c) => c.mermaid));
  const foreign = [
    ...all.flatMap((p) => foreignRefsInHtml(p, site.html(p))),
    ...listFiles(dist, '.css').flatMap((f) => foreignRefsInCss(f, readFileSync(join(dist, f), 'utf8'))),
  ];
  const budgets: Budget[] = [
    {
      name: 'guide page without a diagram: initial JS (heaviest)',
      measured: heaviestPlain?.totals.jsGzip ?? 0,
      limit: 30 * KB,
      unit: 'bytes',
      met: heaviestPlain !== null && heaviestPlain.totals.jsGzip <= 30 * KB,
      detail: heaviestPlain?.url ?? 'no guide page without a diagram',
    },
    {
      name: 'playground: initial JS (heaviest language)',
      measured: heaviestPlayground?.totals.jsGzip ?? 0,
      limit: 350 * KB,
      unit: 'bytes',
      met: heaviestPlayground !== null && heaviestPlayground.totals.jsGzip <= 350 * KB,
      detail: heaviestPlayground?.url ?? 'no playground page',
    },
    {
      name: 'pages with mermaid in the initial load',
      measured: eagerMermaid.length,
      limit: 0,
      unit: 'pages',
      met: eagerMermaid.length === 0,
      detail: eagerMermaid.map((w) => w.url).join(', ') || `none of ${all.length}`,
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
  return { dist, pageCount: all.length, pages, budgets };
}
