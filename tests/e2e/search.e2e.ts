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

/** Types a query into Starlight's Pagefind dialog and returns the result links. */
async function search(lang: 'zh' | 'en', query: string): Promise<string[]> {
  const page = await browser.newPage();
  await page.goto(`${siteUrl()}/${lang}/`);
  await page.locator('site-search button[data-open-modal]').first().click();
  const input = page.locator('#starlight__search input.pagefind-ui__search-input');
  await input.fill(query);
  const results = page.locator('#starlight__search .pagefind-ui__result-link');
  await results.first().waitFor({ timeout: 15_000 });
  const links = await results.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  await page.close();
  return links;
}

describe('search (Pagefind)', () => {
  it.each([
    ['zh', '超时', 'timeouts'],
    ['zh', '握手', 'handshake'],
    ['en', 'timeout', 'timeouts'],
    ['en', 'handshake', 'handshake'],
    ['zh', '摘流', 'deploying'],
    ['zh', 'ingress-nginx', 'kubernetes'],
    ['en', 'SELinux', 'failure-signatures'],
    ['en', 'h2c', 'edge-security'],
  ] as const)('finds the %s guide for "%s"', async (lang, query, guide) => {
    const links = await search(lang, query);
    expect(links).toContain(`/${lang}/guides/${guide}/`);
    // Results stay in the page's language.
    expect(links.every((l) => l.startsWith(`/${lang}/`))).toBe(true);
  });
});
