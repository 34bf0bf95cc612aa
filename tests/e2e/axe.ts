import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';

export type Theme = 'light' | 'dark';

/** What the site must have none of. */
const BLOCKING = new Set(['serious', 'critical']);

export interface AxeScan {
  /** Where the scan ran, for the failure message: page path and state (`/en/playground/ after a run`). */
  where: string;
  theme: Theme;
  /** Limit the scan to these rules (the dark pass only re-checks colours). */
  rules?: string[];
  /** Scan only this part of the page. */
  include?: string;
}

/**
 * Findings axe must not count, each for one rule on one element, with the reason. Only
 * markup we do not write belongs here; a finding in our own markup or CSS is fixed instead.
 */
export const KNOWN_ELSEWHERE: ReadonlyArray<{ rule: string; selector: string; why: string }> = [
  {
    // Starlight's <Search> button is named by aria-label="Search" and also shows the Ctrl+K
    // keycaps (announced through aria-keyshortcuts, by Starlight's design). axe counts the
    // keycaps as visible label text missing from the name. The markup is Starlight's.
    rule: 'label-content-name-mismatch',
    selector: 'site-search > button[data-open-modal]',
    why: "Starlight's search button: the visible Ctrl+K hint is not part of its name",
  },
];

/**
 * Runs axe-core on the page as it is now and returns one line per serious or critical
 * violation, naming the page, the theme, the rule and the offending selectors.
 */
export async function axeViolations(page: Page, scan: AxeScan): Promise<string[]> {
  // Legacy mode runs axe inside the page itself (no blank helper page per scan); the pages
  // scanned here have no iframes of their own. Only violations are needed: far faster.
  // Colours are judged as the reader sees them once the page is still: a fade-in (the home
  // page's replayed run) measured halfway reads as low contrast. Endless animations are left.
  await page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
          .map((a) => a.finished.catch(() => undefined)),
      ),
      new Promise((resolve) => setTimeout(resolve, 10_000)),
    ]),
  );
  let builder = new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] });
  if (scan.rules) builder = builder.withRules(scan.rules);
  if (scan.include) builder = builder.include(scan.include);
  const results = await builder.analyze();
  const lines: string[] = [];
  for (const v of results.violations) {
    if (!BLOCKING.has(v.impact ?? '')) continue;
    const known = KNOWN_ELSEWHERE.filter((k) => k.rule === v.id).map((k) => k.selector);
    const flags = await Promise.all(v.nodes.map((n) => matchesAny(page, n.target, known)));
    const nodes = v.nodes.filter((_, i) => !flags[i]);
    if (nodes.length > 0) lines.push(describe({ ...v, nodes }, scan));
  }
  return lines;
}

/** Whether axe's target (a plain selector outside iframes and shadow roots) is one of `selectors`. */
async function matchesAny(page: Page, target: Result['nodes'][number]['target'], selectors: string[]) {
  const only = target.length === 1 && typeof target[0] === 'string' ? target[0] : null;
  if (selectors.length === 0 || only === null) return false;
  return page.evaluate(
    ([sel, list]) => {
      const el = document.querySelector(sel);
      return el !== null && list.some((s) => el.matches(s));
    },
    [only, selectors] as const,
  );
}

function describe(v: Result, scan: AxeScan): string {
  const nodes = v.nodes.slice(0, 8).map((n) => {
    const target = n.target.map(String).join(' >> ');
    // For contrast, axe's summary carries the measured colours and ratio: the fix needs them.
    const detail =
      v.id === 'color-contrast' ? ` (${(n.failureSummary ?? '').split('\n').at(-1)?.trim()})` : '';
    return `    ${target}${detail}`;
  });
  const more = v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more`] : [];
  return [`${scan.where} [${scan.theme}] ${v.id} (${v.impact}): ${v.help}`, ...nodes, ...more].join('\n');
}

/**
 * Switches the page to `theme` as Starlight's picker does on screen (`data-theme` on <html>),
 * then lets views that watch `data-theme` redraw. The stored choice is left alone: other
 * pages of the same browser context may be loading with their own.
 */
export async function switchTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate(async (t) => {
    document.documentElement.dataset.theme = t;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  }, theme);
}

/** The theme the page shows. */
export async function shownTheme(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.documentElement.dataset.theme);
}
