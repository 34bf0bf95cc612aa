/**
 * `npx tsx scripts/screenshots.ts [DIST] [OUT] [path…]`: screenshots of built pages in zh/en,
 * light/dark, at 360 and 1440 px, for people to look at (not a test).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../tests/e2e/browser';
import { serveStatic } from '../tests/e2e/static-server';

const [dist = 'dist', out = join(tmpdir(), 'nginx-ws-lab-screenshots'), ...paths] = process.argv.slice(2);
const pages = paths.length > 0 ? paths : ['/', 'guides/timeouts/', 'playground/', 'exercises/'];
mkdirSync(out, { recursive: true });
const site = await serveStatic(dist);
const browser = await launchBrowser();
try {
  for (const path of pages) {
    for (const lang of ['zh', 'en']) {
      for (const theme of ['light', 'dark']) {
        for (const width of [360, 1440]) {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
          await page.goto(`${site.url}/${lang}/${path.replace(/^\//, '')}`);
          await page.waitForTimeout(1200);
          const name = `${lang}-${path.replace(/\W+/g, '_') || 'home'}-${theme}-${width}.png`;
          await page.screenshot({ path: join(out, name), fullPage: width === 1440 });
          await page.close();
          console.log(join(out, name));
        }
      }
    }
  }
} finally {
  await browser.close();
  await site.close();
}
