import { launchBrowser } from './browser.ts';
import { serveStatic } from './static-server.ts';
const site = await serveStatic('/work/main/dist');
const browser = await launchBrowser();
const [path, name, width, theme] = process.argv.slice(2);
const context = await browser.newContext({ viewport: { width: Number(width), height: 900 } });
await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
const page = await context.newPage();
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', String(e)));
await page.goto(site.url + path);
await page.waitForTimeout(800);
if (process.env.CLICK) { await page.getByTestId('check').click(); await page.waitForTimeout(1500); }
await page.screenshot({ path: `/tmp/exw/${name}.png`, fullPage: true });
console.log(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth));
await browser.close();
await site.close();
