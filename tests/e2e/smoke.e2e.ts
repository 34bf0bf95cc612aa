import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl, watchPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('site smoke test', () => {
  it('serves both locales, switches language, and stays on its own origin without console errors', async () => {
    const base = siteUrl();
    const page = await browser.newPage();
    const seen = watchPage(page, base);

    await page.goto(`${base}/zh/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(page.title()).resolves.toContain('nginx WebSocket');

    // Starlight's language picker is a <select> whose values are the target URLs.
    const picker = page.locator('starlight-lang-select select').first();
    await Promise.all([page.waitForURL(/\/en\/$/), picker.selectOption({ label: 'English' })]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.goto(`${base}/en/playground/`);
    await page.locator('starlight-lang-select select').first().selectOption({ label: '简体中文' });
    await page.waitForURL(/\/zh\/playground\/$/);

    expect(seen.errors).toEqual([]);
    expect(seen.foreign).toEqual([]);
    await page.close();
  });

  it('sends "/" to the browser language, falling back to zh', async () => {
    const base = siteUrl();
    for (const [locale, expected] of [
      ['en-US', '/en/'],
      ['zh-CN', '/zh/'],
      ['fr-FR', '/zh/'],
    ] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.waitForURL((url) => url.pathname === expected);
      await context.close();
    }
  });

  it('answers an unknown path with the 404 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${siteUrl()}/zh/no-such-page/`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').first().textContent()).resolves.toMatch(/404|不存在|not found/i);
    await page.close();
  });
});
