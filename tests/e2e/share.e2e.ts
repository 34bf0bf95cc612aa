import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Download, Frame, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decodePermalink, encodePermalink } from '../../playground/src/index';
import { launchBrowser, siteUrl } from './browser';

/**
 * The share menus as a wiki author uses them: on a guide snippet, a guide diagram and the
 * playground. What lands on the clipboard is compared with what it must be, then pasted
 * into a page on another origin (a second 127.0.0.1 server) and must work there; the
 * downloaded SVG and PNG files must open on their own. Also the diagram embed pages
 * (theme, height, link back) and the language-neutral /embed/… addresses.
 */

const ROOT = join(import.meta.dirname, '../..');
const minimalYaml = readFileSync(join(ROOT, 'content/scenarios/guides/minimal.yaml'), 'utf8');
const minimal = parse(minimalYaml) as { title: { en: string; zh: string }; config: string };
const canonical = readFileSync(join(ROOT, 'content/scenarios/shared/canonical-echo.yaml'), 'utf8');

let browser: Browser;
const downloads = mkdtempSync(join(tmpdir(), 'share-e2e-'));
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
  if (!process.env.KEEP_DOWNLOADS) rmSync(downloads, { recursive: true, force: true });
});

interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

async function open(path: string, options: { locale?: string; width?: number } = {}): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: options.locale ?? 'en-US',
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: siteUrl() });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${siteUrl()}${path}`);
  return { context, page, errors };
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** Opens the menu in `scope`, picks `action`, waits for the status line to say something new. */
async function share(scope: Locator, action: string): Promise<void> {
  const status = scope.locator('[data-testid=share-status]').first();
  await status.evaluate((el) => {
    el.textContent = '';
  });
  const toggle = scope.locator('[data-testid=share-toggle]').first();
  if (await toggle.count()) {
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  }
  await scope.locator(`[data-testid=share-${action}]`).first().click();
  await expect.poll(() => status.textContent(), { timeout: 20_000 }).not.toBe('');
}

async function download(
  page: Page,
  scope: Locator,
  action: 'svg' | 'png',
): Promise<{ file: string; name: string }> {
  const [event] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }) as Promise<Download>,
    share(scope, action),
  ]);
  // Saved under its own name: a file opened from disk is read by its extension.
  const name = event.suggestedFilename();
  const file = join(downloads, `${Date.now()}-${name}`);
  await event.saveAs(file);
  return { file, name };
}

const HOST_SCRIPT = `<script>
  window.heights = [];
  addEventListener('message', (e) => {
    if (e.data && e.data.type === 'nginx-ws-lab:height') window.heights.push(e.data.height);
  });
