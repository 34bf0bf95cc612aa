import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nginxSnippets } from '../../deploy/lib/render.mjs';
import { encodePermalink } from '../../playground/src/index';
import { buildFacts, DEFAULT_FRAME_ANCESTORS } from '../../scripts/deploy-headers.mjs';
import { launchBrowser } from './browser';
import { distDir, NGINX_MISSING, type NginxSite, nginxAvailable, startNginx } from './nginx-site';

/**
 * A wiki on another origin (a second 127.0.0.1 port) frames the site served by real nginx
 * with deploy/nginx.conf: the embeds render and the wiki resizes them from their height
 * messages; the guides and the full playground refuse to be framed; and an allow-list in
 * deploy/frame-ancestors.txt lets listed origins in and keeps others out.
 */

const available = nginxAvailable();
const SHARED = join(import.meta.dirname, '../../content/scenarios/shared');
const permalink = () => encodePermalink(readFileSync(join(SHARED, 'canonical-echo.yaml'), 'utf8'));

/** The wiki: a page whose script resizes each frame to the height the embed reports. */
const WIKI_SCRIPT = `<script>
  window.heights = [];
  addEventListener('message', (e) => {
    if (!e.data || e.data.type !== 'nginx-ws-lab:height') return;
    for (const frame of document.querySelectorAll('iframe')) {
      if (frame.contentWindow === e.source) {
        frame.style.height = e.data.height + 'px';
        window.heights.push(e.data.height);
      }
    }
  });
</script>`;

interface Wiki {
  url: string;
  server: Server;
  body: string;
}

async function startWiki(): Promise<Wiki> {
  const wiki = { url: '', server: createServer(), body: '' };
  wiki.server.on('request', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(wiki.body);
  });
  await new Promise<void>((ok) => wiki.server.listen(0, '127.0.0.1', ok));
  wiki.url = `http://127.0.0.1:${(wiki.server.address() as AddressInfo).port}`;
  return wiki;
}

const stopWiki = (wiki: Wiki | undefined) =>
  new Promise<void>((done) => (wiki ? wiki.server.close(() => done()) : done()));

interface Framed {
  page: Page;
  frame: Frame;
  refusals: string[];
}

/** Opens the wiki with one iframe of `src` (150 px high until the embed reports its height). */
async function frameIn(browser: Browser, wiki: Wiki, src: string): Promise<Framed> {
  wiki.body = `<!doctype html><html><head><meta charset="utf-8"><title>wiki</title>${WIKI_SCRIPT}</head>
    <body><h1>Team wiki</h1><iframe src="${src}" style="width:100%;height:150px;border:0" title="embed"></iframe></body></html>`;
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const refusals: string[] = [];
  page.on('console', (m) => {
    if (/frame-ancestors|X-Frame-Options|Refused to (?:frame|display)/i.test(m.text()))
      refusals.push(m.text());
  });
  await page.goto(wiki.url);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  if (!frame) throw new Error('the wiki page has no iframe frame');
  await page.waitForLoadState('load');
  return { page, frame, refusals };
}

/** What the wiki's frame really holds: the site's document, or Chromium's blocked-frame page. */
async function frameShowsSite(frame: Frame, site: NginxSite): Promise<boolean> {
  if (!frame.url().startsWith(site.url)) return false;
  return frame.evaluate(() => (document.body?.textContent ?? '').trim().length > 0).catch(() => false);
}

