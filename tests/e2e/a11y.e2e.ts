import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePermalink } from '../../playground/src/index';
import { axeViolations, shownTheme, switchTheme, type Theme } from './axe';
import { launchBrowser, siteUrl } from './browser';
import { builtPages, isLanguagePicker } from './site-pages';

/**
 * axe-core on every built page in both languages: no serious or critical violation, and
 * colour contrast holds in the light and the dark theme. Pages whose content is drawn by
 * scripts are also scanned in that state (the playground after a run and in each result
 * view, an exercise after a check, the embeds once rendered, a guide with its diagram drawn),
 * opened in each theme as a returning reader would (Starlight's stored choice, or the
 * embed's `theme=` parameter).
 */

/**
 * Embed pages of one kind (`/zh/embed/diagram/<name>/`, `/en/embed/scenario/<name>/`, the language-less forwarders, …) are one
 * template each, and what differs between them (a guide's diagram or snippet) is scanned on the
 * guide page that shows it; scanning ~200 of them cost CI four minutes of its budget for nothing
 * new. Every other page is scanned, and the first EMBEDS_PER_KIND embeds of each kind and language.
 */
const EMBEDS_PER_KIND = 3;
const PAGES = sampleEmbeds(builtPages());

function sampleEmbeds(pages: string[]): string[] {
  const seen = new Map<string, number>();
  return pages.filter((path) => {
    const kind = /^\/(?:(?:zh|en)\/)?embed\/[^/]+\/(?=[^/]+\/)/.exec(path)?.[0];
    if (!kind) return true;
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    return n <= EMBEDS_PER_KIND;
  });
}
const THEMES: Theme[] = ['light', 'dark'];
/** Two pages at a time: the scans are CPU-bound in Chromium and CI has two cores. */
const PARALLEL = 2;

const SHARED = join(import.meta.dirname, '../../content/scenarios/shared');
const canonical = readFileSync(join(SHARED, 'canonical-echo.yaml'), 'utf8');

let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
});

/** Opens `path` with `theme` already chosen before first paint. */
async function open(path: string, theme: Theme): Promise<Page> {
  const page = await context.newPage();
  // Starlight reads the reader's stored choice before first paint; embeds read `theme=`.
  await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
  const url = path.includes('/embed/') ? withThemeParam(path, theme) : path;
  await page.goto(`${siteUrl()}${url}`);
  expect(await shownTheme(page), `${path}: the ${theme} theme did not take`).toBe(theme);
  await settled(page);
  return page;
}

/**
 * Waits (briefly) for what scripts finish after `load`: Expressive Code makes code blocks
 * that scroll focusable from an idle callback. Whatever is still missing then is reported.
 */
async function settled(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('.expressive-code pre')].every(
          (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
        ),
      undefined,
      // Expressive Code marks a code block that scrolls once its script has run, which on a
      // busy two-core machine can take more than 3 s after load (seen on /en/guides/tls-wss/).
      { timeout: 10_000 },
    )
    .catch(() => undefined);
}

const withThemeParam = (path: string, theme: Theme) =>
  path.includes('#') ? `${path}&theme=${theme}` : `${path}#theme=${theme}`;

/** Runs `job` over `items`, PARALLEL at a time, and concatenates what each returns. */
async function pooled<T>(items: readonly T[], job: (item: T) => Promise<string[]>): Promise<string[]> {
  const queue = [...items];
  const out: string[][] = [];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) out.push(await job(item));
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return out.flat().sort();
}

/** Pages per test: each test has its own time limit, and a long guide takes several seconds. */
const PER_GROUP = 8;

/**
 * The pages in groups (`/en/guides/`, `/zh/exercises/`, …), so each group reports on its own;
 * a group of more than PER_GROUP pages is split (`/en/guides/ 1/3`) to stay within the limit.
 */
const GROUPS = Object.entries(
  Object.groupBy(PAGES, (path) => /^\/(?:zh|en)\/[^/]+\//.exec(path)?.[0] ?? 'other pages'),
).flatMap(([group, paths = []]) => {
  const parts = Math.ceil(paths.length / PER_GROUP);
  return Array.from({ length: parts }, (_, i) => ({
    group: parts > 1 ? `${group} ${i + 1}/${parts}` : group,
    paths: paths.slice(i * PER_GROUP, (i + 1) * PER_GROUP),
  }));
});

describe(`axe on every built page (${PAGES.length}; embeds sampled by kind)`, () => {
  // One visit per page: every rule in the light theme, then the page switched to dark (as
  // Starlight's picker does) for the colour rule. The state-specific scans below open
  // pages in dark from the start.
  it.each(GROUPS)(
    '$group: every rule in light, colour contrast in dark',
    { timeout: 120_000 },
    async ({ paths }) => {
      const failures = await pooled(paths, async (path) => {
        if (isLanguagePicker(path)) return scanLanguagePicker(path);
        const page = await open(path, 'light');
        const found = await axeViolations(page, { where: path, theme: 'light' });
        await switchTheme(page, 'dark');
        found.push(...(await axeViolations(page, { where: path, theme: 'dark', rules: ['color-contrast'] })));
        await page.close();
        return found;
      });
      expect(failures.join('\n')).toBe('');
    },
  );
});

/**
 * Forwarding pages go to a language at once; what they show without scripts is their content.
 * Served with a CSP that blocks the page's scripts (a context without JavaScript would also
 * stop axe itself).
 */
async function scanLanguagePicker(path: string): Promise<string[]> {
  const page = await context.newPage();
  const url = `${siteUrl()}${path}`;
  await page.route(url, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'content-security-policy': "script-src 'none'" },
    });
  });
  await page.goto(url);
  expect(page.url(), `${path} forwarded although its scripts were blocked`).toBe(url);
  const found = await axeViolations(page, { where: `${path} (no scripts)`, theme: 'light' });
  await page.close();
  return found;
}

