import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMermaidCode } from '../../scripts/site-weight';
import { launchBrowser, siteUrl, watchPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Every script the page fetches whose code is mermaid's (by content, whatever the file is called). */
function mermaidDownloads(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'script') return;
    const body = await res.body().catch(() => null);
    if (body && isMermaidCode(body.toString('utf8'), new URL(res.url()).pathname)) seen.push(res.url());
  });
  return seen;
}

/** Scrolls through the whole page a screen at a time, so whatever loads near the viewport does. */
async function scrollThrough(page: Page): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y <= height; y += 600) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(40);
  }
  await page.waitForLoadState('networkidle');
}

/** Which drawing of each figure shows: "light", "dark", or what went wrong. */
function shownDrawings(page: Page): Promise<string[]> {
  return page.$$eval('guide-mermaid', (figures) =>
    figures.map((figure) => {
      const shown = [...figure.querySelectorAll<HTMLElement>('[data-drawing]')].filter(
        (d) => d.getBoundingClientRect().height > 0,
      );
      return shown.length === 1 ? (shown[0]?.dataset.drawing ?? '?') : `${shown.length} shown`;
    }),
  );
}

describe('guide diagrams', () => {
  it.each(['zh', 'en'] as const)(
    '%s: come drawn in both themes with the HTML, request no mermaid code, and follow the theme switch',
    async (lang) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const seen = watchPage(page, siteUrl());
      const mermaid = mermaidDownloads(page);
      const response = await page.goto(`${siteUrl()}/${lang}/guides/timeouts/`);
      const html = (await response?.text()) ?? '';
      await page.waitForLoadState('networkidle');
      await scrollThrough(page);

      const figures = await page.locator('guide-mermaid').count();
      expect(figures).toBe(2);
      // Both themes' SVGs are in the page as served, before any script runs.
      expect(html.match(/data-drawing="light"[^>]*><svg /g)?.length).toBe(figures);
      expect(html.match(/data-drawing="dark"[^>]*><svg /g)?.length).toBe(figures);
      expect(await page.locator('guide-mermaid [data-drawing=light] svg').count()).toBe(figures);
      expect(await page.locator('guide-mermaid [data-drawing=dark] svg').count()).toBe(figures);
      // The source stays readable, folded away.
      expect(
        await page.locator('guide-mermaid details.guide-mermaid__source').first().getAttribute('open'),
      ).toBe(null);
      expect(mermaid).toEqual([]);

      // Several drawings share the page: no id twice, so no arrowhead points into a hidden drawing.
      const duplicates = await page.evaluate(() => {
        const counts = new Map<string, number>();
        for (const el of document.querySelectorAll('guide-mermaid svg [id], guide-mermaid svg[id]'))
          counts.set(el.id, (counts.get(el.id) ?? 0) + 1);
        const ids = new Set([...document.querySelectorAll('[id]')].map((el) => el.id));
        return [...counts].filter(([id, n]) => n > 1 && ids.has(id)).map(([id]) => id);
      });
      expect(duplicates).toEqual([]);

      for (const theme of ['light', 'dark', 'light'] as const) {
        await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
        expect(await shownDrawings(page)).toEqual(Array(figures).fill(theme));
      }
      expect(mermaid).toEqual([]);
      expect(seen.errors).toEqual([]);
      await page.close();
    },
  );

  it.each([
    ['en', 'Copy to clipboard', 'Copied!'],
    ['zh', '复制到剪贴板', '复制成功！'],
  ] as const)(
    '%s: every code block’s copy button speaks the page language',
    async (lang, tooltip, copied) => {
      const page = await browser.newPage();
      // Markdown code blocks and <ScenarioSnippet>'s <Code> blocks take different paths through
      // Expressive Code; this page has both.
      await page.goto(`${siteUrl()}/${lang}/guides/handshake/`);
      const labels = await page.locator('.expressive-code .copy button').evaluateAll((all) =>
        all.map((b) => ({
          snippet: b.closest('.scenario-snippet') !== null,
          text: `${b.getAttribute('title')} / ${b.getAttribute('data-copied')}`,
        })),
      );
      expect(labels.some((l) => l.snippet)).toBe(true);
      expect(labels.some((l) => !l.snippet)).toBe(true);
      expect(new Set(labels.map((l) => l.text))).toEqual(new Set([`${tooltip} / ${copied}`]));
      await page.close();
    },
  );

  it('downloads are the build’s own SVG files: text labels, the theme’s background, the diagram’s title', async () => {
    const page = await browser.newPage();
    for (const [path, theme, background, text] of [
      [
        '/en/embed/diagram/troubleshooting-flow/light.svg',
        'light',
        '#ffffff',
        /Did the\s*handshake get\s*101\?/,
      ],
      ['/zh/embed/diagram/handshake-through-nginx/dark.svg', 'dark', '#17181c', /101 Switching Protocols/],
    ] as const) {
      const response = await page.request.get(`${siteUrl()}${path}`);
      expect(response.status(), path).toBe(200);
      expect(response.headers()['content-type'], path).toMatch(/^image\/svg\+xml/);
      const svg = await response.text();
      expect(svg, path).toMatch(
        /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
      );
      expect(svg, path).toMatch(/ width="\d+" height="\d+"/);
      expect(svg, path).toContain(`<title>`);
      expect(svg, path).toContain(`fill="${background}"`);
      expect(svg, path).not.toContain('foreignObject');
      expect(svg, path).not.toMatch(/<script|\son[a-z]+=/i);
      // The text is there to read, and the file opens as an image.
      expect(svg.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '), path).toMatch(text);
      await page.goto(`${siteUrl()}${path}`);
      const size = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return img.naturalWidth * img.naturalHeight;
      }, `${siteUrl()}${path}`);
      expect(size, `${path} (${theme})`).toBeGreaterThan(10_000);
    }
    await page.close();
  });

  it('pages without diagrams never load mermaid', async () => {
    const page = await browser.newPage();
    const mermaid = mermaidDownloads(page);
    await page.goto(`${siteUrl()}/en/guides/glossary/`);
    await page.waitForLoadState('networkidle');
    await scrollThrough(page);
    expect(mermaid).toEqual([]);
    await page.close();
  });
});
