import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './axe';
import { launchBrowser, siteUrl, watchPage } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const SHOTS = 'test-results/exercises';

/** Puts the cursor at the end of the first editor line containing `text`. */
async function cursorAfterLine(page: Page, text: string): Promise<void> {
  await page.locator('.cm-line', { hasText: text }).first().click();
  await page.keyboard.press('End');
}

/**
 * Runs a check and returns its verdict. The previous check's summary stays on screen until the
 * new one is drawn, so the verdict mark is cleared first and the new one awaited: on a busy
 * machine, reading right after the click returned the old verdict.
 */
async function check(page: Page): Promise<string> {
  const results = page.getByTestId('results');
  await results.evaluate((el) => el.removeAttribute('data-state'));
  await page.getByTestId('check').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="results"]')?.hasAttribute('data-state'),
    undefined,
    { timeout: 10_000 },
  );
  return (await results.getAttribute('data-state')) ?? '';
}

const STORE = 'nginx-ws-lab:exercises:v1';

/** A context whose localStorage holds `stored` under the progress key before any page runs. */
async function contextWithStore(stored: string) {
  const context = await browser.newContext();
  const origin = siteUrl();
  await context.addInitScript(
    ([key, value]) => {
      // Only the first page of the context finds it there, as after a real corruption.
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem(key, value);
    },
    [STORE, stored] as const,
  );
  return { context, origin };
}