const answers = (page: Page) =>
  page.evaluate(() => Number(document.querySelector('[data-answers]')?.getAttribute('data-answers') ?? 0));

describe.each(THEMES)('axe on pages drawn by scripts, %s theme', (theme) => {
  it('the playground after a run, in every result view, and its embed dialog', async () => {
    const page = await open('/en/playground/', theme);
    await expect.poll(() => answers(page), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.locator('[data-testid=terminal-rows]').waitFor({ timeout: 15_000 });
    const failures = await axeViolations(page, { where: '/en/playground/ after a run', theme });
    const tabs = page.locator('.pg-results [role=tab]');
    for (const view of await tabs.evaluateAll((els) =>
      els.map((e) => (e as HTMLElement).dataset.tab ?? ''),
    )) {
      if (view === 'transcript') continue;
      await page.click(`.pg-results [role=tab][data-tab="${view}"]`);
      const panel = page.locator(`#pg-panel-${view}`);
      await panel.waitFor();
      if (view === 'sequence') await panel.locator('svg').first().waitFor({ timeout: 20_000 });
      if (view === 'timeline') await panel.locator('svg').first().waitFor();
      failures.push(
        ...(await axeViolations(page, {
          where: `/en/playground/ ${view} view`,
          theme,
          include: '.pg-results',
        })),
      );
    }
    // The page's Share menu, opened, then its "Embed options" dialog.
    await page.locator('.pg-toolbar [data-testid=share-toggle]').click();
    await page.locator('.pg-toolbar [data-share-action=options]').waitFor();
    failures.push(
      ...(await axeViolations(page, {
        where: '/en/playground/ share menu open',
        theme,
        include: '.pg-toolbar',
      })),
    );
    await page.locator('.pg-toolbar [data-share-action=options]').click();
    await page.locator('dialog[open]').waitFor();
    failures.push(
      ...(await axeViolations(page, {
        where: '/en/playground/ embed dialog',
        theme,
        include: 'dialog[open]',
      })),
    );
    await page.close();
    expect(failures.join('\n')).toBe('');
  });

  it('an exercise after a check (zh)', async () => {
    const page = await open('/zh/exercises/http-version/', theme);
    await page.locator('.cm-content').waitFor();
    await page.getByTestId('check').click();
    await page.locator('[data-testid=results] [data-testid=check-summary]').waitFor({ timeout: 15_000 });
    const failures = await axeViolations(page, { where: '/zh/exercises/http-version/ after a check', theme });
    await page.close();
    expect(failures.join('\n')).toBe('');
  });

  it('the embeds once rendered: scenario transcript and diagram, playground views', async () => {
    const s = encodePermalink(canonical);
    const failures: string[] = [];
    for (const view of ['transcript', 'diagram']) {
      const path = `/en/embed/scenario/#s=${s}&view=${view}`;
      const page = await open(path, theme);
      await page.locator('[data-testid=scenario-embed][data-state=done]').waitFor({ timeout: 15_000 });
      if (view === 'diagram')
        await page.locator('[data-testid=embed-diagram] svg').first().waitFor({ timeout: 20_000 });
      failures.push(...(await axeViolations(page, { where: `/en/embed/scenario/ ${view}`, theme })));
      await page.close();
    }
    for (const view of ['terminal', 'timeline', 'diagram', 'headers', 'outcome']) {
      const path = `/zh/embed/playground/#s=${s}&view=${view}`;
      const page = await open(path, theme);
      await expect.poll(() => answers(page), { timeout: 15_000 }).toBeGreaterThan(0);
      if (view === 'terminal') await page.locator('[data-testid=terminal-rows]').waitFor({ timeout: 15_000 });
      if (view === 'diagram' || view === 'timeline')
        await page.locator('.embed svg').first().waitFor({ timeout: 20_000 });
      failures.push(...(await axeViolations(page, { where: `/zh/embed/playground/ ${view}`, theme })));
      await page.close();
    }
    expect(failures.join('\n')).toBe('');
  });

  it('a guide with its mermaid diagram drawn', async () => {
    const failures: string[] = [];
    for (const path of ['/en/guides/timeouts/', '/zh/guides/handshake/']) {
      const page = await open(path, theme);
      const diagram = page.locator('guide-mermaid .guide-mermaid__diagram').first();
      await diagram.scrollIntoViewIfNeeded();
      // Drawn at build time in both themes: the one this theme shows.
      await diagram.locator('svg').filter({ visible: true }).first().waitFor({ timeout: 20_000 });
      failures.push(...(await axeViolations(page, { where: `${path} with its diagram drawn`, theme })));
      await page.close();
    }
    expect(failures.join('\n')).toBe('');
  });
});
