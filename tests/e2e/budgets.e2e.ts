import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { foreignRefsInCss, foreignRefsInHtml } from '../../scripts/bench/origins';
import {
  biggestChunks,
  hasDiagram,
  isMermaidCode,
  kb,
  listFiles,
  type PageWeight,
  SiteWeigher,
} from '../../scripts/site-weight';

/**
 * Size and origin budgets of issue 10, read from the built files (deterministic, so real
 * tests). The same code measures the figures `npm run bench` reports (scripts/site-weight.ts).
 */
const dist = process.env.E2E_DIST ?? 'dist';
const GUIDE_JS_BUDGET = 30 * 1024;
const PLAYGROUND_JS_BUDGET = 350 * 1024;

let site: SiteWeigher;
beforeAll(async () => {
  site = await SiteWeigher.open(dist);
});

function overBudget(weight: PageWeight, budget: number, what: string): string {
  return [
    `${weight.url} (${join(dist, weight.page)}): initial JavaScript is ${kb(weight.totals.jsGzip)} gzip, ` +
      `over the ${what} budget of ${kb(budget)} by ${kb(weight.totals.jsGzip - budget)}.`,
    `  inline scripts: ${kb(weight.inlineJs.gzip)} gzip; biggest chunks of the initial module graph:`,
    biggestChunks(weight.initialJs),
    '  Move what the page does not need at first paint behind a dynamic import().',
  ].join('\n');
}

describe('size budgets (gzip, initial module graph)', () => {
  it('every guide page without a diagram loads at most 30 KB of JavaScript', () => {
    const guides = site.pages().filter((p) => /^(zh|en)\/guides\/.+\/index\.html$/.test(p));
    const plain = guides.filter((p) => !hasDiagram(site.html(p)));
    expect(plain.length, `no guide page without a diagram in ${dist}/{zh,en}/guides/`).toBeGreaterThan(0);
    const failures = plain
      .map((p) => site.weigh(p))
      .filter((w) => w.totals.jsGzip > GUIDE_JS_BUDGET)
      .map((w) => overBudget(w, GUIDE_JS_BUDGET, 'guide page without a diagram'));
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  it('the playground loads at most 350 KB of JavaScript at first', () => {
    const pages = ['zh/playground/index.html', 'en/playground/index.html'];
    const failures = pages
      .map((p) => site.weigh(p))
      .filter((w) => w.totals.jsGzip > PLAYGROUND_JS_BUDGET)
      .map((w) => overBudget(w, PLAYGROUND_JS_BUDGET, 'playground'));
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

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
    // The detector must see mermaid where it is (lazily on diagram pages), or this test proves nothing.
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
});
