import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl } from './browser';

/**
 * Embedding by URL (oEmbed) and the static fallback for wikis that strip iframes (issue 20,
 * item 7): what a consumer such as iframely does with a guide's address, and what "Copy as
 * image" / "Copy as text" hand a wiki that takes no iframe.
 */
const BUILT_ORIGIN = process.env.SITE_URL ?? 'https://nginx-ws-lab.example';

let browser: Browser;
let wiki: { url: string; server: Server; body: string };
beforeAll(async () => {
  browser = await launchBrowser();
  const state = { url: '', server: null as unknown as Server, body: '' };
  state.server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(state.body);
  });
  await new Promise<void>((ok) => state.server.listen(0, '127.0.0.1', ok));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/`;
  wiki = state;
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => wiki?.server.close(() => done()));
});

/** The build writes the configured origin; the test site is served elsewhere. */
const local = (url: string) => url.replaceAll(BUILT_ORIGIN, siteUrl());

async function openPage(path: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: siteUrl() });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${siteUrl()}${path}`);
  return { context, page, errors };
}

async function share(page: Page, scope: string, action: string): Promise<string> {
  const root = page.locator(scope).first();
  const status = root.locator('[data-testid=share-status]').first();
  await status.evaluate((el) => {
    el.textContent = '';
  });
  const toggle = root.locator('[data-testid=share-toggle]').first();
  if (await toggle.count()) await toggle.click();
  await root.locator(`[data-testid=share-${action}]`).first().click();
  await expect.poll(() => status.textContent(), { timeout: 20_000 }).not.toBe('');
  return page.evaluate(() => navigator.clipboard.readText());
}

describe('oEmbed', () => {
  it('a guide names its items; each JSON embeds its item, and the iframe pasted into a wiki shows it', async () => {
    const { context, page, errors } = await openPage('/en/guides/handshake/');
    const links = await page
      .locator('head link[rel=alternate][type="application/json+oembed"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLLinkElement).getAttribute('href') ?? ''));
    expect(links.length).toBeGreaterThanOrEqual(3);
    expect(links.every((l) => l.startsWith(`${BUILT_ORIGIN}/en/embed/`) && l.endsWith('/oembed.json'))).toBe(
      true,
    );
    const snippetJson = links.find((l) => l.includes('/embed/scenario/handshake-through-nginx/'));
    const diagramJson = links.find((l) => l.includes('/embed/diagram/handshake-through-nginx/'));
    expect(snippetJson && diagramJson).toBeTruthy();

    const fetchJson = async (url: string) => {
      const response = await page.request.get(local(url));
      expect(response.status(), url).toBe(200);
      expect(response.headers()['content-type']).toMatch(/^application\/json/);
      return (await response.json()) as Record<string, unknown>;
    };
    const diagram = await fetchJson(diagramJson as string);
    expect(diagram).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'nginx WebSocket Lab' });
    // Its thumbnail is the diagram's own SVG file, which the site serves.
    const thumb = await page.request.get(local(diagram.thumbnail_url as string));
    expect(thumb.status()).toBe(200);
    expect(thumb.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(Number(diagram.thumbnail_width)).toBeGreaterThan(100);

    // The snippet's embed page names the same JSON, and the JSON's html works on another origin.
    const snippet = await fetchJson(snippetJson as string);
    const src = (snippet.html as string).match(/<iframe src="([^"]+)"/)?.[1] ?? '';
    expect(src).toBe(`${BUILT_ORIGIN}/en/embed/scenario/handshake-through-nginx/`);
    await page.goto(local(src));
    expect(await page.getAttribute('head link[rel=alternate][type="application/json+oembed"]', 'href')).toBe(
      snippetJson,
    );
    expect(errors).toEqual([]);
    await context.close();

    wiki.body = `<!doctype html><html><head><meta charset="utf-8"><title>wiki</title></head><body><h1>Team wiki</h1>${local(snippet.html as string)}</body></html>`;
    const host = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    try {
      await host.goto(wiki.url);
      const frame = await (await host.waitForSelector('iframe')).contentFrame();
      if (!frame) throw new Error('no frame in the wiki page');
      await frame.waitForFunction(
        () => document.querySelector('[data-testid=scenario-embed]')?.getAttribute('data-state') === 'done',
        undefined,
        { timeout: 20_000 },
      );
      await expect(frame.locator('[data-testid=embed-transcript]').textContent()).resolves.toMatch(
        /101 Switching Protocols/,
      );
      // The resize script came along and sized the iframe to its content.
      await expect
        .poll(() => host.evaluate(() => document.querySelector('iframe')?.style.height ?? ''), {
          timeout: 10_000,
        })
        .toMatch(/^\d+px$/);
    } finally {
      await host.close();
    }
  }, 90_000);
});

describe('static fallback: copy as image / as text', () => {
  it('a guide snippet copies Markdown showing its transcript image, and the transcript as text', async () => {
    const { context, page, errors } = await openPage('/en/guides/handshake/');
    const scope = '[data-scenario="guides/handshake-through-nginx"]';
    const markdown = await share(page, scope, 'image');
    const image = markdown.match(/^!\[[^\]]+\]\(([^)]+)\)\n\n\[Open in nginx WebSocket Lab\]\(([^)]+)\)\n$/);
    expect(image, markdown).not.toBeNull();
    expect(image?.[1]).toBe(`${siteUrl()}/en/embed/scenario/handshake-through-nginx/transcript.svg`);
    expect(image?.[2]).toMatch(new RegExp(`^${siteUrl()}/en/playground/#s=`));
    const svg = await page.request.get(image?.[1] as string);
    expect(svg.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toContain('101 Switching Protocols');

    const text = await share(page, scope, 'text');
    expect(text).toMatch(/^\[ {2}0\.000s\] \* /);
    expect(text).toContain('< HTTP/1.1 101 Switching Protocols');
    expect(await page.locator(`${scope} [data-testid=share-status]`).textContent()).toBe('Text copied.');

    // A diagram: its light SVG file, and its Mermaid source as the text.
    const figure = 'guide-mermaid[data-diagram="handshake-through-nginx"]';
    const diagramImage = await share(page, figure, 'image');
    const url = diagramImage.match(/^!\[[^\]]+\]\(([^)]+)\)/)?.[1] ?? '';
    expect(url).toBe(`${siteUrl()}/en/embed/diagram/handshake-through-nginx/light.svg`);
    expect((await page.request.get(url)).status()).toBe(200);
    expect(await share(page, figure, 'text')).toMatch(/^sequenceDiagram/);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('the snippet embed page offers the same, in zh too', async () => {
    const { context, page, errors } = await openPage('/zh/embed/scenario/handshake-through-nginx/');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=scenario-embed]')?.getAttribute('data-state') === 'done',
      undefined,
      { timeout: 20_000 },
    );
    expect(await page.locator('[data-share-action]').allTextContents()).toEqual([
      '复制链接',
      '复制为 Markdown',
      '复制为图片',
      '复制为文字',
      '在你的 nginx 上复现',
    ]);
    const text = await share(page, '[data-testid=scenario-embed] footer', 'text');
    expect(text).toBe(
      await (
        await page.request.get(`${siteUrl()}/zh/embed/scenario/handshake-through-nginx/transcript.txt`)
      ).text(),
    );
    expect(text.trimEnd()).toBe(
      (await page.locator('[data-testid=embed-transcript]').textContent())?.trimEnd(),
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
