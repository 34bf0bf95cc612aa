import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStaticGzip } from '../../scripts/bench/gzip-proxy';
import { foreignRefsInCss, foreignRefsInHtml } from '../../scripts/bench/origins';
import {
  biggestDownloads,
  DOWNLOAD_BUDGETS,
  kb,
  mapLimit,
  measurePage,
  type PageDownloads,
  typeSummary,
} from '../../scripts/page-downloads';
import { biggestChunks, isMermaidCode, listFiles, SiteWeigher } from '../../scripts/site-weight';
import { launchBrowser, siteUrl } from './browser';
import { builtPages } from './site-pages';

/**
 * Size and origin budgets (issues 10 and 20). The JavaScript budgets count what Chromium
 * downloads before the network is idle, with a scroll to the bottom so that what loads near
 * the viewport loads too, in bytes as served: the site's nginx with gzip_static (or, where the
 * run has no nginx, a gzip proxy over the same files). The same code measures the figures
 * `npm run bench` reports (scripts/page-downloads.ts).
 */
const dist = process.env.E2E_DIST ?? 'dist';

let site: SiteWeigher;
let browser: Browser;
let origin: string;
let closeServer: (() => Promise<void>) | undefined;
beforeAll(async () => {
  site = await SiteWeigher.open(dist);
  browser = await launchBrowser();
  if (process.env.E2E_SERVER === 'nginx') origin = siteUrl();
  else {
    // A plain static server sends no gzip: measure through a compressing one instead.
    const served = await serveStaticGzip(dist);
    origin = served.url;
    closeServer = served.close;
  }
});
afterAll(async () => {
  await browser?.close();
  await closeServer?.();
});

function overBudget(page: PageDownloads, budget: number, what: string): string {
  return [
    `${page.path}: downloads ${kb(page.jsBytes)} of JavaScript before the network is idle, over the ${what} ` +
      `budget of ${kb(budget)} by ${kb(page.jsBytes - budget)} (all: ${typeSummary(page)}).`,
    '  Biggest scripts:',
    biggestDownloads(page, 'script'),
    '  Load what the page does not need at first paint on demand (a dynamic import() on first use).',
  ].join('\n');
}

function measurementProblems(page: PageDownloads): string[] {
  return [
    ...page.unmeasured.map((u) => `${page.path}: no size for ${u}`),
    ...page.failed.map((f) => `${page.path}: request failed: ${f}`),
  ];
}

