/**
 * Edit latency of the playground for `npm run bench`: Chromium types into the config editor
 * (CodeMirror) and into a form field, one key at a time, and each keystroke is timed from its
 * `keydown` (the event's own timestamp) to the frame painted after the playground's last answer
 * for it. The page marks every answer on its root (`data-answers`, set as the answer is shown);
 * a MutationObserver injected before the page's scripts notes each change and, one animation
 * frame plus one task later — after the views the answer updated were painted — the time.
 * The next key is pressed only when the page has been quiet for QUIET_MS, so keystrokes never
 * overlap and each one's latency is its own. Measured, not tested: the figure moves with the
 * machine.
 */
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../tests/e2e/browser';
import { serveBuiltSite } from './serve';
import { round } from './stats';

export interface LatencySeries {
  /** What was typed into. */
  target: string;
  keystrokes: number;
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
  /** Keystrokes that got no answer within TIMEOUT_MS (not in the figures). */
  timeouts: number;
}

export interface LatencyResults {
  path: string;
  server: string;
  viewport: { width: number; height: number };
  /** The goal after the playground's rework (issue 20): p95 of either series. */
  targetP95: number;
  config: LatencySeries;
  form: LatencySeries;
}

const QUIET_MS = 600;
const TIMEOUT_MS = 10_000;
const WARM_UP = 5;
const TARGET_P95_MS = 50;

interface Probe {
  keys: number[];
  answers: Array<{ answer: number; painted: number }>;
}

/** Runs in the page before its own scripts. */
function installProbe(): void {
  const probe: Probe = { keys: [], answers: [] };
  (window as unknown as { __latency: Probe }).__latency = probe;
  addEventListener('keydown', (event) => probe.keys.push(event.timeStamp), true);
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.attributeName !== 'data-answers') continue;
      const answer = Number((record.target as Element).getAttribute('data-answers'));
      // After the frame that shows what this answer changed, and the task that paints it.
      requestAnimationFrame(() =>
        setTimeout(() => probe.answers.push({ answer, painted: performance.now() }), 0),
      );
    }
  }).observe(document, { attributes: true, attributeFilter: ['data-answers'], subtree: true });
}

/** nearest-rank percentile */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function series(target: string, samples: number[], timeouts: number): LatencySeries {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((t, x) => t + x, 0) / (sorted.length || 1);
  return {
    target,
    keystrokes: sorted.length,
    p50: round(percentile(sorted, 50), 1),
    p95: round(percentile(sorted, 95), 1),
    mean: round(mean, 1),
    min: round(sorted[0] ?? Number.NaN, 1),
    max: round(sorted.at(-1) ?? Number.NaN, 1),
    timeouts,
  };
}

/** Presses `key` and returns the ms from its keydown to the last painted answer, or null (no answer). */
async function timeKeystroke(page: Page, key: string): Promise<number | null> {
  const before = await page.evaluate(() => {
    const p = (window as unknown as { __latency: Probe }).__latency;
    return { keys: p.keys.length, answers: p.answers.length };
  });
  await page.keyboard.press(key);
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    await page.waitForTimeout(50);
    const state = await page.evaluate(({ keys, answers }) => {
      const p = (window as unknown as { __latency: Probe }).__latency;
      const keyAt = p.keys[keys];
      const fresh = p.answers.slice(answers);
      return { keyAt, last: fresh.at(-1)?.painted ?? null, now: performance.now() };
    }, before);
    if (state.keyAt === undefined || state.last === null) continue;
    if (state.now - state.last >= QUIET_MS) return state.last - state.keyAt;
  }
  return null;
}

async function typeAndTime(page: Page, keys: string[]): Promise<{ samples: number[]; timeouts: number }> {
  const samples: number[] = [];
  let timeouts = 0;
  for (const [i, key] of keys.entries()) {
    const ms = await timeKeystroke(page, key);
    if (i < WARM_UP) continue;
    if (ms === null) timeouts++;
    else samples.push(ms);
  }
  return { samples, timeouts };
}

/** Letters to type: lower case, cycling, so each keystroke changes the text. */
function letters(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCharCode(97 + (i % 26)));
}

export async function benchLatency(
  dist: string,
  log: (line: string) => void,
  keystrokes = 60,
): Promise<LatencyResults> {
  const served = await serveBuiltSite(dist);
  const browser = await launchBrowser();
  const viewport = { width: 1440, height: 900 };
  const path = '/en/playground/';
  try {
    const context = await browser.newContext({ viewport });
    await context.addInitScript(installProbe);
    const page = await context.newPage();
    await page.goto(`${served.url}${path}`, { waitUntil: 'load' });
    await page.waitForFunction(
      () => Number(document.querySelector('nginx-playground')?.getAttribute('data-answers')) > 0,
    );
    // Start when the page has settled: editor and terminal loaded, nothing in flight.
    await page.locator('[data-testid=config-editor] .cm-content').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=terminal-rows]').waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');

    log(`latency: ${keystrokes} keystrokes into the config editor (${served.server})`);
    // A comment line at the end of the config: every key changes the text and re-runs the simulation.
    await page.locator('[data-testid=config-editor] .cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('# ');
    await page.waitForTimeout(QUIET_MS * 2);
    const config = await typeAndTime(page, letters(keystrokes + WARM_UP));

    log(`latency: ${keystrokes} keystrokes into the form's request path`);
    const pathField = page.locator('[data-testid=scenario-form] input[name=path]');
    await pathField.click();
    await page.keyboard.press('End');
    await page.waitForTimeout(QUIET_MS * 2);
    const form = await typeAndTime(page, letters(keystrokes + WARM_UP));
    await context.close();
    return {
      path,
      server: served.server,
      viewport,
      targetP95: TARGET_P95_MS,
      config: series('config editor (CodeMirror), a comment line', config.samples, config.timeouts),
      form: series('form: request path', form.samples, form.timeouts),
    };
  } finally {
    await browser.close();
    await served.close();
  }
}
