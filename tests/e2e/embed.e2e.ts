import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { deflateSync, strToU8 } from 'fflate';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePermalink } from '../../playground/src/index';
import { launchBrowser, siteUrl } from './browser';

/**
 * The embed pages as a wiki uses them: framed by a page on another origin (a second
 * 127.0.0.1 server), which listens for the height messages. Also the Embed dialog, whose
 * iframe code must paste into such a page and work.
 */

const SHARED = join(import.meta.dirname, '../../content/scenarios/shared');
const canonical = readFileSync(join(SHARED, 'canonical-echo.yaml'), 'utf8');

/** The "wiki": serves whatever HTML the test last set, from a different origin than the site. */
let host: { url: string; server: Server; body: string };
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  const state = { body: '' };
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(state.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  host = {
    url: `http://127.0.0.1:${port}/`,
    server,
    get body() {
      return state.body;
    },
    set body(v: string) {
      state.body = v;
    },
  };
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => host?.server.close(() => done()));
});

const HOST_SCRIPT = `<script>
  window.heights = [];
  window.foreign = [];
  addEventListener('message', (e) => {
    if (e.data && e.data.type === 'nginx-ws-lab:height') window.heights.push(e.data.height);
    else window.foreign.push(e.data);
  });
</script>`;

interface Framed {
  page: Page;
  frame: Frame;
  errors: string[];
}