const guidePages = () => builtPages(dist).filter((p) => /^\/(?:zh|en)\/guides\//.test(p));

describe('what pages download before the network is idle (gzip, as served)', () => {
  it('every guide page downloads at most 30 KB of JavaScript and no mermaid, diagrams or not', async () => {
    const paths = guidePages();
    expect(paths.length, `no guide pages in ${dist}/{zh,en}/guides/`).toBeGreaterThan(10);
    // Four at a time: a measurement mostly waits for the network to stay quiet (twice 750 ms).
    const pages = await mapLimit(paths, 4, (path) => measurePage(browser, origin, path));
    const failures = [
      ...pages.flatMap(measurementProblems),
      ...pages
        .filter((p) => p.jsBytes > DOWNLOAD_BUDGETS.guideJs)
        .map((p) => overBudget(p, DOWNLOAD_BUDGETS.guideJs, 'guide page')),
      ...pages
        .filter((p) => p.downloads.some((d) => d.mermaid))
        .map(
          (p) =>
            `${p.path} downloads mermaid: ${p.downloads
              .filter((d) => d.mermaid)
              .map((d) => d.url)
              .join(', ')}; guide diagrams are drawn at build time (src/build/mermaid-prerender.ts)`,
        ),
    ];
    expect(failures, failures.join('\n\n')).toEqual([]);
    // Served compressed, or the figures would not be what a reader pays.
    for (const p of pages)
      expect(p.downloads.find((d) => d.type === 'document')?.encoding, p.path).toBe('gzip');
    // A page with diagrams was among them, and its drawings came with the HTML.
    expect(pages.some((p) => p.path.endsWith('/guides/handshake/'))).toBe(true);
  }, 300_000);

  it('the playground downloads at most 350 KB of JavaScript, and loads mermaid only for its diagram tab', async () => {
    const failures: string[] = [];
    for (const path of ['/zh/playground/', '/en/playground/']) {
      const page = await measurePage(browser, origin, path);
      failures.push(...measurementProblems(page));
      // The engine's worker is JavaScript the reader downloads too: it must be in the count.
      expect(
        page.downloads.some((d) => d.type === 'script' && /worker/.test(d.url) && d.bytes > 10 * 1024),
      ).toBe(true);
      if (page.jsBytes > DOWNLOAD_BUDGETS.playgroundJs)
        failures.push(overBudget(page, DOWNLOAD_BUDGETS.playgroundJs, 'playground'));
      const mermaid = page.downloads.filter((d) => d.mermaid);
      if (mermaid.length > 0)
        failures.push(
          `${path} downloads mermaid before its diagram tab is opened: ${mermaid.map((d) => d.url).join(', ')}`,
        );
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 120_000);

  it('offline use costs a first load only its registration: a few hundred bytes, after load', () => {
    const html = site.html('en/guides/handshake/index.html');
    const inline = html.match(/<script>([^<]*serviceWorker[^<]*)<\/script>/);
    expect(inline, 'the guide carries no service worker registration').not.toBeNull();
    const registration = gzipSync(Buffer.from(inline?.[1] ?? '')).length;
    expect(registration, `registration script: ${registration} bytes gzip`).toBeLessThanOrEqual(400);
    // It starts after the load event, so nothing the page needs waits for it.
    expect(inline?.[1]).toMatch(/addEventListener\('load'/);
    // The worker itself, fetched in that idle moment: its code and this build's shell list.
    const worker = gzipSync(readFileSync(join(dist, 'sw.js'))).length;
    expect(worker, `sw.js: ${worker} bytes gzip`).toBeLessThanOrEqual(4 * 1024);
    // Embeds live in other sites' iframes: they register nothing.
    expect(site.html('en/embed/diagram/handshake-through-nginx/index.html')).not.toMatch(/serviceWorker/);
  });
});

describe('static module graph', () => {
  it('mermaid is never in the initial load of any page', () => {
    const pages = site.pages();
    const failures: string[] = [];
    let lazyMermaidPages = 0;
    for (const page of pages) {
      const weight = site.weigh(page);
      if (weight.lazyJs.some((c) => c.mermaid)) lazyMermaidPages++;
      const eager = weight.initialJs.filter((c) => c.mermaid);
      if (eager.length === 0) continue;
      failures.push(
        [
          `${weight.url} (${join(dist, page)}) loads mermaid at first: ${eager.map((c) => c.file).join(', ')} ` +
            `(${kb(eager.reduce((t, c) => t + c.gzip, 0))} gzip of ${kb(weight.totals.jsGzip)}).`,
          '  Biggest chunks of its initial module graph:',
          biggestChunks(weight.initialJs),
          '  Import mermaid with a dynamic import() when a diagram comes into view.',
        ].join('\n'),
      );
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    // The detector must see mermaid where it is (lazily: the playground's diagram tab), or this test proves nothing.
    expect(
      lazyMermaidPages,
      'no page loads mermaid even lazily: is the mermaid detector still right?',
    ).toBeGreaterThan(0);
  });
});

describe('origins', () => {
  it('no page or stylesheet loads anything from another origin', () => {
    const refs = site.pages().flatMap((p) => foreignRefsInHtml(p, site.html(p)));
    for (const css of listFiles(dist, '.css'))
      refs.push(...foreignRefsInCss(css, readFileSync(join(dist, css), 'utf8')));
    const lines = refs.map((r) => `  ${join(dist, r.where)}: ${r.via} ${r.url}`);
    expect(
      lines,
      `${refs.length} load(s) from another origin; ship the file in public/ or drop it:\n${lines.join('\n')}`,
    ).toEqual([]);
  });
});

// The scanners themselves, on small pages: a budget test is only as good as what it sees.
describe('what the budget scanners count', () => {
  it('flags loads from another origin and lets navigation and page descriptions through', () => {
    const html = [
      '<link rel="canonical" href="https://example.org/en/">',
      '<link rel="stylesheet" href="https://cdn.example/x.css">',
      '<a href="https://nginx.org/">nginx</a>',
      '<img src="data:image/png;base64,AA" srcset="/a.png 1x, //cdn.example/b.png 2x">',
      '<div style="background: url(\'https://cdn.example/bg.png\')"></div>',
      '<script>const s = "<img src=https://in-a-string.example>";</script>',
    ].join('\n');
    const refs = foreignRefsInHtml('page.html', html).map((r) => `${r.where} ${r.via} ${r.url}`);
    expect(refs).toEqual([
      'page.html:2 <link href> https://cdn.example/x.css',
      'page.html:4 <img srcset> //cdn.example/b.png',
      'page.html:5 <div style> https://cdn.example/bg.png',
    ]);
    expect(
      foreignRefsInCss('a.css', 'a{}\n@import "https://fonts.example/f.css";').map((r) => r.where),
    ).toEqual(['a.css:2']);
  });

  it('recognises mermaid by its code, not by a component named after it', () => {
    expect(isMermaidCode('const x={mermaidAPI:y}', '_astro/chunk-ABC.js')).toBe(true);
    expect(isMermaidCode('', '_astro/mermaid.core.DYNud4QQ.js')).toBe(true);
    expect(isMermaidCode('import("./mermaid.core.js")', '_astro/Mermaid.astro_astro_type_script.X.js')).toBe(
      false,
    );
  });

  it('counts every download until idle, as encoded bytes: lazy scripts below the fold and a worker included', async () => {
    const root = mkdtempSync(join(tmpdir(), 'downloads-'));
    try {
      const big = (name: string) =>
        `// ${name}\n${Array.from({ length: 400 }, (_, i) => `console.log(${i} * ${name.length});`).join('\n')}\n`;
      const files: Record<string, string> = {
        'index.html':
          '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><link rel="stylesheet" href="/a.css"><script type="module" src="/a.js"></script></head>' +
          '<body><div style="height:3000px"></div><div id="end">end</div></body></html>',
        'a.css': `body { margin: 0; }\n${'.x { color: red; }\n'.repeat(100)}`,
        'a.js': `${big('a')}new Worker('/w.js');\nnew IntersectionObserver((e, o) => { if (e.some((x) => x.isIntersecting)) { o.disconnect(); import('/lazy.js'); } }).observe(document.getElementById('end'));\n`,
        'lazy.js': big('lazy'),
        'w.js': big('worker'),
        'never.js': big('never'),
        '404.html': 'not found',
      };
      for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
      const served = await serveStaticGzip(root);
      try {
        const page = await measurePage(browser, served.url, '/');
        const gz = (name: string) => gzipSync(Buffer.from(files[name] as string)).length;
        const got = Object.fromEntries(page.downloads.map((d) => [d.url, d.bytes]));
        expect(got).toEqual({
          '/': gz('index.html'),
          '/a.css': gz('a.css'),
          '/a.js': gz('a.js'),
          '/lazy.js': gz('lazy.js'),
          '/w.js': gz('w.js'),
        });
        expect(page.jsBytes).toBe(gz('a.js') + gz('lazy.js') + gz('w.js'));
        expect(page.cssBytes).toBe(gz('a.css'));
        expect(page.unmeasured).toEqual([]);
        expect(page.downloads.every((d) => d.encoding === 'gzip')).toBe(true);
      } finally {
        await served.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names mermaid among the downloads by its code', () => {
    expect(isMermaidCode('x.mermaidAPI=1', '/_astro/chunk-A.js')).toBe(true);
    expect(isMermaidCode('export{}', '/_astro/guide-mermaid.B1.js')).toBe(false);
  });
});
