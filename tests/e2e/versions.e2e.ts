import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePermalink, encodePermalink } from '../../playground/src/index';
import { launchBrowser, siteUrl, watchPage } from './browser';

/**
 * The nginx version picker (1.22.1 / 1.26.3 / 1.30.6) in a real browser, against the built site:
 * switching version changes the result where nginx's behaviour differs (no proxy_http_version:
 * HTTP/1.0 upstream and a refused upgrade on 1.22 and 1.26, an upgrade on 1.30, recorded in
 * content/scenarios/guides/recorded/…/without-http-version.json), every result names the
 * version, and the permalink carries it; links made before the picker open on 1.22.1.
 */

const scenario = readFileSync(
  join(import.meta.dirname, '../../content/scenarios/guides/without-http-version.yaml'),
  'utf8',
);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(path: string, width = 1440): Promise<{ page: Page; seen: ReturnType<typeof watchPage> }> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  const seen = watchPage(page, siteUrl());
  await page.goto(`${siteUrl()}${path}`);
  return { page, seen };
}

/** Waits for an answer newer than `after` with no edit still pending. */
async function nextAnswer(page: Page, after: number): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => {
      const root = document.querySelector('nginx-playground');
      const v = Number(root?.getAttribute('data-answers') ?? 0);
      return v > n && !root?.hasAttribute('data-busy') ? v : false;
    },
    after,
    { timeout: 10_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** The scenario text the address bar's permalink holds (written a moment after an edit). */
async function linkedScenario(page: Page, containing: string): Promise<string> {
  let text = '';
  await expect
    .poll(
      async () => {
        const hash = await page.evaluate(() => location.hash);
        const decoded = decodePermalink(/s=([^&]*)/.exec(hash)?.[1] ?? '');
        text = decoded.ok ? decoded.text : '';
        return text;
      },
      { timeout: 5000 },
    )
    .toContain(containing);
  return text;
}

async function state(page: Page) {
  return {
    picked: await page.locator('[data-testid=nginx-version]').inputValue(),
    kind: await page.getAttribute('[data-testid=verdict]', 'data-kind'),
    tag: await page.locator('[data-testid=verdict-version]').textContent(),
    transcript: (await page.locator('[data-testid=transcript-text]').textContent()) ?? '',
  };
}

describe('nginx version picker', () => {
  it('an old permalink (no nginx_version) opens on 1.22.1; switching to 1.30.6 upgrades and updates the link', async () => {
    expect(scenario).not.toMatch(/nginx_version/);
    const { page, seen } = await open(`/en/playground/#s=${encodePermalink(scenario)}`);
    let n = await nextAnswer(page, 0);
    expect(await state(page)).toMatchObject({ picked: '1.22.1', kind: 'failed', tag: 'nginx 1.22.1' });
    expect((await state(page)).transcript.split('\n')[0]).toContain('nginx 1.22.1');
    // Each option names the Debian release that ships it.
    expect(await page.locator('[data-testid=nginx-version] option').allTextContents()).toEqual([
      '1.22.1 · Debian 12 bookworm',
      '1.26.3 · Debian 13 trixie',
      '1.30.6 · Debian sid',
    ]);

    await page.selectOption('[data-testid=nginx-version]', '1.26.3');
    n = await nextAnswer(page, n);
    expect(await state(page)).toMatchObject({ picked: '1.26.3', kind: 'failed', tag: 'nginx 1.26.3' });
    expect(await linkedScenario(page, 'nginx_version: 1.26.3')).toContain('proxy_pass');

    await page.selectOption('[data-testid=nginx-version]', '1.30.6');
    n = await nextAnswer(page, n);
    const on130 = await state(page);
    expect(on130).toMatchObject({ picked: '1.30.6', kind: 'upgraded', tag: 'nginx 1.30.6' });
    expect(on130.transcript).toMatch(/HTTP\/1\.1 101/);
    expect(on130.transcript.split('\n')[0]).toContain('nginx 1.30.6');
    await page.click('[data-tab=outcome]');
    await expect
      .poll(() => page.locator('[data-testid=outcome-version]').textContent())
      .toContain('nginx 1.30.6');
    const linked = await linkedScenario(page, 'nginx_version: 1.30.6');

    // The link opens where it was left: 1.30.6, upgraded.
    const again = await open(`/en/playground/#s=${encodePermalink(linked)}`);
    await nextAnswer(again.page, 0);
    expect(await state(again.page)).toMatchObject({
      picked: '1.30.6',
      kind: 'upgraded',
      tag: 'nginx 1.30.6',
    });
    await again.page.close();

    // The diagnostics say why in both cases: an error on 1.22, a note on 1.30.
    await page.click('[data-tab=diagnostics]');
    await expect
      .poll(() => page.locator('[data-testid=diagnostics]').textContent())
      .toMatch(/fine on nginx 1\.30\.6/);
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('at 360 px in Chinese, a config preset keeps the picked version', async () => {
    const { page, seen } = await open(`/zh/playground/#s=${encodePermalink(scenario)}`, 360);
    let n = await nextAnswer(page, 0);
    await page.selectOption('[data-testid=nginx-version]', '1.30.6');
    n = await nextAnswer(page, n);
    expect(await page.locator('[data-testid=verdict-version]').textContent()).toBe('nginx 1.30.6');
    // A config preset (a config alone) keeps the client and the picked version.
    const preset = page.locator('[data-role=config-preset] option').nth(1);
    await page.selectOption('[data-role=config-preset]', (await preset.getAttribute('value')) ?? '');
    n = await nextAnswer(page, n);
    expect(await page.locator('[data-testid=nginx-version]').inputValue()).toBe('1.30.6');
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('the embed has the picker, names the version and hands it to the full playground', async () => {
    const { page, seen } = await open(`/en/embed/playground/#s=${encodePermalink(scenario)}&view=outcome`);
    const done = (n: number) =>
      page.waitForFunction(
        (k) =>
          Number(document.querySelector('[data-role=playground-embed]')?.getAttribute('data-answers')) > k,
        n,
      );
    await done(0);
    const status = async () =>
      JSON.parse((await page.locator('[data-testid=outcome]').textContent()) ?? '{}');
    expect((await status()).response.status).not.toBe(101);
    expect(await page.getAttribute('[data-testid=playground-embed]', 'data-nginx-version')).toBe('1.22.1');
    await page.selectOption('[data-testid=nginx-version]', '1.30.6');
    await done(1);
    expect((await status()).response.status).toBe(101);
    expect(await page.locator('[data-testid=outcome-version]').textContent()).toContain('nginx 1.30.6');
    const href = (await page.getAttribute('[data-testid=open-full]', 'href')) ?? '';
    const decoded = decodePermalink(/s=([^&]*)/.exec(href)?.[1] ?? '');
    expect(decoded.ok && decoded.text).toContain('nginx_version: 1.30.6');
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('exercises state their version: a pinned one names it, the others offer the picker and check on it', async () => {
    const pinned = await open('/en/exercises/http-version/');
    await expect
      .poll(() => pinned.page.locator('[data-testid=exercise-version]').textContent())
      .toContain('nginx 1.22.1');
    expect(await pinned.page.locator('[data-testid=exercise-version] select').count()).toBe(0);
    await pinned.page.close();

    const { page, seen } = await open('/en/exercises/upgrade-three-lines/');
    await page.selectOption('[data-testid=exercise-version] select', '1.26.3');
    await page.click('[data-testid=check]');
    await expect
      .poll(() => page.locator('[data-testid=checked-version]').textContent(), { timeout: 10_000 })
      .toContain('nginx 1.26.3');
    expect(seen.errors).toEqual([]);
    await page.close();
  });
});