describe('exercises: corrupt stored progress (review F10)', () => {
  const corrupt = JSON.stringify({
    version: 1,
    exercises: {
      'http-version': {
        solved: false,
        solvedAt: '<img src=x data-pwn=1>',
        hintsShown: 1e308,
        attempts: -5,
        last: { passed: 'x', total: 1e308 },
      },
      'idle-timeout': { solved: true, solvedAt: '2026-01-02T03:04:05.000Z', attempts: 2, hintsShown: 1 },
    },
  });

  it('names each bad value, keeps the rest, reveals no hint and shows no "Invalid Date"', async () => {
    const { context, origin } = await contextWithStore(corrupt);
    const page = await context.newPage();
    const seen = watchPage(page, origin);
    await page.goto(`${origin}/en/exercises/http-version/`);
    await page.locator('.cm-content').waitFor();
    const notice = page.locator('[data-role=progress-notice]');
    await expect(notice.textContent()).resolves.toBe(
      'Some saved progress values were not valid and were reset; the rest was kept: solvedAt = "<img src=x data-pwn=1>"; attempts = -5; hintsShown = 1e+308; last = {"passed":"x","total":1e+308}. The original was copied to the localStorage key “nginx-ws-lab:exercises:v1:backup”.',
    );
    await expect(page.locator('[data-testid="hint"]:visible').count()).resolves.toBe(0);
    expect(await page.evaluate((k) => localStorage.getItem(`${k}:backup`), STORE)).toBe(corrupt);
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
      }, theme);
      const scan = {
        where: '/en/exercises/http-version/ progress notice',
        theme,
        include: '[data-role=progress-notice]',
      };
      expect(await axeViolations(page, scan)).toEqual([]);
    }
    // The report: the good entry as it was, no "Invalid Date", no 1e+308.
    await page.goto(`${origin}/en/exercises/report/`);
    const report = page.locator('ws-report');
    await report.locator('[data-role=progress-notice]').waitFor();
    // The notice names the bad values; the table shows none of them.
    const table = (await report.locator('table').textContent()) ?? '';
    expect(table).not.toContain('Invalid Date');
    expect(table).not.toContain('1e+308');
    await expect(report.locator('tr[data-id="idle-timeout"]').getAttribute('data-status')).resolves.toBe(
      'solved',
    );
    expect(await page.locator('[data-pwn]').count()).toBe(0);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('progress that is not JSON is backed up before the first check writes over it', async () => {
    const { context, origin } = await contextWithStore('{{{');
    const page = await context.newPage();
    const seen = watchPage(page, origin);
    await page.goto(`${origin}/en/exercises/http-version/`);
    await page.locator('.cm-content').waitFor();
    await expect(page.locator('[data-role=progress-notice]').textContent()).resolves.toContain(
      'could not be read ("{{{" is not progress data)',
    );
    expect(await check(page)).toBe('failed');
    const stored = await page.evaluate(
      (k) => [localStorage.getItem(k), localStorage.getItem(`${k}:backup`)],
      STORE,
    );
    expect(stored[1]).toBe('{{{');
    expect(JSON.parse(stored[0] ?? '{}').exercises['http-version'].attempts).toBe(1);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('a 3 MB draft is dropped by name, and a config that large is blamed on the config', async () => {
    const big = `# ${'x'.repeat(3 * 1024 * 1024)}\n`;
    const { context, origin } = await contextWithStore(
      JSON.stringify({ version: 1, exercises: { 'http-version': { attempts: 1, draft: big } } }),
    );
    const page = await context.newPage();
    const seen = watchPage(page, origin);
    await page.goto(`${origin}/en/exercises/http-version/`);
    await page.locator('.cm-content').waitFor();
    await expect(page.locator('[data-role=progress-notice]').textContent()).resolves.toContain(
      'draft = 3 MB',
    );
    await expect(page.locator('.cm-content').textContent()).resolves.toContain('proxy_pass');
    // Pasting that much is the learner's config, not the exercise file.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.evaluate((text) => {
      const target = document.querySelector('.cm-content');
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/plain', text);
      target?.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    }, big);
    await page.getByTestId('check').click();
    await expect
      .poll(() => page.getByTestId('results').textContent(), { timeout: 10_000 })
      .toContain('Your config is 3 MB; the simulator reads at most 1 MB.');
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});

describe('exercises', () => {
  it('turns green when the fix is typed into the editor, and the progress survives a reload (zh)', async () => {
    const base = siteUrl();
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watchPage(page, base);
    await page.goto(`${base}/zh/exercises/http-version/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.locator('.cm-content').waitFor();

    // The start config fails: the backend still gets HTTP/1.0.
    expect(await check(page)).toBe('failed');
    const line = page.locator('[data-goal="upstream_request_line"]');
    expect(await line.getAttribute('data-ok')).toBe('false');
    await expect(line.textContent()).resolves.toContain('HTTP/1.0');

    await cursorAfterLine(page, 'proxy_pass');
    await page.keyboard.press('Enter');
    await page.keyboard.type('proxy_http_version 1.1;');
    expect(await check(page)).toBe('solved');
    expect(await page.locator('[data-ok="false"]').count()).toBe(0);
    await expect(page.getByTestId('solved-badge').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('status').textContent()).resolves.toContain('全部目标达成');

    // Reload: still solved, and the edited config is still in the editor.
    await page.reload();
    await page.locator('.cm-content').waitFor();
    await expect(page.getByTestId('solved-badge').isVisible()).resolves.toBe(true);
    await expect(page.locator('.cm-content').textContent()).resolves.toContain('proxy_http_version 1.1;');

    // The course overview shows it as solved.
    await page.goto(`${base}/zh/exercises/`);
    const item = page.locator('[data-testid="course-item"][data-id="http-version"]');
    await item.locator('[data-status="solved"]').waitFor();
    await expect(page.getByTestId('course-count').textContent()).resolves.toMatch(/已完成 1 \/ \d+/);

    expect(seen.errors).toEqual([]);
    expect(seen.foreign).toEqual([]);
    await context.close();
  });

  it('shows the failed goal and the simulated outcome for a wrong fix (en)', async () => {
    const base = siteUrl();
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watchPage(page, base);
    await page.goto(`${base}/en/exercises/idle-timeout/`);
    await page.locator('.cm-content').waitFor();

    // Raising the timeout a little is not enough: the tunnel still dies before 5.5 s.
    await cursorAfterLine(page, 'proxy_read_timeout');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('proxy_read_timeout 3s;');
    expect(await check(page)).toBe('failed');
    const alive = page.locator('[data-goal="alive_at"]');
    expect(await alive.getAttribute('data-ok')).toBe('false');
    await expect(alive.textContent()).resolves.toMatch(/still be open|still open at 5.5 s/);
    const outcome = page.getByTestId('outcome');
    await expect(outcome.textContent()).resolves.toContain('nginx');
    await expect(page.getByTestId('solved-badge').isVisible()).resolves.toBe(false);

    // Hints come one at a time; the solution comes with its explanation.
    await expect(page.locator('[data-testid="hint"]:visible').count()).resolves.toBe(0);
    await page.getByTestId('next-hint').click();
    await expect(page.locator('[data-testid="hint"]:visible').count()).resolves.toBe(1);
    await page.getByTestId('show-solution').click();
    await expect(page.getByTestId('solution').textContent()).resolves.toContain('proxy_read_timeout 10s');

    // Keyboard: the check button is reachable and works from the keyboard.
    await page.getByTestId('check').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('check-summary').waitFor();

    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('asks before resetting progress, and resets only on confirm (en)', async () => {
    const base = siteUrl();
    mkdirSync(SHOTS, { recursive: true });
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/en/exercises/map-in-server/`);
    await page.locator('.cm-content').waitFor();
    // Fix: move the map out of the server block by deleting its lines there and adding it on top.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(
      "map $http_upgrade $connection_upgrade {\n  default upgrade;\n  '' close;\n}\nserver {\n  listen 18080;\n  location /chat/ {\n    proxy_pass http://127.0.0.1:18081;\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;\n  }\n}\n",
    );
    expect(await check(page)).toBe('solved');

    await page.goto(`${base}/en/exercises/`);
    const item = page.locator('[data-testid="course-item"][data-id="map-in-server"]');
    await item.locator('[data-status="solved"]').waitFor();

    // Trainers: the JSON export and the printable page both carry the solved exercise.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    expect(download.suggestedFilename()).toMatch(/^nginx-ws-lab-results-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported).toMatchObject({ format: 'nginx-ws-lab-exercise-results@1', solved: 1 });
    expect(exported.exercises.find((r: { id: string }) => r.id === 'map-in-server').status).toBe('solved');
    await page.getByTestId('report-link').click();
    await page.waitForURL(/\/en\/exercises\/report\/$/);
    await expect(page.getByTestId('report-summary').textContent()).resolves.toMatch(
      /^1 of \d+ exercises solved\.$/,
    );
    await expect(page.locator('tr[data-id="map-in-server"]').getAttribute('data-status')).resolves.toBe(
      'solved',
    );
    await page.screenshot({ path: `${SHOTS}/report-en.png`, fullPage: true });
    await page.goBack();

    await page.getByTestId('reset-progress').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(item.locator('[data-role="item-status"]').getAttribute('data-status')).resolves.toBe(
      'solved',
    );

    await page.getByTestId('reset-progress').click();
    await page.locator('[data-role="dialog-confirm"]').click();
    await item.locator('[data-status="new"]').waitFor();
    await expect(page.getByTestId('course-count').textContent()).resolves.toMatch(/^0 of \d+ solved$/);
    await page.reload();
    await item.locator('[data-status="new"]').waitFor();
    await context.close();
  });

  it('derives the symptom panel from the start config', async () => {
    const page = await browser.newPage();
    await page.goto(`${siteUrl()}/en/exercises/error-log-refused/`);
    const evidence = page.getByTestId('evidence');
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="evidence"]')?.textContent?.includes('Simulating'),
    );
    await expect(evidence.textContent()).resolves.toContain('Connection refused');
    await page.close();
  });

  it('renders zh and en, light and dark, at 360 and 1440 px (screenshots)', async () => {
    const base = siteUrl();
    mkdirSync(SHOTS, { recursive: true });
    for (const lang of ['zh', 'en'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        for (const width of [360, 1440]) {
          const context = await browser.newContext({ viewport: { width, height: 900 } });
          await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
          const page = await context.newPage();
          await page.goto(`${base}/${lang}/exercises/symptom-firefox/`);
          await page.locator('.cm-content').waitFor();
          expect(await page.getAttribute('html', 'data-theme')).toBe(theme);
          await check(page);
          // Nothing may stick out sideways on a phone.
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow).toBeLessThanOrEqual(0);
          await page.screenshot({ path: `${SHOTS}/exercise-${lang}-${theme}-${width}.png`, fullPage: true });
          await page.goto(`${base}/${lang}/exercises/`);
          await page.screenshot({ path: `${SHOTS}/course-${lang}-${theme}-${width}.png`, fullPage: true });
          await context.close();
        }
      }
    }
  });
});
