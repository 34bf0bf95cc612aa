import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * One home page per language with the search dialog open, kept for every query: a reader searches
 * again in the same dialog, and loading Pagefind once per language keeps the file quick.
 */
const dialogs = new Map<'zh' | 'en', Promise<Page>>();

function dialog(lang: 'zh' | 'en'): Promise<Page> {
  let page = dialogs.get(lang);
  if (!page) {
    page = (async () => {
      const p = await browser.newPage();
      await p.goto(`${siteUrl()}/${lang}/`);
      await p.locator('site-search button[data-open-modal]').first().click();
      return p;
    })();
    dialogs.set(lang, page);
  }
  return page;
}

/** Types a query into Starlight's Pagefind dialog and returns the result links. */
async function search(lang: 'zh' | 'en', query: string): Promise<string[]> {
  const page = await dialog(lang);
  const input = page.locator('#starlight__search input.pagefind-ui__search-input');
  const results = page.locator('#starlight__search .pagefind-ui__result-link');
  // Clear the previous query's results first, so the links read below are this query's.
  await input.fill('');
  await expect.poll(() => results.count()).toBe(0);
  await input.fill(query);
  await results.first().waitFor({ timeout: 15_000 });
  return results.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
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

describe('Chinese queries (word segmentation)', () => {
  it.each([
    ['超时', '/zh/guides/timeouts/'],
    ['握手', '/zh/guides/handshake/'],
    ['长连接', '/zh/guides/tuning-myths/'],
    ['负载均衡', '/zh/guides/load-balancing/'],
    ['重载', '/zh/guides/deploying/'],
    ['心跳', '/zh/exercises/heartbeat-interval/'],
    ['证书', '/zh/guides/backend-tls-http2/'],
    ['日志', '/zh/guides/logging/'],
    ['升级', '/zh/exercises/strict-upgrade/'],
    ['空闲超时', '/zh/guides/timeouts/'],
  ] as const)('"%s" puts %s among the first three', async (query, page) => {
    const links = await search('zh', query);
    expect(links.slice(0, 3)).toContain(page);
  });

  it('finds each exercise by its own page, not only the list', async () => {
    expect(await search('en', 'heartbeat')).toContain('/en/exercises/heartbeat-interval/');
    expect(await search('zh', '握手')).toContain('/zh/exercises/handshake-headers/');
  });
});

describe('search in the other language', () => {
  it('a Chinese query on an English page offers the Chinese pages, which open with the query searched', async () => {
    const page = await browser.newPage();
    await page.goto(`${siteUrl()}/en/guides/timeouts/`);
    await page.locator('site-search button[data-open-modal]').first().click();
    const input = page.locator('#starlight__search input.pagefind-ui__search-input');
    await input.fill('超时');
    const hint = page.getByTestId('search-language-hint');
    await expect.poll(() => hint.textContent()).toBe('Search the 中文 (Chinese) pages for “超时”');
    await hint.locator('a').click();
    await page.waitForURL(/\/zh\/\?search=/, { waitUntil: 'commit' });
    const results = page.locator('#starlight__search .pagefind-ui__result-link');
    await results.first().waitFor({ timeout: 15_000 });
    expect(await results.first().evaluate((a) => (a as HTMLAnchorElement).pathname)).toBe(
      '/zh/guides/timeouts/',
    );
    // English words on a Chinese page are offered the English pages.
    await page.locator('#starlight__search input.pagefind-ui__search-input').fill('timeout');
    await expect.poll(() => hint.textContent()).toBe('在英文页面中搜索“timeout”');
    await page.close();
  });
});

describe('search loads on intent', () => {
  it('Pagefind’s UI is not downloaded until the reader reaches for search; then the field has the cursor', async () => {
    const page = await browser.newPage();
    const pagefind: string[] = [];
    page.on('request', (request) => {
      if (/\/ui-core\.|\/pagefind\//.test(request.url())) pagefind.push(request.url());
    });
    await page.goto(`${siteUrl()}/en/guides/glossary/`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    expect(pagefind).toEqual([]);
    await page.keyboard.press('Control+k');
    const input = page.locator('#starlight__search input.pagefind-ui__search-input');
    await input.waitFor({ timeout: 15_000 });
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(pagefind.some((url) => url.includes('/ui-core.'))).toBe(true);
    await page.close();
  });
});