</script>`;

/** Pastes `markup` into the wiki page (another origin) and returns the iframe's frame. */
async function pasteIntoWiki(markup: string): Promise<{ page: Page; frame: Frame; errors: string[] }> {
  wiki.body = `<!doctype html><html><head><meta charset="utf-8"><title>wiki</title>${HOST_SCRIPT}</head><body><h1>Team wiki</h1>${markup}</body></html>`;
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(wiki.url);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  if (!frame) throw new Error('no frame in the wiki page');
  await frame.waitForLoadState('load');
  return { page, frame, errors };
}

const heights = (page: Page) => page.evaluate(() => (window as unknown as { heights: number[] }).heights);

async function waitState(frame: Frame | Page, testid: string, state: string): Promise<void> {
  await frame.waitForFunction(
    ([id, s]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-state') === s,
    [testid, state] as const,
    { timeout: 20_000 },
  );
}

/** Checks a downloaded SVG: valid XML, an <svg> root with a size, the diagram's text; and it renders alone. */
async function checkSvgFile(
  page: Page,
  file: string,
  text: RegExp,
): Promise<{ width: number; height: number }> {
  const svg = readFileSync(file, 'utf8');
  expect(svg.startsWith('<?xml')).toBe(true);
  const parsed = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.localName,
      ns: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      viewBox: root.getAttribute('viewBox'),
      text: root.textContent ?? '',
      external: [...doc.querySelectorAll('[href], [*|href]')]
        .map(
          (el) => el.getAttribute('href') ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '',
        )
        .filter((href) => !href.startsWith('#')),
      // What a viewer could fetch: attribute values and style sheets. A label may well read
      // "https://" (the troubleshooting flowchart does); text is shown, never loaded.
      fetchable: [
        ...[...doc.querySelectorAll('*')].flatMap((el) =>
          [...el.attributes].filter((a) => !a.name.startsWith('xmlns')).map((a) => a.value),
        ),
        ...[...doc.querySelectorAll('style')].map((el) => el.textContent ?? ''),
      ].filter((value) => /https?:\/\/|url\((?!['"]?#)/.test(value)),
    };
  }, svg);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('svg');
  expect(parsed.ns).toBe('http://www.w3.org/2000/svg');
  expect(parsed.width).toBeGreaterThan(50);
  expect(parsed.height).toBeGreaterThan(50);
  expect(parsed.viewBox).toMatch(/^-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+$/);
  expect(parsed.text).toMatch(text);
  expect(parsed.external).toEqual([]);
  expect(parsed.fetchable).toEqual([]);

  // Opened directly (file://), the file draws: a root with a size, text laid out.
  const viewer = await page.context().newPage();
  await viewer.goto(pathToFileURL(file).href);
  const drawn = await viewer.evaluate(() => {
    const root = document.documentElement as unknown as SVGSVGElement;
    const box = root.getBoundingClientRect();
    const texts = [...document.querySelectorAll('text')].filter(
      (t) => (t as SVGTextElement).getBBox().width > 0,
    );
    return { tag: root.localName, width: box.width, height: box.height, texts: texts.length };
  });
  expect(drawn.tag).toBe('svg');
  expect(drawn.width).toBe(parsed.width);
  expect(drawn.texts).toBeGreaterThan(0);
  await viewer.close();
  return { width: parsed.width, height: parsed.height };
}

/** A downloaded PNG opens as an image of the expected size. */
async function checkPngFile(
  page: Page,
  file: string,
  size: { width: number; height: number },
): Promise<void> {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const natural = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    return { width: img.naturalWidth, height: img.naturalHeight };
  }, bytes.toString('base64'));
  expect(natural.width).toBeGreaterThan(0);
  // Rasterized at 2x.
  expect(natural).toEqual({ width: size.width * 2, height: size.height * 2 });
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('share menu on a guide snippet', () => {
  it('en: keyboard disclosure, then embed code, link and Markdown that work elsewhere', async () => {
    const { context, page, errors } = await open('/en/guides/minimal-config/');
    const snippet = page.locator('.scenario-snippet').first();
    const toggle = snippet.locator('[data-testid=share-toggle]');

    // Keyboard: Enter opens, Escape closes and focus returns to the button.
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => snippet.locator('[data-testid=share-embed]').isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'share-embed',
    );
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await snippet.locator('[data-testid=share-embed]').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'share-toggle',
    );
    // The labels the guide quotes.
    expect(await snippet.locator('[data-share-action]').allTextContents()).toEqual([
      'Copy embed code',
      'Copy link',
      'Copy as Markdown',
      'Copy as image',
      'Copy as text',
      'More embed options…',
    ]);

    const permalink = encodePermalink(minimalYaml);
    const lines = minimal.config.replace(/\s+$/, '').split('\n').length;
    await share(snippet, 'embed');
    const code = await clipboard(page);
    expect(code).toBe(
      `<iframe src="${siteUrl()}/en/embed/scenario/#s=${permalink}&amp;view=transcript" width="100%" height="${150 + Math.min(lines, 20) * 19 + 260}" title="${escapeAttr(minimal.title.en)}" loading="lazy" allow="clipboard-write" style="border:0"></iframe>`,
    );
    expect(await snippet.locator('[data-testid=share-status]').textContent()).toBe(
      'Embed code (iframe) copied.',
    );

    await share(snippet, 'link');
    const link = await clipboard(page);
    expect(link).toBe(
      `${siteUrl()}${await snippet.locator('[data-testid=open-in-playground]').getAttribute('href')}`,
    );

    await share(snippet, 'markdown');
    const markdown = await clipboard(page);
    const config = minimal.config.replace(/\s+$/, '');
    expect(markdown).toBe(
      `**${minimal.title.en}** — an nginx config for proxying WebSocket, checked against real nginx 1.22.1\n\n\`\`\`nginx\n${config}\n\`\`\`\n\n[Open in nginx WebSocket Lab](${link})\n`,
    );
    expect(errors).toEqual([]);
    await context.close();

    // The embed code, pasted into a wiki page on another origin, shows the scenario.
    const pasted = await pasteIntoWiki(code);
    await waitState(pasted.frame, 'scenario-embed', 'done');
    expect(await pasted.frame.locator('[data-testid=embed-transcript]').textContent()).toMatch(
      /HTTP\/1\.1 101/,
    );
    expect((await pasted.frame.locator('[data-testid=embed-config]').textContent())?.trimEnd()).toBe(config);
    await expect.poll(async () => (await heights(pasted.page)).at(-1) ?? 0).toBeGreaterThan(200);
    expect(pasted.errors).toEqual([]);
    await pasted.page.close();

    // The Markdown's permalink opens the same scenario in the playground.
    const url = /\]\((.+)\)\n$/.exec(markdown)?.[1] ?? '';
    const s = /#s=([^&]+)$/.exec(url)?.[1] ?? '';
    const decoded = decodePermalink(s);
    expect(decoded.ok && decoded.text).toBe(minimalYaml);
    const playground = await open(url.slice(siteUrl().length));
    await playground.page.waitForFunction(
      () => Number(document.querySelector('nginx-playground')?.getAttribute('data-answers')) > 0,
    );
    const editor =
      (await playground.page.locator('[data-testid=config-editor] .cm-content').textContent()) ?? '';
    expect(editor.replace(/\s+/g, '')).toBe(config.replace(/\s+/g, ''));
    await playground.context.close();
  });

  it('without clipboard access the text is shown selected, and the status says so', async () => {
    const { context, page } = await open('/zh/guides/minimal-config/', { locale: 'zh-CN' });
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    });
    const snippet = page.locator('.scenario-snippet').first();
    await share(snippet, 'markdown');
    const field = snippet.locator('[data-testid=share-fallback]');
    expect(await field.isVisible()).toBe(true);
    expect(await field.inputValue()).toContain('```nginx\n');
    const selected = await field.evaluate((el: HTMLTextAreaElement) =>
      el.value.slice(el.selectionStart, el.selectionEnd),
    );
    expect(selected).toBe(await field.inputValue());
    expect(await snippet.locator('[data-testid=share-status]').textContent()).toMatch(/已在下方选中/);
    expect(await snippet.locator('[data-share-action]').allTextContents()).toEqual([
      '复制嵌入代码',
      '复制链接',
      '复制为 Markdown',
      '复制为图片',
      '复制为文字',
      '更多嵌入选项…',
    ]);
    await context.close();
  });
});

