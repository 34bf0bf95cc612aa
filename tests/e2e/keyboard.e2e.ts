import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl, watchPage } from './browser';

/**
 * The playground and an exercise driven by the keyboard alone (Tab, Shift+Tab, Enter, Space,
 * arrow keys; no clicks): every stop on the way shows where the focus is, and the code
 * editors let Tab move on (they do not keep it for indentation).
 */

let browser: Browser;
let context: BrowserContext;
let page: Page;
let seen: ReturnType<typeof watchPage>;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  seen = watchPage(page, siteUrl());
});
afterEach(async () => {
  expect(seen.errors).toEqual([]);
  await context.close();
});

/** Enough Tab presses to cross Starlight's header and sidebar, and no more. */
const MAX_TABS = 120;

interface Focus {
  /** A short description of the focused element, for failure messages. */
  what: string;
  /** The focused element shows an outline or a ring (on itself, or on its CodeMirror editor). */
  visible: boolean;
}

async function focus(p: Page): Promise<Focus> {
  return p.evaluate(async () => {
    // CodeMirror marks its editor focused a moment after the focus event: let it paint.
    await new Promise((done) => setTimeout(done, 30));
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { what: 'body', visible: false };
    const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
    // CodeMirror draws its focus ring on the editor around the editable content.
    const ringed = el.closest('.cm-editor') ?? el;
    const style = getComputedStyle(ringed);
    const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    return { what, visible: outline || shadow };
  });
}

/**
 * Presses `key` until the focused element matches `selector`; asserts the focus is visible
 * at every stop on the way. Returns how many presses it took.
 */
