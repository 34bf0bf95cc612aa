import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl, watchPage } from './browser';

/**
 * Scenario v2 in every result view of the playground, from its v2 presets, in zh and en at 1440
 * and 360 px: the verdict counts in the page language's plurals, the terminal has a section per
 * client and the run's events, the timeline's labels neither overlap nor run off the drawing,
 * the sequence diagram has a column per client, the headers a section per client, the outcome
 * every client.
 */

const PRESETS = [
  'upstream-keepalive-reuse',
  'reload-tunnel-survives',
  'worker-connections-500',
  'balance-round-robin',
  'client-keepalive-requests',
  'backend-stops-reading-tunnel',
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openPreset(
  lang: string,
  width: number,
  preset: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const seen = watchPage(page, siteUrl());
  await page.goto(`${siteUrl()}/${lang}/playground/`);
  await page.waitForFunction(
    () => Number(document.querySelector('nginx-playground')?.getAttribute('data-answers') ?? 0) > 0,
  );
  await page.selectOption('[data-role=config-preset]', `v2/${preset}`);
  await page.waitForFunction(
    () => document.querySelector('[data-testid=verdict]')?.getAttribute('data-kind') === 'clients',
    null,
    {
      timeout: 10_000,
    },
  );
  const show = page.locator('[data-mobile-show=result]');
  if (await show.isVisible()) await show.click();
  return { page, errors: seen.errors };
}

async function tab(page: Page, id: string): Promise<void> {
  await page.click(`[data-tab=${id}]`);
}

/** Every drawn timeline label's box, in the drawing's own coordinates, with the drawing's width. */
function labelBoxes(page: Page) {
  return page
    .locator('[data-testid=timeline] svg')
    .first()
    .evaluate((svg) => {
      const width = Number(svg.getAttribute('width'));
      const boxes = [...svg.querySelectorAll('text.pg-tl-label, text.pg-tl-timer-label')].map((t) => {
        const b = (t as SVGTextElement).getBBox();
        return { text: t.textContent ?? '', x: b.x, y: b.y, w: b.width, h: b.height };
      });
      return { width, boxes };
    });
}

describe('scenario v2 presets in every view', () => {
  for (const lang of ['zh', 'en'] as const) {
    for (const width of [1440, 360]) {
      it.each(PRESETS)(`%s (${lang}, ${width} px)`, async (preset) => {
        const { page, errors } = await openPreset(lang, width, preset);
        const outcome = JSON.parse((await page.locator('[data-testid=outcome]').textContent()) ?? '{}') as {
          clients: Array<{ name: string }>;
        };
        const clients = outcome.clients.map((c) => c.name);
        expect(clients.length).toBeGreaterThan(0);

        const verdict = (await page.getByTestId('verdict').textContent()) ?? '';
        if (lang === 'en') {
          expect(verdict).toContain(clients.length === 1 ? '1 client,' : `${clients.length} clients,`);
          expect(verdict).not.toMatch(/\b1 (clients|tunnels|requests)\b/);
        } else expect(verdict).toContain(`${clients.length} 个客户端`);

        const terminal = (await page.locator('[data-testid=transcript-text]').textContent()) ?? '';
        const heads = terminal.match(lang === 'zh' ? /== 客户端 \S+（/g : /== client \S+ \(/g) ?? [];
        expect(heads.length).toBe(clients.length);
        if (preset === 'reload-tunnel-survives')
          expect(terminal).toMatch(lang === 'zh' ? /\* nginx -s reload：/ : /\* nginx -s reload: /);

        await tab(page, 'timeline');
        const { width: drawn, boxes } = await labelBoxes(page);
        expect(boxes.length).toBeGreaterThan(3);
        for (const [i, a] of boxes.entries()) {
          expect(a.x, a.text).toBeGreaterThanOrEqual(0);
          expect(a.x + a.w, a.text).toBeLessThanOrEqual(drawn);
          for (const b of boxes.slice(i + 1)) {
            // Glyph boxes include the font's leading: boxes that touch (within half a pixel) do not overlap.
            const e = 0.5;
            const apart =
              a.x + a.w <= b.x + e || b.x + b.w <= a.x + e || a.y + a.h <= b.y + e || b.y + b.h <= a.y + e;
            expect(apart, `"${a.text}" overlaps "${b.text}"`).toBe(true);
          }
        }
        if (lang === 'zh') {
          const words = boxes.map((b) => b.text.replace(/…$/, ''));
          expect(words.join(' ')).toMatch(/连接|关闭|断开/);
          // The engine's English words for its events never reach a Chinese page (a cut label may end mid-word).
          const english =
            /^(\S+: )?(connect \S+|close|client drops TCP|client closes|reload|restart|backend_(down|up) \S+)$/;
          expect(words.filter((w) => english.test(w))).toEqual([]);
        }
        // At 1440 px the drawing fits the page: nothing to scroll to, nothing cut at the edge.
        if (width === 1440)
          expect(
            await page.locator('[data-testid=timeline]').evaluate((n) => n.scrollWidth <= n.clientWidth + 1),
          ).toBe(true);

        await tab(page, 'sequence');
        const diagram = page.locator('[data-testid=sequence] svg').first();
        await diagram.waitFor({ timeout: 20_000 });
        const actors = await page.locator('[data-testid=sequence] text.actor').allTextContents();
        for (const name of clients)
          expect(actors.some((a) => a.includes(lang === 'zh' ? `客户端 ${name}` : `client ${name}`))).toBe(
            true,
          );

        await tab(page, 'headers');
        const sections = await page.locator('[data-testid=headers] h3').allTextContents();
        expect(sections.length).toBe(clients.length);
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }
});
