import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Types a query into Starlight's Pagefind dialog and returns the result titles. */
async function search(lang: 'zh' | 'en', query: string): Promise<string[]> {
  const page = await browser.newPage();
  await page.goto(`${siteUrl()}/${lang}/`);
  await page.locator('site-search button[data-open-modal]').first().click();
  const input = page.locator('#starlight__search input[type="search"]');
  await input.fill(query);
  const results = page.locator('#starlight__search .pagefind-ui__result-link');
  await results.first().waitFor({ timeout: 15_000 });
  const titles = await results.allTextContents();
  await page.close();
  return titles;
}

describe('search (Pagefind)', () => {
  it.each([
    ['zh', '超时'],
    ['zh', '握手'],
    ['en', 'timeout'],
    ['en', 'handshake'],
  ] as const)('finds %s pages for "%s"', async (lang, query) => {
    const titles = await search(lang, query);
    expect(titles.length).toBeGreaterThan(0);
  });
});