async function tabTo(p: Page, selector: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<number> {
  const invisible: string[] = [];
  for (let n = 1; n <= MAX_TABS; n++) {
    await p.keyboard.press(key);
    const f = await focus(p);
    if (!f.visible) invisible.push(f.what);
    if (await p.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) {
      expect(invisible, `focus without a visible indicator on the way to ${selector}`).toEqual([]);
      return n;
    }
  }
  throw new Error(`${key} ×${MAX_TABS} never reached ${selector}; last focus: ${(await focus(p)).what}`);
}

const answers = (p: Page) =>
  p.evaluate(() => Number(document.querySelector('nginx-playground')?.getAttribute('data-answers') ?? 0));

async function nextAnswer(p: Page, after: number): Promise<void> {
  await expect.poll(() => answers(p), { timeout: 15_000 }).toBeGreaterThan(after);
}

const configText = (p: Page) =>
  p.evaluate(() => document.querySelector('[data-testid=config-editor] .cm-content')?.textContent ?? '');

const CONFIG_EDITOR = '[data-testid=config-editor] .cm-content';
const CONFIG_PRESET = 'select[data-role=config-preset]';

describe('playground with the keyboard alone', () => {
  it('reaches the presets and the editor, types, runs, switches result tabs and reads the outcome', async () => {
    await page.goto(`${siteUrl()}/en/playground/`);
    await nextAnswer(page, 0);

    // A preset, picked with the keys of a focused <select> (the last one: not the default).
    await tabTo(page, CONFIG_PRESET);
    const before = await configText(page);
    let n = await answers(page);
    await page.keyboard.press('End');
    expect(
      await page.evaluate((s) => document.querySelector<HTMLSelectElement>(s)?.value, CONFIG_PRESET),
    ).not.toBe('');
    await nextAnswer(page, n);
    expect(await configText(page)).not.toBe(before);

    // The config editor: type at the end; the simulation runs again.
    await tabTo(page, CONFIG_EDITOR);
    n = await answers(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('# typed with the keyboard');
    await nextAnswer(page, n);
    expect(await configText(page)).toContain('# typed with the keyboard');

    // Tab leaves the editor (it does not indent), and Shift+Tab comes back.
    const typed = await configText(page);
    await page.keyboard.press('Tab');
    expect(await page.evaluate((s) => document.activeElement?.matches(s), CONFIG_EDITOR)).toBe(false);
    expect(await configText(page)).toBe(typed);
    expect((await focus(page)).visible).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate((s) => document.activeElement?.matches(s), CONFIG_EDITOR)).toBe(true);
    // Escape then Tab (CodeMirror's documented way out when Tab is bound) also leaves.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await page.evaluate((s) => document.activeElement?.matches(s), CONFIG_EDITOR)).toBe(false);

    // A checkbox of the scenario form, toggled with Space, runs the simulation again.
    await tabTo(page, 'input[name=echo]');
    const echo = await page.evaluate(
      () => document.querySelector<HTMLInputElement>('input[name=echo]')?.checked,
    );
    n = await answers(page);
    await page.keyboard.press('Space');
    await nextAnswer(page, n);
    expect(
      await page.evaluate(() => document.querySelector<HTMLInputElement>('input[name=echo]')?.checked),
    ).toBe(!echo);

    // The result tabs: one Tab stop (the selected tab), arrows move between tabs.
    const RESULT_TAB = '.pg-results [role=tab]';
    await tabTo(page, RESULT_TAB);
    const tabState = () =>
      page.evaluate(() => {
        const tabs = [...document.querySelectorAll<HTMLElement>('.pg-results [role=tab]')];
        const active = document.activeElement as HTMLElement;
        const selected = tabs.filter((t) => t.getAttribute('aria-selected') === 'true');
        const panel = document.getElementById(active.getAttribute('aria-controls') ?? '');
        return {
          focused: active.dataset.tab,
          selected: selected.map((t) => t.dataset.tab),
          tabStops: tabs.filter((t) => t.tabIndex === 0).map((t) => t.dataset.tab),
          panelShown: panel !== null && !panel.hidden && panel.getAttribute('role') === 'tabpanel',
          labelledBy: panel?.getAttribute('aria-labelledby') === active.id,
        };
      });
    const first = await tabState();
    expect(first).toMatchObject({
      focused: 'transcript',
      selected: ['transcript'],
      tabStops: ['transcript'],
    });
    await page.keyboard.press('ArrowRight');
    expect(await tabState()).toEqual({
      focused: 'timeline',
      selected: ['timeline'],
      tabStops: ['timeline'],
      panelShown: true,
      labelledBy: true,
    });
    expect((await focus(page)).visible).toBe(true);
    await page.keyboard.press('End');
    expect((await tabState()).focused).toBe('diagnostics');
    await page.keyboard.press('ArrowRight'); // wraps around
    expect((await tabState()).focused).toBe('transcript');
    await page.keyboard.press('ArrowLeft'); // and back
    await page.keyboard.press('ArrowLeft');
    expect(await tabState()).toMatchObject({ focused: 'outcome', selected: ['outcome'], panelShown: true });

    // Into the outcome panel: its first control, then the outcome itself is on screen.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[role=tabpanel]')?.id)).toBe(
      'pg-panel-outcome',
    );
    expect((await focus(page)).visible).toBe(true);
    const outcome = JSON.parse((await page.locator('[data-testid=outcome]').textContent()) ?? '') as {
      format?: string;
    };
    expect(outcome.format).toBe('outcome@1');
    expect(await page.locator('[data-testid=outcome]').isVisible()).toBe(true);

    // Shift+Tab returns to the selected tab (the list's only stop); Home goes to the first.
    await tabTo(page, RESULT_TAB, 'Shift+Tab');
    expect((await tabState()).focused).toBe('outcome');
    await page.keyboard.press('Home');
    expect((await tabState()).focused).toBe('transcript');
  });
});

describe('exercise with the keyboard alone', () => {
  it('edits the config and runs the check with Enter', async () => {
    await page.goto(`${siteUrl()}/en/exercises/http-version/`);
    const editor = '[data-testid=editor] .cm-content';
    await page.locator(editor).waitFor();
    await tabTo(page, editor);
    // Put the caret at the end of the proxy_pass line with arrow keys, then add the fix.
    const lines = await page.locator(`${editor} .cm-line`).allTextContents();
    const target = lines.findIndex((l) => l.includes('proxy_pass'));
    expect(target).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('proxy_http_version 1.1;');

    const presses = await tabTo(page, '[data-testid=check]');
    expect(presses, 'the Check button follows the editor').toBe(1);
    await page.keyboard.press('Enter');
    const results = page.getByTestId('results');
    await results.locator('[data-testid=check-summary]').waitFor({ timeout: 15_000 });
    expect(await results.getAttribute('data-state')).toBe('solved');
    expect(await page.getByTestId('solved-badge').isVisible()).toBe(true);
  });
});