/** Opens the host page with the given iframe markup and returns the embed's frame. */
async function framed(iframeMarkup: string, colorScheme: 'light' | 'dark' = 'dark'): Promise<Framed> {
  host.body = `<!doctype html><html><head><meta charset="utf-8"><title>wiki</title>${HOST_SCRIPT}</head>
    <body><h1>Team wiki</h1>${iframeMarkup}</body></html>`;
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme });
  const errors: string[] = [];
  // Console messages of child frames arrive here too.
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('dialog', (d) => {
    errors.push(`dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(host.url);
  const handle = await page.waitForSelector('iframe');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the iframe has no frame');
  await frame.waitForLoadState('load');
  return { page, frame, errors };
}

const iframe = (src: string) =>
  `<iframe src="${src}" width="100%" height="480" loading="lazy" title="embed"></iframe>`;

const embedSrc = (lang: string, kind: string, yaml: string, extra = '') =>
  `${siteUrl()}/${lang}/embed/${kind}/#s=${encodePermalink(yaml)}${extra}`;

async function heights(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { heights: number[] }).heights);
}

async function waitState(frame: Frame, testid: string, state: string): Promise<void> {
  await frame.waitForFunction(
    ([id, s]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-state') === s,
    [testid, state] as const,
    { timeout: 15_000 },
  );
}

describe('embed pages inside a cross-origin iframe', () => {
  it('scenario embed: config, the transcript with the 101, height posted to the parent', async () => {
    const { page, frame, errors } = await framed(
      iframe(embedSrc('en', 'scenario', canonical, '&view=transcript')),
    );
    await waitState(frame, 'scenario-embed', 'done');
    const transcript = (await frame.locator('[data-testid=embed-transcript]').textContent()) ?? '';
    expect(transcript).toMatch(/HTTP\/1\.1 101/);
    expect(transcript.match(/hello/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(await frame.locator('[data-testid=embed-config]').textContent()).toContain(
      'proxy_set_header Connection $connection_upgrade;',
    );
    // No site chrome: Starlight's header and sidebar are absent.
    expect(await frame.locator('header.header, nav.sidebar, starlight-menu-button').count()).toBe(0);
    // The last posted height is the content's height (the frame itself is 480 px).
    await expect.poll(async () => (await heights(page)).length).toBeGreaterThan(0);
    const contentHeight = await frame.evaluate(() =>
      Math.ceil(document.querySelector('.embed')?.getBoundingClientRect().height ?? 0),
    );
    await expect.poll(async () => (await heights(page)).at(-1)).toBe(contentHeight);
    expect(contentHeight).toBeGreaterThan(200);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('scenario embed: a new #s= in the same frame shows the new scenario, not the old one', async () => {
    const { page, frame, errors } = await framed(
      iframe(embedSrc('en', 'scenario', canonical, '&view=transcript')),
    );
    await waitState(frame, 'scenario-embed', 'done');
    expect(await frame.locator('[data-testid=embed-transcript]').textContent()).toMatch(/HTTP\/1\.1 101/);
    // The wiki keeps the iframe and changes only the fragment of its src.
    const noVersion = readFileSync(join(SHARED, 'no-http-version.yaml'), 'utf8');
    await page.evaluate(
      (src) => {
        const el = document.querySelector('iframe');
        if (el) el.src = src;
      },
      embedSrc('en', 'scenario', noVersion, '&view=transcript'),
    );
    const reloaded = page.frames().find((f) => f !== page.mainFrame());
    if (!reloaded) throw new Error('the iframe is gone');
    await expect
      .poll(
        async () =>
          (await reloaded
            .locator('[data-testid=embed-transcript]')
            .textContent()
            .catch(() => '')) ?? '',
        {
          timeout: 15_000,
        },
      )
      .toMatch(/HTTP\/1\.1 426/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('scenario embed, diagram view in zh: draws the sequence diagram', async () => {
    const { page, frame, errors } = await framed(
      iframe(embedSrc('zh', 'scenario', canonical, '&view=diagram')),
    );
    await waitState(frame, 'scenario-embed', 'done');
    await frame.locator('[data-testid=embed-diagram] svg').first().waitFor({ timeout: 20_000 });
    expect(await frame.locator('[data-testid=embed-diagram]').textContent()).toMatch(/101/);
    expect(await frame.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('playground embed: live terminal shows the 101, and an edit re-simulates', async () => {
    const { page, frame, errors } = await framed(
      iframe(embedSrc('en', 'playground', canonical, '&view=terminal')),
    );
    const rows = frame.locator('[data-testid=terminal-rows]');
    await rows.waitFor({ timeout: 15_000 });
    await expect.poll(() => rows.textContent(), { timeout: 15_000 }).toMatch(/101/);
    const mirror = frame.locator('[data-testid=transcript-text]');
    expect(await mirror.textContent()).toMatch(/101 Switching Protocols/);
    // Only the chosen view, no tabs, no form.
    expect(await frame.locator('[role=tablist], form').count()).toBe(0);
    const before = Number(await frame.getAttribute('[data-testid=playground-embed]', 'data-answers'));
    // Drop HTTP/1.1 towards the backend: nginx then cannot pass the upgrade on.
    await frame.locator('[data-testid=config-editor] .cm-line', { hasText: 'proxy_http_version' }).click();
    await page.keyboard.press('End');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('1.0;');
    await frame.waitForFunction(
      (n) =>
        Number(document.querySelector('[data-testid=playground-embed]')?.getAttribute('data-answers')) > n,
      before,
      { timeout: 10_000 },
    );
    await expect.poll(() => mirror.textContent()).not.toMatch(/101 Switching/);
    // "Open the full playground" carries the edited scenario.
    const href = (await frame.getAttribute('[data-testid=open-full]', 'href')) ?? '';
    expect(href).toMatch(/^\/en\/playground\/#s=1\.[A-Za-z0-9_-]+$/);
    expect(await frame.getAttribute('[data-testid=open-full]', 'target')).toBe('_blank');
    expect((await heights(page)).length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['headers', '[data-testid=headers-upstream-0]', /Upgrade/],
    ['outcome', '[data-testid=outcome]', /"status": 101/],
    ['timeline', '[data-testid=timeline] svg', /101/],
  ])('playground embed, view=%s shows that view', async (view, selector, pattern) => {
    const { page, frame, errors } = await framed(
      iframe(embedSrc('zh', 'playground', canonical, `&view=${view}`)),
    );
    await waitState(frame, 'playground-embed', 'done');
    await expect
      .poll(() => frame.locator(selector).first().textContent(), { timeout: 10_000 })
      .toMatch(pattern);
    expect(await frame.getAttribute('[data-testid=playground-embed]', 'data-view')).toBe(view);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows &theme= and otherwise the reader’s colour scheme', async () => {
    const light = await framed(iframe(embedSrc('en', 'scenario', canonical, '&theme=light')), 'dark');
    expect(await light.frame.getAttribute('html', 'data-theme')).toBe('light');
    await light.page.close();
    const system = await framed(iframe(embedSrc('en', 'scenario', canonical)), 'light');
    expect(await system.frame.getAttribute('html', 'data-theme')).toBe('light');
    await system.page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => system.frame.getAttribute('html', 'data-theme')).toBe('dark');
    await system.page.close();
  });
});

describe('hostile or broken permalinks', () => {
  const bomb = Buffer.from(deflateSync(strToU8('a'.repeat(2 * 1024 * 1024)))).toString('base64url');
  const hostileYaml = [
    'title: \'<img src=x onerror="parent.postMessage(1,`*`)"><script>parent.postMessage(2,"*")</script>\'',
    'config: |',
    '  </pre><img src=x onerror="parent.postMessage(3,\'*\')">',
    '  server { listen 80; location / { return 200; } }',
    'backends: {}',
    'client:',
    '  request: { path: /, headers: { Host: a } }',
    '  until: 1',
  ].join('\n');

  it.each([
    ['not base64', 'scenario', '<img src=x onerror=alert(1)>', /not base64url/, /base64url 编码/],
    ['a deflate bomb', 'scenario', bomb, /larger than 512 KB/, /超过 512 KB/],
    [
      'cut short',
      'playground',
      encodePermalink(canonical).slice(0, 20),
      /decompressed|not UTF-8/,
      /解压|UTF-8/,
    ],
    [
      'not a scenario',
      'playground',
      encodePermalink('- a\n- list\n'),
      /not hold a valid scenario/,
      /不是有效场景/,
    ],
    ['missing', 'scenario', '', /carries no scenario/, /没有场景/],
  ])('%s: a clear error in both languages inside the frame', async (_name, kind, value, en, zh) => {
    const { page, frame, errors } = await framed(iframe(`${siteUrl()}/en/embed/${kind}/#s=${value}`));
    const box = frame.locator('[data-testid=embed-error]');
    await box.waitFor({ state: 'visible', timeout: 10_000 });
    const text = (await box.textContent()) ?? '';
    expect(text).toMatch(en);
    expect(text).toMatch(zh);
    expect(await frame.locator('img').count()).toBe(0);
    // Not a blank frame: the parent still hears a height and the error is on screen.
    await expect.poll(async () => (await heights(page)).at(-1) ?? 0).toBeGreaterThan(50);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('markup inside a valid scenario stays text, in both embeds', async () => {
    for (const kind of ['scenario', 'playground']) {
      const { page, frame, errors } = await framed(iframe(embedSrc('en', kind, hostileYaml)));
      await waitState(frame, `${kind}-embed`, 'done');
      expect(await frame.locator('[data-role=title]').textContent()).toContain('<img src=x onerror=');
      expect(await frame.locator('img, [data-role=title] script').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { foreign: unknown[] }).foreign)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});

describe('the Embed dialog (a share menu’s “More embed options…”)', () => {
  async function dialogCodes(page: Page) {
    const dialog = page.locator('[data-testid=embed-dialog]');
    await dialog.waitFor({ state: 'visible' });
    return {
      iframe: await dialog.locator('[data-testid=embed-iframe-code]').inputValue(),
      permalink: await dialog.locator('[data-testid=embed-permalink]').inputValue(),
      markdown: await dialog.locator('[data-testid=embed-markdown]').inputValue(),
    };
  }

  it('playground: the copied iframe code works when pasted into a wiki page', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${siteUrl()}/en/playground/#s=${encodePermalink(canonical)}`);
    await page.waitForFunction(
      () => Number(document.querySelector('nginx-playground')?.getAttribute('data-answers')) > 0,
    );
    await page.click('nginx-playground .pg-toolbar [data-testid=share-toggle]');
    await page.click('nginx-playground .pg-toolbar [data-testid=share-options]');
    const codes = await dialogCodes(page);
    expect(codes.iframe).toMatch(
      new RegExp(
        `^<iframe src="${siteUrl()}/en/embed/playground/#s=1\\.[A-Za-z0-9_-]+&amp;view=terminal" width="100%" height="480" loading="lazy" title="Canonical map config[^"]*"`,
      ),
    );
    expect(codes.permalink).toMatch(new RegExp(`^${siteUrl()}/en/playground/#s=1\\.[A-Za-z0-9_-]+$`));
    expect(codes.markdown).toBe(
      `[Canonical map config: 101, echo, then idle close by proxy\\_read\\_timeout](${codes.permalink})`,
    );
    // The copy button puts the code on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: siteUrl() });
    await page.locator('[data-testid=embed-dialog] .embed-dialog__copy').first().click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.iframe);
    await page.click('[data-testid=embed-close]');
    expect(errors).toEqual([]);
    await page.close();

    const wiki = await framed(codes.iframe);
    const rows = wiki.frame.locator('[data-testid=terminal-rows]');
    await expect.poll(() => rows.textContent(), { timeout: 15_000 }).toMatch(/101/);
    expect(wiki.errors).toEqual([]);
    await wiki.page.close();
  });

  it('guide snippet: the embed link’s read-only code works in a wiki page', async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${siteUrl()}/zh/guides/minimal-config/`);
    const snippet = page.locator('.scenario-snippet').first();
    await snippet.locator('[data-testid=share-toggle]').click();
    await snippet.locator('[data-testid=share-options]').click();
    const dialog = page.locator('[data-testid=embed-dialog]');
    expect(await dialog.locator('[data-testid=embed-kind]').inputValue()).toBe('scenario');
    await dialog.locator('[data-testid=embed-view]').selectOption('transcript');
    const codes = await dialogCodes(page);
    expect(codes.iframe).toContain(`${siteUrl()}/zh/embed/scenario/#s=`);
    // The permalink is the same scenario the snippet's own playground link opens.
    const own = await snippet.locator('[data-testid=open-in-playground]').getAttribute('href');
    expect(codes.permalink).toBe(`${siteUrl()}${own}`);
    expect(errors).toEqual([]);
    await page.close();

    const wiki = await framed(codes.iframe);
    await waitState(wiki.frame, 'scenario-embed', 'done');
    expect(await wiki.frame.locator('[data-testid=embed-transcript]').textContent()).toMatch(/101/);
    expect(wiki.errors).toEqual([]);
    await wiki.page.close();
  });
});
