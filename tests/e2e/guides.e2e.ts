import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl, watchPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Scripts of the mermaid library fetched so far (its bundle and diagram chunks) — not our own
 * small `<guide-mermaid>` element script, which every page with a diagram loads up front.
 */
function mermaidRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (/mermaid/i.test(url) && !url.includes('Mermaid.astro') && req.resourceType() === 'script')
      seen.push(url);
  });
  return seen;
}

describe('guide diagrams', () => {
  it.each(['zh', 'en'] as const)(
    '%s: mermaid loads only near a diagram, draws it, and redraws on a theme switch',
    async (lang) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const seen = watchPage(page, siteUrl());
      const requests = mermaidRequests(page);
      await page.goto(`${siteUrl()}/${lang}/guides/timeouts/`);
      await page.waitForLoadState('networkidle');
      expect(requests).toEqual([]);

      const diagram = page.locator('guide-mermaid .guide-mermaid__diagram').first();
      await diagram.scrollIntoViewIfNeeded();
      const svg = diagram.locator('svg');
      await svg.waitFor({ timeout: 20_000 });
      expect(requests.length).toBeGreaterThan(0);
      const before = await svg.evaluate((el) => el.outerHTML);

      const other = (await page.getAttribute('html', 'data-theme')) === 'dark' ? 'light' : 'dark';
      await page.evaluate((theme) => document.documentElement.setAttribute('data-theme', theme), other);
      await page.waitForFunction(
        (old) => {
          const el = document.querySelector('guide-mermaid .guide-mermaid__diagram svg');
          return el !== null && el.outerHTML !== old;
        },
        before,
        { timeout: 20_000 },
      );
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

  it('pages without diagrams never load mermaid', async () => {
    const page = await browser.newPage();
    const requests = mermaidRequests(page);
    await page.goto(`${siteUrl()}/en/guides/glossary/`);
    await page.waitForLoadState('networkidle');
    await page.mouse.wheel(0, 5000);
    await page.waitForTimeout(500);
    expect(requests).toEqual([]);
    await page.close();
  });
});
