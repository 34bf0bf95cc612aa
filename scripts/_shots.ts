import { encodePermalink } from '../playground/src/index';
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../tests/e2e/browser';
import { serveStatic } from '../tests/e2e/static-server';
const site = await serveStatic('dist');
const b = await launchBrowser();
const canonical = readFileSync('content/scenarios/shared/canonical-echo.yaml', 'utf8');
const only = process.argv[2] ?? '';
const pages = (lang: string) => [
  ['pg', `/${lang}/playground/#s=${encodePermalink(canonical)}`],
  ['snip', `/${lang}/embed/scenario/handshake-through-nginx/`],
  ['guide', `/${lang}/guides/handshake/`],
  ['svg', `/${lang}/embed/scenario/handshake-through-nginx/transcript.svg`],
];
for (const lang of ['zh', 'en'])
  for (const [name, path] of pages(lang))
    for (const theme of ['light', 'dark'])
      for (const width of [1440, 360]) {
        if (only && name !== only) continue;
        if (name === 'svg' && (theme === 'dark' || width === 360)) continue;
        const ctx = await b.newContext({ viewport: { width, height: 900 }, colorScheme: theme as 'light' | 'dark', serviceWorkers: 'block' });
        await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
        const page = await ctx.newPage();
        await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
        const url = `${site.url}${path}${name === 'snip' ? `?theme=${theme}` : ''}`;
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        await page.waitForTimeout(name === 'pg' ? 3000 : 1500);
        const file = `/tmp/offline-shots/${lang}-${name}-${theme}-${width}.png`;
        if (name === 'guide') {
          const snip = page.locator('[data-scenario="guides/handshake-through-nginx"]');
          await snip.locator('[data-testid=share-toggle]').scrollIntoViewIfNeeded();
          await snip.locator('[data-testid=share-toggle]').click();
          await page.waitForTimeout(300);
          await page.evaluate(() => window.scrollBy(0, 250));
          await page.screenshot({ path: file });
        } else if (name === 'snip') {
          await page.locator('[data-testid=share-toggle]').click();
          await page.waitForTimeout(300);
          await page.screenshot({ path: file, fullPage: true });
        } else if (name === 'pg') {
          if (width === 360) await page.click('[data-mobile-show=result]');
          await page.waitForTimeout(500);
          await page.locator('[data-testid=terminal]').scrollIntoViewIfNeeded({ timeout: 3000 }).catch(() => {});
          await page.screenshot({ path: file });
        } else await page.screenshot({ path: file });
        await ctx.close();
      }
await b.close();
await site.close();
