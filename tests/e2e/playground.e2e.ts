import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compareOutcomes, encodePermalink, type Outcome } from '../../playground/src/index';
import { launchBrowser, siteUrl, watchPage } from './browser';

/**
 * The playground in a real browser, against the built site: permalinks, editing, the
 * watchdog, hostile links, and agreement with real nginx on every recorded scenario.
 */

const SHARED = join(import.meta.dirname, '../../content/scenarios/shared');
const read = (name: string) => readFileSync(join(SHARED, name), 'utf8');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(path: string): Promise<{ page: Page; seen: ReturnType<typeof watchPage> }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const seen = watchPage(page, siteUrl());
  page.on('dialog', (d) => {
    seen.errors.push(`dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${siteUrl()}${path}`);
  return { page, seen };
}

const permalink = (lang: string, yaml: string) => `/${lang}/playground/#s=${encodePermalink(yaml)}`;

/** Waits until the page shows an answer newer than `after` (the root's answer counter) to its latest edit. */
async function nextAnswer(page: Page, after: number): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => {
      const root = document.querySelector('nginx-playground');
      const v = Number(root?.getAttribute('data-answers') ?? 0);
      // data-busy: an edit made since is still being simulated (edits are not debounced).
      return v > n && !root?.hasAttribute('data-busy') ? v : false;
    },
    after,
    { timeout: 10_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function answers(page: Page): Promise<number> {
  return Number((await page.getAttribute('nginx-playground', 'data-answers')) ?? 0);
}

async function outcome(page: Page): Promise<Outcome> {
  const text = await page.locator('[data-testid=outcome]').textContent();
  return JSON.parse(text ?? '') as Outcome;
}

/** Puts the cursor at the end of the config line containing `text` (as a person would, by clicking). */
async function clickLine(page: Page, text: string) {
  await page.locator('[data-testid=config-editor] .cm-line', { hasText: text }).first().click();
  await page.keyboard.press('End');
}

describe('playground', () => {
  it('opens a permalink for the canonical config: the terminal shows the 101 and the echo', async () => {
    const { page, seen } = await open(permalink('en', read('canonical-echo.yaml')));
    await nextAnswer(page, 0);
    const rows = page.locator('[data-testid=terminal-rows]');
    await rows.waitFor();
    await expect.poll(() => rows.textContent()).toMatch(/101/);
    const text = (await rows.textContent()) ?? '';
    expect(text.match(/hello/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    // mermaid is heavy: fetched only once the diagram is asked for, from this site.
    const loaded = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect((await loaded()).filter((u) => /mermaid\.core/i.test(u))).toEqual([]);
    await page.click('[data-tab=sequence]');
    await page.locator('[data-testid=sequence] svg').first().waitFor({ timeout: 15_000 });
    expect((await loaded()).some((u) => /mermaid\.core/i.test(u))).toBe(true);
    expect(seen.errors).toEqual([]);
    expect(seen.foreign).toEqual([]);
    await page.close();
  });

  it('proxy_read_timeout 2s with an idle client: the timeline shows the close at 2 s', async () => {
    const { page } = await open('/zh/playground/');
    let n = await nextAnswer(page, 0);
    await clickLine(page, 'proxy_read_timeout');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('2s;');
    n = await nextAnswer(page, n);
    await page.selectOption('[data-role=client-preset]', 'idle');
    n = await nextAnswer(page, n);
    const result = await outcome(page);
    expect(result).toMatchObject({ tunnel: true, end: { by: 'nginx' } });
    await page.click('[data-tab=timeline]');
    const closes = await page
      .locator('[data-testid=timeline] [data-kind]')
      .evaluateAll((nodes) =>
        nodes
          .map((n) => ({ kind: n.getAttribute('data-kind') ?? '', at: Number(n.getAttribute('data-at')) }))
          .filter((e) => /close|fired/.test(e.kind)),
      );
    expect(closes.length).toBeGreaterThan(0);
    expect(Math.abs((closes[0]?.at ?? -1) - 2)).toBeLessThanOrEqual(0.6);
    await page.close();
  });

  it('the verdict above the views says whether the upgrade worked, and why not', async () => {
    const { page } = await open('/en/playground/');
    let n = await nextAnswer(page, 0);
    const verdict = page.getByTestId('verdict');
    expect(await verdict.getAttribute('data-kind')).toBe('upgraded');
    await expect(verdict.textContent()).resolves.toMatch(
      /Upgraded ✓ 101 Switching Protocols.*client sends a close frame \(1000\)/,
    );
    // Nothing says "Up to date" any more: the verdict is the answer.
    await expect(page.getByTestId('status').textContent()).resolves.not.toMatch(/Up to date/);

    // A published config whose backend answers 426: a failure, with the diagnostic and its fix.
    await page.selectOption('[data-role=config-preset]', 'seeds/003-connection-reuse');
    n = await nextAnswer(page, n);
    expect(await verdict.getAttribute('data-kind')).toBe('failed');
    await expect(verdict.textContent()).resolves.toMatch(/Upgrade failed: the backend answered 426/);
    const cause = verdict.locator('.pg-verdict__cause');
    expect(await cause.getAttribute('data-rule')).toBe('ws-missing-http-version');
    await cause.getByRole('button', { name: /proxy_http_version/ }).click();
    n = await nextAnswer(page, n);
    expect(await verdict.locator('[data-rule=ws-missing-http-version]').count()).toBe(0);

    // A config nginx -t rejects: in the result area, with the line, which takes the editor there.
    await page.selectOption('[data-role=config-preset]', 'seeds/000-keepalive-timeouts');
    n = await nextAnswer(page, n);
    expect(await verdict.getAttribute('data-kind')).toBe('config');
    await expect(verdict.textContent()).resolves.toMatch(/Config rejected.*line \d+/s);
    await verdict.locator('button.pg-linkish').first().click();
    const active = page.locator('[data-testid=config-editor] .cm-activeLine');
    await expect.poll(() => active.textContent()).toMatch(/sre_backend|connection_upgrade/);
    // zh says it in Chinese.
    const zh = await open('/zh/playground/');
    await nextAnswer(zh.page, 0);
    await expect(zh.page.getByTestId('verdict').textContent()).resolves.toMatch(/升级成功 ✓/);
    await zh.page.close();
    await page.close();
  });

  it('without proxy_http_version the backend answers 426', async () => {
    const { page } = await open('/en/playground/');
    let n = await nextAnswer(page, 0);
    await clickLine(page, 'proxy_http_version');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    n = await nextAnswer(page, n);
    const result = await outcome(page);
    expect(result).toMatchObject({ response: { status: 426 }, tunnel: false });
    await expect.poll(() => page.locator('[data-testid=terminal-rows]').textContent()).toMatch(/426/);
    await page.close();
  });

  it('the headers view says why a security header is missing from the 101, and adding always sends it', async () => {
    const yaml = readFileSync(
      join(import.meta.dirname, '../../content/scenarios/conformance/add-header-not-on-101.yaml'),
      'utf8',
    );
    const { page, seen } = await open(permalink('en', yaml));
    let n = await nextAnswer(page, 0);
    await page.click('[data-tab=headers]');
    const response = page.locator('[data-testid=headers-response]');
    const row = response.locator('tr', { hasText: 'X-Frame-Options' });
    await expect.poll(() => row.textContent()).toMatch(/not sent.*without "always".*101/s);
    // The add_header line is a button that takes the editor there.
    const line = Number(await row.locator('button[data-line]').getAttribute('data-line'));
    const config = (parseYaml(yaml) as { config: string }).config;
    expect(config.split('\n')[line - 1]).toMatch(/add_header X-Frame-Options/);

    await clickLine(page, 'add_header X-Frame-Options');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.insertText(' always');
    n = await nextAnswer(page, n);
    expect(
      ((await outcome(page)) as { response: { headers: Record<string, string> } }).response.headers,
    ).toMatchObject({
      'x-frame-options': 'DENY',
    });
    await expect.poll(() => row.textContent()).not.toMatch(/not sent/);
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('marks the line of a config error, worded like nginx -t', async () => {
    const { page } = await open('/en/playground/');
    let n = await nextAnswer(page, 0);
    await clickLine(page, 'listen 18080');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('bogus_directive on;');
    n = await nextAnswer(page, n);
    await expect(page.locator('[data-testid=status]').textContent()).resolves.toContain(
      'unknown directive "bogus_directive"',
    );
    const marker = page.locator('[data-testid=config-editor] .cm-lint-marker-error').first();
    await marker.waitFor();
    const lineNumber = page.locator('[data-testid=config-editor] .cm-lineNumbers .cm-gutterElement', {
      hasText: /^8$/,
    });
    const [a, b] = [await marker.boundingBox(), await lineNumber.boundingBox()];
    expect(a && b && Math.abs(a.y + a.height / 2 - (b.y + b.height / 2))).toBeLessThan(8);
    await page.close();
  });

  it('keeps the form and the YAML in sync, and is usable from the keyboard', async () => {
    const { page, seen } = await open('/en/playground/');
    let n = await nextAnswer(page, 0);
    await page.fill('[data-testid=scenario-form] input[name=path]', '/elsewhere/');
    n = await nextAnswer(page, n);
    await page.click('[data-tab=yaml]');
    await expect(page.locator('[data-testid=yaml-editor] .cm-content').textContent()).resolves.toContain(
      'path: /elsewhere/',
    );
    await page.selectOption('[data-role=client-preset]', 'firefox');
    n = await nextAnswer(page, n);
    await expect(page.locator('[data-testid=yaml-editor] .cm-content').textContent()).resolves.toContain(
      'Connection: keep-alive, Upgrade',
    );
    await page.click('[data-tab=form]');
    expect(await page.inputValue('[data-testid=scenario-form] textarea[name=headers]')).toContain(
      'Connection: keep-alive, Upgrade',
    );
    // YAML typed by hand reaches the form.
    await page.click('[data-tab=yaml]');
    await page.locator('[data-testid=yaml-editor] .cm-line', { hasText: 'until:' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('9');
    n = await nextAnswer(page, n);
    await page.click('[data-tab=form]');
    expect(await page.inputValue('[data-testid=scenario-form] input[name=until]')).toMatch(/9$/);
    // Result tabs follow the arrow keys.
    await page.focus('[data-tab=transcript]');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('[data-tab=timeline]', 'aria-selected')).toBe('true');
    expect(await page.locator('#pg-panel-timeline').isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-kind'))).toBeTruthy();
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('a diagnostic fix edits the config and the outcome follows', async () => {
    const { page } = await open('/zh/playground/');
    let n = await nextAnswer(page, 0);
    await page.selectOption('[data-role=config-preset]', 'seeds/004-wsapp');
    n = await nextAnswer(page, n);
    await page.selectOption('[data-role=config-preset]', 'seeds/003-connection-reuse');
    n = await nextAnswer(page, n);
    expect(await outcome(page)).toMatchObject({ tunnel: false });
    await page.click('[data-tab=diagnostics]');
    const item = page.locator('[data-testid=diagnostics] li[data-rule=ws-missing-http-version]');
    await item.locator('button', { hasText: '应用修复' }).click();
    n = await nextAnswer(page, n);
    await expect(page.locator('[data-testid=config-editor] .cm-content').textContent()).resolves.toContain(
      'proxy_http_version 1.1',
    );
    await expect(
      page.locator('[data-testid=diagnostics] li[data-rule=ws-missing-http-version]').count(),
    ).resolves.toBe(0);
    await page.close();
  });

  it('a catastrophic regex in a map does not freeze the page', async () => {
    const scenario = read('canonical-echo.yaml')
      .replace(
        /^config: .*?(?=^backends:)/ms,
        `config: |
  map $http_x_probe $probe {
      ~^(a+)+$ matched;
      default  other;
  }
  server {
      listen 18080;
      location /chat/ {
          proxy_pass http://127.0.0.1:18081;
          proxy_set_header X-Probe $probe;
      }
  }
`,
      )
      .replace('Host: example.com', `Host: example.com\n      X-Probe: ${'a'.repeat(40)}b`);
    const { page, seen } = await open(permalink('en', scenario));
    const started = Date.now();
    await nextAnswer(page, 0);
    // Whatever the engine does with the regex, the answer (or the watchdog) comes within the
    // watchdog's limit plus slack, and the page keeps answering meanwhile.
    expect(Date.now() - started).toBeLessThan(8000);
    const t0 = Date.now();
    await page.evaluate(() => 1);
    expect(Date.now() - t0).toBeLessThan(1000);
    const alert = page.locator('[data-testid=alert]');
    if (!(await alert.isVisible())) {
      // The engine refused the pattern itself: the editor says so on the map's line.
      await page.locator('[data-testid=config-editor] .cm-lint-marker-warning').first().waitFor();
    } else {
      await expect(alert.getAttribute('data-kind')).resolves.toBe('watchdog');
      // After the restart, an edit is simulated again by a fresh worker.
      const n = await answers(page);
      await clickLine(page, 'default  other');
      await page.keyboard.type(' ');
      await nextAnswer(page, n);
    }
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  it('a hostile or broken permalink shows an error and an empty playground, never runs its content', async () => {
    for (const hash of [
      '#s=<img src=x onerror=alert(1)>',
      `#s=${'A'.repeat(300)}`,
      `#s=${encodePermalink('- just\n- a list\n')}`,
      // A link from a future release: named as such, not misread as damage.
      `#s=99.${encodePermalink(read('canonical-echo.yaml')).split('.')[1]}`,
    ]) {
      const { page, seen } = await open(`/en/playground/${hash}`);
      const alert = page.locator('[data-testid=alert]');
      await alert.waitFor({ state: 'visible' });
      expect(await alert.textContent()).toMatch(
        hash.startsWith('#s=99.')
          ? /newer version of the site \(encoding version 99\)/
          : /could not be opened|does not hold a valid scenario/,
      );
      expect(await page.locator('[data-testid=config-editor] .cm-content').textContent()).toBe('');
      expect(seen.errors).toEqual([]);
      await page.close();
    }
    // A valid scenario carrying markup: shown as text, never as elements.
    const evil = read('canonical-echo.yaml').replace(
      /^title: .*$/m,
      `title: "<img src=x onerror=alert(1)>"\ndescription: "<script>alert(2)</script>"`,
    );
    const markupConfig = evil.replace('listen 18080;', 'listen 18080; # <img src=y onerror=alert(3)>');
    const { page, seen } = await open(permalink('en', markupConfig));
    await nextAnswer(page, 0);
    await expect(page.locator('nginx-playground img').count()).resolves.toBe(0);
    expect(await page.locator('[data-testid=config-editor] .cm-content').textContent()).toContain(
      '<img src=y',
    );
    expect(seen.errors).toEqual([]);
    await page.close();
  });

  const recorded = readdirSync(SHARED)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  it.each(recorded)('%s: the outcome shown equals real nginx under compareOutcomes', async (file) => {
    const expected = JSON.parse(read(join('recorded', file.replace(/\.yaml$/, '.json')))) as Outcome;
    const { page, seen } = await open(permalink('zh', read(file)));
    await nextAnswer(page, 0);
    expect(compareOutcomes(expected, await outcome(page))).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.close();
  });
});
