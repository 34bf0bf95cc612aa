import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, switchTheme } from './axe';
import { launchBrowser, siteUrl, watchPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SHOTS = 'test-results/course';

/** Replaces the editor's whole text and runs a check; returns the verdict. */
async function solveWith(page: Page, config: string): Promise<string> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(config);
  const results = page.getByTestId('results');
  await results.evaluate((el) => el.removeAttribute('data-state'));
  await page.getByTestId('check').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="results"]')?.hasAttribute('data-state'),
    undefined,
    { timeout: 10_000 },
  );
  return (await results.getAttribute('data-state')) ?? '';
}

const stepCount = (page: Page) => page.getByTestId('path-count').textContent();

/** The exercises content/course/path.yaml puts on the path (a unit test checks each appears once). */
const EXERCISES_IN_PATH = (readFileSync('content/course/path.yaml', 'utf8').match(/\{ exercise: /g) ?? [])
  .length;

describe('course path', () => {
  it('lists every module in order with times, and follows exercises solved and guides read (zh, then en)', async () => {
    const base = siteUrl();
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watchPage(page, base);

    await page.goto(`${base}/zh/course/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const modules = page.locator('.cp-module');
    expect(await modules.count()).toBe(10);
    await expect(modules.first().locator('h2').textContent()).resolves.toContain('第 1 单元');
    await expect(modules.last().locator('h2').textContent()).resolves.toContain('第 10 单元结业考核');
    const steps = page.getByTestId('path-step');
    const total = await steps.count();
    expect(total).toBeGreaterThanOrEqual(50);
    await expect(stepCount(page)).resolves.toBe(`已完成 0 / ${total} 步`);
    await expect(page.getByTestId('path-total').textContent()).resolves.toMatch(
      new RegExp(`共 10 个单元、\\d+ 篇指南、${EXERCISES_IN_PATH} 道练习`),
    );
    // Every exercise appears once, and the first step of the path is the handshake guide.
    expect(await page.locator('[data-kind="exercise"]').count()).toBe(EXERCISES_IN_PATH);
    await expect(steps.first().locator('a').getAttribute('href')).resolves.toBe('/zh/guides/handshake/');

    // A guide marked read stays read after a reload and counts as a step done.
    const read = page.locator('input[data-slug="handshake"]');
    await read.check();
    await expect(stepCount(page)).resolves.toBe(`已完成 1 / ${total} 步`);
    await page.reload();
    await expect(page.locator('input[data-slug="handshake"]').isChecked()).resolves.toBe(true);
    const remainingBefore = await page.locator('[data-role="remaining"]').textContent();

    // Solving an exercise in its own page marks it on the path.
    await page.locator('[data-step="exercise:ws-scheme"] a').click();
    await page.waitForURL(/\/zh\/exercises\/ws-scheme\/$/);
    await page.locator('.cm-content').waitFor();
    await expect(page.locator('.cm-content').textContent()).resolves.toContain('proxy_pass ws://');
    const fixed =
      'server {\n  listen 18080;\n  location /chat/ {\n    proxy_pass http://127.0.0.1:18081;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection "upgrade";\n  }\n}\n';
    expect(await solveWith(page, fixed)).toBe('solved');
    await page.goto(`${base}/zh/course/`);
    const item = page.locator('[data-step="exercise:ws-scheme"]');
    await item.locator('[data-status="solved"]').waitFor();
    await expect(stepCount(page)).resolves.toBe(`已完成 2 / ${total} 步`);
    await expect(
      page.locator('[data-module="basics"] [data-role="module-count"]').textContent(),
    ).resolves.toBe('已完成 2 / 5');
    expect(await page.locator('[data-role="remaining"]').textContent()).not.toBe(remainingBefore);
    expect(
      await page.locator('progress[data-role="bar"]').evaluate((b) => (b as HTMLProgressElement).value),
    ).toBe(2);

    // With progress drawn (a guide ticked, an exercise solved): no serious accessibility finding.
    const found = await axeViolations(page, { where: '/zh/course/ with progress', theme: 'light' });
    await switchTheme(page, 'dark');
    found.push(
      ...(await axeViolations(page, {
        where: '/zh/course/ with progress',
        theme: 'dark',
        rules: ['color-contrast'],
      })),
    );
    expect(found.join('\n')).toBe('');

    // The same progress in English; unticking a guide takes it back.
    await page.goto(`${base}/en/course/`);
    await expect(stepCount(page)).resolves.toBe(`2 of ${total} steps done`);
    await page.locator('input[data-slug="handshake"]').uncheck();
    await expect(stepCount(page)).resolves.toBe(`1 of ${total} steps done`);
    await expect(
      page.getByLabel('I have read “The WebSocket handshake”').count(),
    ).resolves.toBeLessThanOrEqual(1);

    // Reachable from the exercise list and the sidebar; the report link leads to the results page.
    await page.goto(`${base}/en/exercises/`);
    await page.getByTestId('path-link').click();
    await page.waitForURL(/\/en\/course\/$/);
    expect(await page.locator('nav a[href="/en/course/"]').count()).toBeGreaterThan(0);
    await page.getByTestId('path-report-link').click();
    await page.waitForURL(/\/en\/exercises\/report\/$/);
    await expect(page.locator('tr[data-id="ws-scheme"]').getAttribute('data-status')).resolves.toBe('solved');

    expect(seen.errors).toEqual([]);
    expect(seen.foreign).toEqual([]);
    await context.close();
  });

  it('renders the course and two new exercises in zh and en, light and dark, at 360 and 1440 px (screenshots)', async () => {
    const base = siteUrl();
    mkdirSync(SHOTS, { recursive: true });
    for (const lang of ['zh', 'en'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        for (const width of [360, 1440]) {
          const context = await browser.newContext({ viewport: { width, height: 900 } });
          await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
          const page = await context.newPage();
          const shots: Array<[string, string]> = [
            ['course', `/${lang}/course/`],
            ['origin-allow-list', `/${lang}/exercises/origin-allow-list/`],
            ['log-worker-connections', `/${lang}/exercises/log-worker-connections/`],
          ];
          for (const [name, path] of shots) {
            await page.goto(`${base}${path}`);
            expect(await page.getAttribute('html', 'data-theme')).toBe(theme);
            if (name === 'course') {
              await page.locator('input[data-slug="handshake"]:not([disabled])').waitFor();
            } else {
              await page.locator('.cm-content').waitFor();
              await page.waitForFunction(
                () =>
                  !document
                    .querySelector('[data-testid="evidence"]')
                    ?.textContent?.match(/Simulating|模拟中/),
              );
              await page.getByTestId('check').click();
              await page.getByTestId('check-summary').waitFor();
            }
            // Nothing may stick out sideways on a phone.
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - window.innerWidth,
            );
            expect(overflow, `${path} at ${width} px`).toBeLessThanOrEqual(0);
            // From the top, so the sticky header is drawn once, where it belongs.
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${theme}-${width}.png`, fullPage: true });
          }
          await context.close();
        }
      }
    }
  });
});