describe.skipIf(!available)(
  `framing from another origin${available ? '' : ` (skipped: ${NGINX_MISSING})`}`,
  () => {
    let site: NginxSite;
    let wiki: Wiki;
    let browser: Browser;
    beforeAll(async () => {
      site = await startNginx({ root: distDir() });
      wiki = await startWiki();
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await stopWiki(wiki);
      await site?.stop();
    });

    it('the scenario embed renders in the wiki and the wiki resizes it to the posted height', async () => {
      const { page, frame, refusals } = await frameIn(
        browser,
        wiki,
        `${site.url}/en/embed/scenario/#s=${permalink()}`,
      );
      await frame.waitForFunction(
        () => document.querySelector('[data-testid=scenario-embed]')?.getAttribute('data-state') === 'done',
        undefined,
        { timeout: 15_000 },
      );
      expect(await frame.locator('[data-testid=embed-config]').textContent()).toContain('proxy_pass');
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { heights: number[] }).heights.length))
        .toBeGreaterThan(0);
      const last = await page.evaluate(
        () => (window as unknown as { heights: number[] }).heights.at(-1) ?? 0,
      );
      expect(last).toBeGreaterThan(150);
      await expect
        .poll(() => page.locator('iframe').evaluate((f) => f.getBoundingClientRect().height))
        .toBe(last);
      expect(refusals).toEqual([]);
      await page.close();
    });

    it('the playground embed renders, simulates and is resized too (zh)', async () => {
      const { page, frame, refusals } = await frameIn(
        browser,
        wiki,
        `${site.url}/zh/embed/playground/#s=${permalink()}`,
      );
      await frame.waitForFunction(
        () => document.querySelector('[data-testid=playground-embed]')?.getAttribute('data-state') === 'done',
        undefined,
        { timeout: 15_000 },
      );
      expect(await frame.getAttribute('html', 'lang')).toBe('zh-CN');
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { heights: number[] }).heights.length))
        .toBeGreaterThan(0);
      const last = await page.evaluate(
        () => (window as unknown as { heights: number[] }).heights.at(-1) ?? 0,
      );
      expect(last).toBeGreaterThan(150);
      await expect
        .poll(() => page.locator('iframe').evaluate((f) => f.getBoundingClientRect().height))
        .toBe(last);
      expect(refusals).toEqual([]);
      await page.close();
    });

    it.each([
      ['a guide', '/en/guides/handshake/'],
      ['a zh guide', '/zh/guides/timeouts/'],
      ['the full playground', `/en/playground/#s=`],
      ['the home page', '/'],
    ])('%s refuses to be framed by the wiki', async (_name, path) => {
      const src = `${site.url}${path}${path.endsWith('#s=') ? permalink() : ''}`;
      // The same URL opens fine on its own: the refusal is about the frame, not the page.
      const alone = await browser.newPage();
      expect((await alone.goto(src))?.status()).toBe(200);
      await alone.close();

      const { page, frame, refusals } = await frameIn(browser, wiki, src);
      expect(await frameShowsSite(frame, site)).toBe(false);
      expect(refusals.join('\n')).toMatch(/frame-ancestors/);
      // No height ever arrives from a frame that never ran.
      expect(await page.evaluate(() => (window as unknown as { heights: number[] }).heights)).toEqual([]);
      await page.close();
    });
  },
);

describe.skipIf(!available)('an allow-list in deploy/frame-ancestors.txt', () => {
  let site: NginxSite;
  let listed: Wiki;
  let other: Wiki;
  let browser: Browser;
  let root: string;
  beforeAll(async () => {
    listed = await startWiki();
    other = await startWiki();
    // The built site as it is, but with the header snippets the deploy step writes when
    // frame-ancestors.txt lists one origin (dist itself stays untouched: others test it).
    const dist = distDir();
    root = mkdtempSync(join(tmpdir(), 'deploy-allowlist-'));
    for (const entry of readdirSync(dist))
      if (entry !== '_nginx') symlinkSync(join(dist, entry), join(root, entry));
    const { build } = buildFacts(dist, DEFAULT_FRAME_ANCESTORS);
    mkdirSync(join(root, '_nginx'));
    for (const [kind, text] of nginxSnippets({ ...build, frameAncestors: [listed.url] })) {
      writeFileSync(join(root, '_nginx', `${kind}.conf`), text);
    }
    site = await startNginx({ root });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stopWiki(listed);
    await stopWiki(other);
    await site?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the listed wiki may frame an embed, another origin may not', async () => {
    const src = `${site.url}/en/embed/scenario/#s=${permalink()}`;
    const ok = await frameIn(browser, listed, src);
    await ok.frame.locator('[data-testid=embed-config]').waitFor({ timeout: 15_000 });
    expect(await frameShowsSite(ok.frame, site)).toBe(true);
    expect(ok.refusals).toEqual([]);
    await ok.page.close();

    const refused = await frameIn(browser, other, src);
    expect(await frameShowsSite(refused.frame, site)).toBe(false);
    expect(refused.refusals.join('\n')).toMatch(/frame-ancestors/);
    await refused.page.close();
  });
});
