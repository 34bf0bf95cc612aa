import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePermalink } from '../../playground/src/index';
import { launchBrowser, siteUrl } from './browser';

/**
 * Offline use (issue 20, src/offline/): after a first visit, the guides, the playground and
 * the exercises keep working with the network gone. Served by the site's nginx and CSP.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const CANONICAL = readFileSync(
  join(import.meta.dirname, '../../content/scenarios/shared/canonical-echo.yaml'),
  'utf8',
);

const STALE = 'nginx-ws-lab-0000000000000000';

/**
 * Waits until the service worker controls `page` (so it has activated and cleaned up) and
 * holds `path` in this build's cache.
 */
async function offlineReady(page: Page, path: string): Promise<void> {
  const ready = () =>
    page.evaluate(
      async ([p, stale]) => {
        if (!navigator.serviceWorker.controller) return false;
        const names = (await caches.keys()).filter((n) => n.startsWith('nginx-ws-lab-') && n !== stale);
        for (const name of names) if (await (await caches.open(name)).match(p)) return true;
        return false;
      },
      [path, STALE] as const,
    );
  await expect.poll(ready, { timeout: 30_000, interval: 250 }).toBe(true);
}

async function terminalText(page: Page): Promise<string> {
  return (await page.getByTestId('terminal-rows').textContent()) ?? '';
}

describe('offline after a first visit', () => {
  let context: BrowserContext;
  afterAll(async () => {
    await context?.close();
  });

  it('a guide, the playground (running a scenario) and an exercise work with the network gone', async () => {
    const base = siteUrl();
    context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // A cache left by an older build, made from a page the worker does not touch (an embed).
    await page.goto(`${base}/en/embed/diagram/handshake-through-nginx/`);
    await page.evaluate(async (stale) => {
      const old = await caches.open(stale);
      await old.put('/en/guides/handshake/', new Response('stale'));
    }, STALE);

    // First visit: a guide, then an exercise. The app shell is precached meanwhile.
    await page.goto(`${base}/en/guides/handshake/`);
    await offlineReady(page, '/en/guides/handshake/');
    await page.goto(`${base}/en/exercises/idle-timeout/`);
    await page.locator('.cm-content').waitFor();
    await offlineReady(page, '/en/exercises/idle-timeout/');
    await offlineReady(page, '/en/playground/');
    const names = await page.evaluate(() => caches.keys());
    expect(names.filter((n) => n.startsWith('nginx-ws-lab-'))).toHaveLength(1);
    expect(names).not.toContain(STALE);

    await context.setOffline(true);
    expect(
      await page.evaluate(() =>
        fetch('/no-such-file.txt').then(
          () => 'online',
          () => 'offline',
        ),
      ),
    ).toBe('offline');

    // The guide, reloaded from the cache, with its drawn diagrams.
    const guide = await page.goto(`${base}/en/guides/handshake/`);
    expect(guide?.fromServiceWorker()).toBe(true);
    await expect(page.locator('h1').first().textContent()).resolves.toMatch(/handshake/i);
    expect(await page.locator('svg').count()).toBeGreaterThan(0);

    // The playground was never opened: precached, it runs a scenario in its worker.
    await page.goto(`${base}/en/playground/#s=${encodePermalink(CANONICAL)}`);
    await expect.poll(() => terminalText(page), { timeout: 20_000 }).toMatch(/101/);
    expect((await terminalText(page)).match(/hello/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('verdict').textContent()).resolves.toMatch(/upgraded|101/i);

    // The exercise, reloaded: its editor loads and a check runs.
    await page.goto(`${base}/en/exercises/idle-timeout/`);
    await page.locator('.cm-content').waitFor();
    await page.getByTestId('check').click();
    await page.getByTestId('check-summary').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('results').getAttribute('data-state')).toMatch(/^(?:failed|passed)$/);

    // A page never visited and not in the shell fails as any offline page does.
    const unseen = await page.goto(`${base}/en/guides/glossary/`).then(
      () => 'loaded',
      () => 'failed',
    );
    expect(unseen).toBe('failed');
    expect(errors).toEqual([]);
  }, 120_000);

  it('leaves embeds to the network: other sites frame them, with their own policy', async () => {
    const base = siteUrl();
    const own = await browser.newContext();
    try {
      const page = await own.newPage();
      await page.goto(`${base}/en/guides/handshake/`);
      await offlineReady(page, '/en/guides/handshake/');
      const embed = await page.goto(`${base}/en/embed/diagram/handshake-through-nginx/`);
      expect(embed?.fromServiceWorker()).toBe(false);
      expect(embed?.headers()['content-security-policy'] ?? '').toMatch(/frame-ancestors \*/);
      // Embed pages carry no registration of their own.
      expect(await page.content()).not.toContain('serviceWorker');
    } finally {
      await own.close();
    }
  }, 60_000);
});
