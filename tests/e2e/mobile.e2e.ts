import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl } from './browser';

/** 360 px wide: every page has a menu, and the playground keeps each edit's answer in view. */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const phone = { viewport: { width: 360, height: 740 } };

describe('on a phone', () => {
  it.each([
    ['/zh/', '练习', 'English'],
    ['/en/playground/', 'Exercises', '简体中文'],
  ])('%s has a menu with the pages, the theme and the language', async (path, exercises, otherLanguage) => {
    const page = await browser.newPage(phone);
    await page.goto(`${siteUrl()}${path}`);
    const menu = page.getByTestId('splash-menu');
    await menu.locator('summary').click();
    const panel = menu.locator('.splash-menu__panel');
    expect(await panel.isVisible()).toBe(true);
    await expect(panel.getByRole('link', { name: exercises }).isVisible()).resolves.toBe(true);
    expect(await panel.locator('starlight-theme-select select').isVisible()).toBe(true);
    const language = panel.locator('starlight-lang-select select');
    await expect(language.locator('option', { hasText: otherLanguage }).count()).resolves.toBe(1);
    // The title is not cut: it fits the header beside the search and menu buttons.
    const title = page.locator('.site-title');
    const fits = await title.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(fits).toBe(true);
    await page.close();
  });

  it('guide pages keep Starlight’s own menu and get no second one', async () => {
    const page = await browser.newPage(phone);
    await page.goto(`${siteUrl()}/en/guides/handshake/`);
    expect(await page.locator('.sl-menu-button').isVisible()).toBe(true);
    expect(await page.getByTestId('splash-menu').count()).toBe(0);
    await page.close();
  });

  it('the playground shows the inputs or the result, and the verdict stays in view while editing', async () => {
    const page = await browser.newPage(phone);
    await page.goto(`${siteUrl()}/en/playground/`);
    await page.waitForFunction(
      () => Number(document.querySelector('nginx-playground')?.getAttribute('data-answers')) > 0,
    );
    const verdict = page.getByTestId('verdict');
    const inView = async () => {
      const box = await verdict.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 740 + 1;
    };
    expect(await inView()).toBe(true);
    // Down at the form, an edit's verdict is still on screen.
    const path = page.locator('[data-testid=scenario-form] input[name=path]');
    await path.scrollIntoViewIfNeeded();
    await path.fill('/nowhere/');
    await expect.poll(() => verdict.textContent()).toMatch(/failed|HTTP/);
    expect(await inView()).toBe(true);
    expect(await page.locator('[data-testid=terminal]').isVisible()).toBe(false);
    await page.getByTestId('mobile-switch').getByRole('button', { name: 'Result' }).click();
    expect(await page.locator('[data-testid=terminal]').isVisible()).toBe(true);
    expect(await page.getByTestId('config-editor').isVisible()).toBe(false);
    await page.close();
  });
});

describe('home page hero', () => {
  it.each([
    ['zh', /101 Switching Protocols.*proxy_read_timeout.*1006/s],
    ['en', /101 Switching Protocols.*proxy_read_timeout.*1006/s],
  ])(
    '%s: shows a run replayed from real nginx, with a link that runs it in the playground',
    async (lang, run) => {
      const page = await browser.newPage(phone);
      await page.goto(`${siteUrl()}/${lang}/`);
      const hero = page.getByTestId('hero-run');
      await expect(hero.textContent()).resolves.toMatch(run);
      const href = (await hero.locator('a').getAttribute('href')) ?? '';
      expect(href).toMatch(new RegExp(`^/${lang}/playground/#s=1\\.`));
      await page.goto(`${siteUrl()}${href}`);
      await expect.poll(() => page.getByTestId('verdict').textContent(), { timeout: 15_000 }).toMatch(/1006/);
      await page.close();
    },
  );
});
