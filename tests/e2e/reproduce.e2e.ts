import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { encodePermalink } from '../../playground/src/index';
import { launchBrowser, siteUrl } from './browser';

/**
 * "Reproduce on your nginx" as a reader uses it: from the playground's Share menu, a scenario
 * embed's menu and the playground embed's button. The downloaded script must carry the scenario
 * being looked at and, run under sh, fetch the CLI from the site and hand the scenario to
 * `nginx-ws-lab conformance`: once for real (the machine's node, curl and /usr/sbin/nginx), then
 * with a stand-in node that records what it got. SCREENSHOTS=DIR saves the menus at 1440 and
 * 360 px, zh and en, light and dark.
 */

const ROOT = join(import.meta.dirname, '../..');
const canonical = readFileSync(join(ROOT, 'content/scenarios/shared/canonical-echo.yaml'), 'utf8');
const canonicalConfig = (parse(canonical) as { config: string }).config;
const permalink = encodePermalink(canonical);

let browser: Browser;
const work = mkdtempSync(join(tmpdir(), 'reproduce-e2e-'));

beforeAll(async () => {
  browser = await launchBrowser();
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'node'),
    `#!/bin/sh\nprintf '%s\\n' "$@" > "${work}/args"\ncp "$1" "${work}/cli.mjs"\ncp "$3" "${work}/seen.yaml"\n`,
  );
  chmodSync(join(bin, 'node'), 0o755);
});
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(
  path: string,
  lang: 'en' | 'zh',
  width = 1280,
  theme: 'light' | 'dark' = 'dark',
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: lang === 'zh' ? 'zh-CN' : 'en-US',
    acceptDownloads: true,
    colorScheme: theme,
  });
  await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${siteUrl()}${path}`);
  (page as unknown as { errors: string[] }).errors = errors;
  return page;
}

/** Clicks Reproduce in `scope` (opening its menu first when it has one); returns the script. */
async function reproduce(
  page: Page,
  scope: Locator,
): Promise<{ name: string; script: string; status: string }> {
  const toggle = scope.locator('[data-testid=share-toggle]');
  if (await toggle.count()) await toggle.first().click();
  const [event] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }) as Promise<Download>,
    scope.locator('[data-testid=share-reproduce]').first().click(),
  ]);
  const file = join(work, `${Date.now()}.sh`);
  await event.saveAs(file);
  const status = scope.locator('[data-testid=share-status]').first();
  await expect.poll(() => status.textContent()).not.toBe('');
  return {
    name: event.suggestedFilename(),
    script: readFileSync(file, 'utf8'),
    status: (await status.textContent()) ?? '',
  };
}

/** Runs the script under sh with the stand-in node; returns the scenario it handed over, the arguments and the CLI it fetched. */
function play(script: string): { scenario: string; args: string[]; cli: string } {
  const file = join(work, 'run.sh');
  writeFileSync(file, script);
  execFileSync('sh', [file], { env: { PATH: `${join(work, 'bin')}:/usr/bin:/bin` } });
  return {
    scenario: readFileSync(join(work, 'seen.yaml'), 'utf8'),
    args: readFileSync(join(work, 'args'), 'utf8').trim().split('\n'),
    cli: readFileSync(join(work, 'cli.mjs'), 'utf8'),
  };
}

describe('Reproduce on your nginx', () => {
  it('the playground exports the scenario being edited, with the one command', async () => {
    const page = await open(`/en/playground/#s=${permalink}`, 'en');
    const menu = page.locator('share-menu[data-share="page"]');
    await page.waitForSelector('[data-testid="share-toggle"]');
    const { name, script, status } = await reproduce(page, menu);
    expect(name).toMatch(/^reproduce-[a-z0-9-]+\.sh$/);
    expect(status).toContain(name);
    expect(status).toContain('node nginx-ws-lab-0.1.0.mjs conformance scenario.yaml --nginx /usr/sbin/nginx');
    const { scenario, args, cli } = play(script);
    expect((parse(scenario) as { config: string }).config).toBe(canonicalConfig);
    expect(args).toEqual([args[0], 'conformance', args[2], '--nginx', '/usr/sbin/nginx']);
    // The CLI the site serves, fetched from the page's own origin.
    expect(cli.startsWith('#!/usr/bin/env node')).toBe(true);
    // And for real: the machine's node runs that CLI against the installed nginx.
    const real = join(work, 'real.sh');
    writeFileSync(real, script);
    const out = execFileSync('sh', [real], {
      env: { PATH: '/usr/bin:/bin' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(out).toMatch(/simulator agrees 1, disagrees 0/);
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it('a scenario embed exports its scenario, labelled in Chinese on the zh page', async () => {
    const page = await open(`/zh/embed/scenario/#s=${permalink}&view=transcript`, 'zh');
    const menu = page.locator('share-menu');
    await expect
      .poll(() => menu.locator('[data-testid=share-reproduce]').textContent())
      .toBe('在你的 nginx 上复现');
    await page.waitForSelector('[data-testid="embed-transcript"]:not([hidden])');
    const { script, status } = await reproduce(page, menu);
    expect(status).toMatch(/^已下载 reproduce-.+\.sh/);
    expect((parse(play(script).scenario) as { config: string }).config).toBe(canonicalConfig);
    await page.context().close();
  });

  it('the playground embed exports the config as edited in it', async () => {
    const page = await open(`/en/embed/playground/#s=${permalink}&view=terminal`, 'en');
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid=playground-embed]')?.getAttribute('data-answers') ?? 0) >
        0,
      null,
      { timeout: 30_000 },
    );
    const { script } = await reproduce(page, page.locator('share-menu'));
    const handed = parse(play(script).scenario) as { config: string; client: unknown };
    expect(handed.config).toBe(canonicalConfig);
    expect(handed.client).toEqual((parse(canonical) as { client: unknown }).client);
    await page.context().close();
  });

  it.runIf(process.env.SCREENSHOTS)('screenshots: 1440 and 360 px, zh and en, light and dark', async () => {
    const dir = process.env.SCREENSHOTS!;
    mkdirSync(dir, { recursive: true });
    for (const lang of ['en', 'zh'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        for (const width of [1440, 360]) {
          const page = await open(`/${lang}/playground/#s=${permalink}`, lang, width, theme);
          await page.waitForSelector('[data-testid="share-toggle"]');
          const menu = page.locator('share-menu[data-share="page"]');
          await menu.locator('[data-testid=share-toggle]').click();
          await menu.locator('[data-testid=share-reproduce]').scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(dir, `playground-${lang}-${theme}-${width}.png`) });
          await page.context().close();
          const embed = await open(
            `/${lang}/embed/playground/#s=${permalink}&view=terminal`,
            lang,
            width,
            theme,
          );
          await embed.waitForSelector('[data-testid=share-reproduce]');
          await embed.locator('[data-testid=share-reproduce]').scrollIntoViewIfNeeded();
          await embed.screenshot({ path: join(dir, `embed-${lang}-${theme}-${width}.png`) });
          await embed.context().close();
        }
      }
    }
  });
});