describe('share menu on a guide diagram', () => {
  it('zh: embed code renders in a wiki, Markdown has the mermaid block, SVG and PNG open', async () => {
    const { context, page, errors } = await open('/zh/guides/handshake/', { locale: 'zh-CN' });
    const figure = page.locator('#diagram-handshake-through-nginx');
    await figure.scrollIntoViewIfNeeded();
    await figure
      .locator('.guide-mermaid__diagram svg')
      .filter({ visible: true })
      .waitFor({ timeout: 20_000 });
    const caption = (await figure.locator('figcaption').textContent()) ?? '';
    expect(caption).toContain('经过 nginx 的握手');

    await share(figure, 'embed');
    const code = await clipboard(page);
    expect(code).toMatch(
      new RegExp(
        `^<iframe src="${siteUrl()}/zh/embed/diagram/handshake-through-nginx/" width="100%" height="\\d+" title="${caption}" loading="lazy" allow="clipboard-write" style="border:0"></iframe>$`,
      ),
    );
    const height = Number(/height="(\d+)"/.exec(code)?.[1]);
    expect(height).toBeGreaterThan(300);
    expect(height).toBeLessThan(1400);

    await share(figure, 'link');
    const link = await clipboard(page);
    expect(link).toBe(`${siteUrl()}/zh/guides/handshake/#diagram-handshake-through-nginx`);

    await share(figure, 'markdown');
    const markdown = await clipboard(page);
    const source = (await figure.locator('.guide-mermaid__source code').textContent()) ?? '';
    expect(markdown).toBe(
      `**${caption}** — 出自指南《${await page.title().then((t) => t.split(' | ')[0])}》\n\n\`\`\`mermaid\n${source}\n\`\`\`\n\n[在指南中查看：${await page.title().then((t) => t.split(' | ')[0])}](${link})\n`,
    );
    expect(source).toMatch(/^sequenceDiagram/);

    const svg = await download(page, figure, 'svg');
    expect(svg.name).toBe('nginx-ws-lab-handshake-through-nginx.svg');
    const size = await checkSvgFile(page, svg.file, /101 Switching Protocols/);
    const png = await download(page, figure, 'png');
    expect(png.name).toBe('nginx-ws-lab-handshake-through-nginx.png');
    await checkPngFile(page, png.file, size);
    expect(errors).toEqual([]);
    await context.close();

    const pasted = await pasteIntoWiki(code);
    await waitState(pasted.frame, 'diagram-embed', 'done');
    // Drawn at build time in both themes; the embed's theme picks the one shown.
    expect(
      await pasted.frame.locator('[data-testid=embed-drawing] svg').filter({ visible: true }).count(),
    ).toBe(1);
    expect(await pasted.frame.locator('[data-testid=embed-drawing]').textContent()).toMatch(
      /101 Switching Protocols/,
    );
    await expect.poll(async () => (await heights(pasted.page)).at(-1) ?? 0).toBeGreaterThan(300);
    expect(pasted.errors).toEqual([]);
    await pasted.page.close();

    // The link leads to the figure itself.
    const back = await open(link.slice(siteUrl().length), { locale: 'zh-CN' });
    expect(await back.page.locator('#diagram-handshake-through-nginx figcaption').textContent()).toBe(
      caption,
    );
    await back.context.close();
  });

  it('en: a flowchart downloads as SVG with its labels as SVG text', async () => {
    const { context, page, errors } = await open('/en/guides/troubleshooting/');
    const figure = page.locator('#diagram-troubleshooting-flow');
    await figure.scrollIntoViewIfNeeded();
    await figure
      .locator('.guide-mermaid__diagram svg')
      .filter({ visible: true })
      .waitFor({ timeout: 20_000 });
    const svg = await download(page, figure, 'svg');
    expect(svg.name).toBe('nginx-ws-lab-troubleshooting-flow.svg');
    // Labels wrap into rows of <tspan>s, so words meet without a space at a row break.
    await checkSvgFile(page, svg.file, /Did the\s*handshake get\s*101\?/);
    expect(readFileSync(svg.file, 'utf8')).not.toContain('foreignObject');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('share menu on the playground', () => {
  it('en: embed code with the open view, Markdown with the current config, timeline and diagram downloads', async () => {
    const { context, page, errors } = await open(`/en/playground/#s=${encodePermalink(canonical)}`);
    const pg = page.locator('nginx-playground');
    await page.waitForFunction(
      () => Number(document.querySelector('nginx-playground')?.getAttribute('data-answers')) > 0,
    );
    const toolbar = pg.locator('.pg-toolbar');
    await share(toolbar, 'embed');
    const code = await clipboard(page);
    const title = (parse(canonical) as { title: string }).title;
    expect(code).toMatch(
      new RegExp(
        `^<iframe src="${siteUrl()}/en/embed/playground/#s=1\\.[A-Za-z0-9_-]+&amp;view=terminal" width="100%" height="560" title="${title}" loading="lazy" allow="clipboard-write" style="border:0"></iframe>$`,
      ),
    );
    const s = /#s=([^&]+)&amp;/.exec(code)?.[1] ?? '';
    const decoded = decodePermalink(s);
    expect(decoded.ok && (parse(decoded.text) as { config: string }).config).toBe(
      (parse(canonical) as { config: string }).config,
    );

    await share(toolbar, 'markdown');
    const markdown = await clipboard(page);
    expect(markdown.startsWith(`**${title.replace(/_/g, '\\_')}** — an nginx config simulated`)).toBe(true);
    expect(markdown).toContain(
      `\`\`\`nginx\n${(parse(canonical) as { config: string }).config.replace(/\n+$/, '')}\n\`\`\``,
    );
    expect(markdown).toContain(`[Open in nginx WebSocket Lab](${siteUrl()}/en/playground/#s=${s})`);
    await share(toolbar, 'link');
    expect(await clipboard(page)).toBe(`${siteUrl()}/en/playground/#s=${s}`);

    // Timeline: its own download buttons; the file keeps the drawing's look without our CSS.
    await pg.locator('[data-tab=timeline]').click();
    const timelinePanel = pg.locator('#pg-panel-timeline');
    await timelinePanel.locator('[data-testid=timeline] svg').waitFor();
    const svg = await download(page, timelinePanel, 'svg');
    expect(svg.name).toMatch(/^nginx-ws-lab-timeline-canonical-map-config[a-z0-9-]*\.svg$/);
    const size = await checkSvgFile(page, svg.file, /101/);
    expect(readFileSync(svg.file, 'utf8')).not.toMatch(/class="|var\(--/);
    const png = await download(page, timelinePanel, 'png');
    await checkPngFile(page, png.file, size);

    // The embed code follows the open view.
    await share(toolbar, 'embed');
    expect(await clipboard(page)).toContain('&amp;view=timeline"');

    await pg.locator('[data-tab=sequence]').click();
    const sequencePanel = pg.locator('#pg-panel-sequence');
    await sequencePanel.locator('[data-testid=sequence] svg').waitFor({ timeout: 20_000 });
    const seq = await download(page, sequencePanel, 'svg');
    const seqSize = await checkSvgFile(page, seq.file, /101/);
    const seqPng = await download(page, sequencePanel, 'png');
    await checkPngFile(page, seqPng.file, seqSize);
    expect(errors).toEqual([]);
    await context.close();

    const pasted = await pasteIntoWiki(code);
    const rows = pasted.frame.locator('[data-testid=terminal-rows]');
    await expect.poll(() => rows.textContent(), { timeout: 20_000 }).toMatch(/101/);
    expect(pasted.errors).toEqual([]);
    await pasted.page.close();
  });
});

describe('diagram embed pages', () => {
  it('a guide diagram: theme from ?theme= (winning over #theme=), link back in a new tab, noindex, height', async () => {
    for (const [query, hash, expected] of [
      ['?theme=light', '', 'light'],
      ['', '#theme=dark', 'dark'],
      ['?theme=light', '#theme=dark', 'light'],
    ] as const) {
      const pasted = await pasteIntoWiki(
        `<iframe src="${siteUrl()}/en/embed/diagram/timeouts-idle-close/${query}${hash}" width="100%" height="300" title="t"></iframe>`,
      );
      await waitState(pasted.frame, 'diagram-embed', 'done');
      expect(await pasted.frame.getAttribute('html', 'data-theme')).toBe(expected);
      const shown = pasted.frame
        .locator('[data-testid=embed-drawing] [data-drawing]')
        .filter({ visible: true });
      expect(await shown.count()).toBe(1);
      expect(await shown.getAttribute('data-drawing')).toBe(expected);
      const bg = await pasted.frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).toBe(expected === 'light' ? 'rgb(255, 255, 255)' : 'rgb(23, 24, 28)');
      const contentHeight = await pasted.frame.evaluate(() =>
        Math.ceil(document.querySelector('.embed')?.getBoundingClientRect().height ?? 0),
      );
      await expect.poll(async () => (await heights(pasted.page)).at(-1)).toBe(contentHeight);
      expect(pasted.errors).toEqual([]);
      await pasted.page.close();
    }
    const { context, page } = await open('/en/embed/diagram/timeouts-idle-close/');
    const back = page.locator('[data-testid=open-full]');
    expect(await back.getAttribute('href')).toBe('/en/guides/timeouts/#diagram-timeouts-idle-close');
    expect(await back.getAttribute('target')).toBe('_blank');
    expect(await page.getAttribute('meta[name=robots]', 'content')).toBe('noindex');
    expect(await page.locator('header.header, nav.sidebar, starlight-menu-button').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toBe(
      'Timeline of an idle timeout (proxy_read_timeout 2s)',
    );
    // The guide has that anchor.
    const guide = await context.newPage();
    await guide.goto(`${siteUrl()}/en/guides/timeouts/`);
    expect(await guide.locator('#diagram-timeouts-idle-close').count()).toBe(1);
    await context.close();
  });

  it('zh and en pages of one diagram exist under the same id', async () => {
    for (const lang of ['zh', 'en']) {
      const { context, page, errors } = await open(`/${lang}/embed/diagram/lb-server-down/`);
      await waitState(page, 'diagram-embed', 'done');
      expect(await page.getAttribute('html', 'lang')).toBe(lang === 'zh' ? 'zh-CN' : 'en');
      expect(await page.locator('[data-testid=embed-drawing] svg').filter({ visible: true }).count()).toBe(1);
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('a scenario’s sequence diagram from #s=…, with its SVG download', async () => {
    const { context, page, errors } = await open(
      `/zh/embed/diagram/?theme=light#s=${encodePermalink(canonical)}`,
      {
        locale: 'zh-CN',
      },
    );
    await waitState(page, 'scenario-diagram-embed', 'done');
    expect(await page.locator('[data-testid=embed-drawing]').textContent()).toMatch(/101/);
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    expect(await page.getAttribute('[data-testid=open-full]', 'href')).toMatch(/^\/zh\/playground\/#s=1\./);
    const footer = page.locator('.embed-foot');
    const svg = await download(page, footer, 'svg');
    await checkSvgFile(page, svg.file, /101/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('language-neutral /embed/ addresses', () => {
  it('forward to /{lang}/embed/… keeping query and hash; ?lang= first, then the browser, then zh', async () => {
    const s = encodePermalink(canonical);
    const cases: Array<[string, string, string]> = [
      [`/embed/scenario/?lang=en&theme=light#s=${s}`, 'zh-CN', `/en/embed/scenario/?theme=light#s=${s}`],
      [`/embed/playground/#s=${s}&view=timeline`, 'en-GB', `/en/embed/playground/#s=${s}&view=timeline`],
      ['/embed/diagram/tls-http2/', 'fr-FR', '/zh/embed/diagram/tls-http2/'],
      [`/embed/diagram/#s=${s}`, 'zh-TW', `/zh/embed/diagram/#s=${s}`],
    ];
    for (const [from, locale, to] of cases) {
      const { context, page } = await open(from, { locale });
      await page.waitForURL(`${siteUrl()}${to}`);
      expect(await page.getAttribute('meta[name=robots]', 'content')).toBe('noindex');
      await context.close();
    }
  });
});
