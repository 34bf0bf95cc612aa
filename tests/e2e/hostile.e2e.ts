import { deflateSync } from 'fflate';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePermalink } from '../../playground/src/index';
import { axeViolations } from './axe';
import { launchBrowser, siteUrl, watchPage } from './browser';

/**
 * Hostile inputs in the built site, each test named for the threat: a 5 MB paste, a
 * catastrophic regex, markup in every text field (playground, embeds, exercise page),
 * links that are not UTF-8 or come from a future release. Markup must stay text: no element
 * made from it, no dialog, no script run (the payloads set `window.__pwned` if they ever run).
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  errors: string[];
  dialogs: string[];
}

async function open(path: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const seen = watchPage(page, siteUrl());
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${siteUrl()}${path}`);
  return { page, errors: seen.errors, dialogs };
}

async function answers(page: Page): Promise<number> {
  return Number((await page.getAttribute('nginx-playground', 'data-answers')) ?? 0);
}

async function nextAnswer(page: Page, after: number, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('nginx-playground')?.getAttribute('data-answers') ?? 0) > n,
    after,
    { timeout },
  );
}

/** Replaces the whole text of a CodeMirror editor with a real paste event, as Ctrl+V would. */
async function pasteInto(page: Page | Frame, editor: string, text: string): Promise<void> {
  await page.locator(`${editor} .cm-content`).click();
  await page.locator(`${editor} .cm-content`).press('Control+A');
  await page.evaluate(
    ([selector, data]) => {
      const target = document.querySelector(`${selector} .cm-content`);
      const clipboardData = new DataTransfer();
      clipboardData.setData('text/plain', data);
      target?.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
    },
    [editor, text] as const,
  );
}

/** Markup that would set `window.__pwned` (or open a dialog) if it were ever parsed as HTML. */
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '<script>window.__pwned=2;alert(2)</script>',
  '<svg onload="window.__pwned=3"></svg>',
  '"><iframe srcdoc="<script>parent.__pwned=4</script>">',
];
const HTML = PAYLOADS.join(' ');
/** The same text, written so it fits in a double-quoted nginx string or YAML scalar. */
const quoted = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** Elements the payloads would create, anywhere in the document. */
async function injected(page: Page | Frame): Promise<{ elements: number; pwned: unknown }> {
  return page.evaluate(() => ({
    elements: document.querySelectorAll('img[src="x"], svg[onload], iframe[srcdoc], [onerror], [onload]')
      .length,
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
  }));
}

function hostileConfig(): string {
  return [
    'events {}',
    'http {',
    `    # ${HTML}`,
    '    map $http_upgrade $connection_upgrade {',
    `        default "${quoted(HTML)}";`,
    '        websocket upgrade;',
    '    }',
    '    server {',
    '        listen 18080;',
    `        server_name "${quoted(PAYLOADS[0]!)}" localhost;`,
    '        location /chat/ {',
    '            proxy_pass http://127.0.0.1:18081;',
    '            proxy_http_version 1.1;',
    '            proxy_set_header Upgrade $http_upgrade;',
    '            proxy_set_header Connection $connection_upgrade;',
    `            proxy_set_header X-Evil "${quoted(HTML)}";`,
    `            add_header X-Evil-Response "${quoted(PAYLOADS[1]!)}";`,
    '        }',
    '    }',
    '}',
  ].join('\n');
}

function hostileScenario(): string {
  const indent = (text: string) => text.replace(/^/gm, '  ');
  return [
    `title: "${quoted(HTML)}"`,
    'description:',
    `  zh: "${quoted(HTML)}"`,
    `  en: "${quoted(HTML)}"`,
    'config: |',
    indent(hostileConfig()),
    'backends:',
    '  "127.0.0.1:18081": { kind: websocket, echo: true }',
    'client:',
    '  request:',
    '    path: /chat/',
    '    headers:',
    '      - [Host, localhost]',
    '      - [Upgrade, websocket]',
    '      - [Connection, Upgrade]',
    '      - [Sec-WebSocket-Key, dGhlIHNhbXBsZSBub25jZQ==]',
    '      - [Sec-WebSocket-Version, "13"]',
    `      - ["X-<b>name</b>", "${quoted(HTML)}"]`,
    '  steps:',
    `    - { at: 0.5, send: "${quoted(HTML)}" }`,
    `    - { at: 1, ping: "${quoted(PAYLOADS[0]!)}" }`,
    '  until: 2',
  ].join('\n');
}

describe('hostile: a 5 MB paste into the config editor', () => {
  it('the page stays responsive, says the config is too large, and keeps every pasted line', async () => {
    const { page, errors, dialogs } = await open('/en/playground/');
    await nextAnswer(page, 0);
    const hashBefore = await page.evaluate(() => location.hash);
    expect(await page.locator('[data-role=transcript-text]').textContent()).toMatch(/101 Switching/);
    const lines: string[] = ['events {}', 'http {', '  server {', '    listen 18080;'];
    for (let i = 0, size = 0; size < 5 * 1024 * 1024; i++) {
      const line = `    location /p${i} { proxy_pass http://127.0.0.1:18081; proxy_set_header X-N "v${i}"; }`;
      lines.push(line);
      size += line.length + 1;
    }
    lines.push('  }', '}');
    const n = await answers(page);
    await pasteInto(page, '[data-testid=config-editor]', lines.join('\n'));
    // Responsive: a round trip into the page comes back promptly while the paste is handled.
    const t0 = Date.now();
    await page.evaluate(() => 1);
    expect(Date.now() - t0).toBeLessThan(3000);
    await nextAnswer(page, n, 20_000);
    // The clear message: the engine refuses it by size, and the link is not rewritten.
    await expect(page.locator('[data-testid=status]').textContent()).resolves.toMatch(
      /the config is 5(\.\d)? MB; the simulator reads at most 1 MB/,
    );
    // The link is written a moment after the last edit (permalink-sync), and refused then.
    await expect
      .poll(() => page.locator('[data-testid=alert]').textContent())
      .toMatch(/The scenario is 5(\.\d)? MB, more than a link can hold \(512 KB\)/);
    expect(await page.evaluate(() => location.hash)).toBe(hashBefore);
    // Nothing was simulated, so the last run's transcript (the default scenario's 101) is gone.
    expect(await page.locator('[data-role=transcript-text]').textContent()).not.toMatch(/101 Switching/);
    // No lost work: the editor holds every line (the last line number is the pasted count).
    await page.locator('[data-testid=config-editor] .cm-content').press('Control+End');
    await expect
      .poll(() =>
        page.locator('[data-testid=config-editor] .cm-lineNumbers .cm-activeLineGutter').textContent(),
      )
      .toBe(String(lines.length));
    // Still usable: one more keystroke is taken and answered.
    const m = await answers(page);
    await page.keyboard.type('#');
    await nextAnswer(page, m, 20_000);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('hostile: a catastrophic regex in a map', () => {
  it('the editor marks the map line with the refusal, and the request is still simulated', async () => {
    const config = [
      'events {}',
      'http {',
      '    map $http_x_probe $probe {',
      '        "~^(a+)+$" matched;',
      '        default other;',
      '    }',
      '    server {',
      '        listen 18080;',
      '        location / { return 200 "$probe"; }',
      '    }',
      '}',
    ].join('\n');
    const scenario = `title: regex\nconfig: |\n${config.replace(/^/gm, '  ')}\nclient:\n  request:\n    path: /\n    headers: { Host: a, X-Probe: ${'a'.repeat(40)}b }\n  until: 1\n`;
    const { page, errors, dialogs } = await open(`/en/playground/#s=${encodePermalink(scenario)}`);
    await nextAnswer(page, 0);
    const marker = page.locator(
      '[data-testid=config-editor] .cm-gutter-lint .cm-gutterElement .cm-lint-marker-warning',
    );
    await marker.first().waitFor();
    // The marker sits on line 4, the map entry.
    const markerTop = (await marker.first().boundingBox())?.y ?? -1;
    const lineFour = page.locator('[data-testid=config-editor] .cm-lineNumbers .cm-gutterElement', {
      hasText: /^4$/,
    });
    expect(Math.abs(((await lineFour.boundingBox())?.y ?? -100) - markerTop)).toBeLessThan(4);
    await marker.first().hover();
    await expect(page.locator('.cm-tooltip-lint').textContent()).resolves.toMatch(/nested quantifier/);
    // The page never waited on the regex: the answer came from the engine, not the watchdog.
    expect(await page.locator('[data-testid=alert]').isVisible()).toBe(false);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('hostile: HTML and script in every text field', () => {
  it('playground: title, description, headers, frames, comments, strings, map values and server_name render as text in every view', async () => {
    const { page, errors, dialogs } = await open(`/en/playground/#s=${encodePermalink(hostileScenario())}`);
    await nextAnswer(page, 0);
    for (const tab of ['transcript', 'timeline', 'sequence', 'headers', 'errorlog', 'outcome']) {
      await page.locator(`[data-tab=${tab}]`).click();
      await page.locator(`#pg-panel-${tab}`).waitFor({ state: 'visible' });
    }
    // The diagram is drawn while its tab was open; it stays in the (now hidden) panel.
    await page.locator('[data-testid=sequence] svg').waitFor({ state: 'attached', timeout: 20_000 });
    // Shown as text: the payload is readable where it belongs.
    await expect(page.locator('[data-testid=transcript-text]').textContent()).resolves.toContain(
      '<script>window.__pwned=2',
    );
    await expect(page.locator('[data-testid=outcome]').textContent()).resolves.toContain('onerror');
    await expect(page.locator('[data-testid=config-editor] .cm-content').textContent()).resolves.toContain(
      '<svg onload=',
    );
    await page.waitForTimeout(500);
    expect(await injected(page)).toEqual({ elements: 0, pwned: null });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const kind of ['scenario', 'playground']) {
    it(`${kind} embed: the same scenario renders as text`, async () => {
      const { page, errors, dialogs } = await open(
        `/en/embed/${kind}/#s=${encodePermalink(hostileScenario())}`,
      );
      await page.waitForFunction(
        (id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-state') === 'done',
        `${kind}-embed`,
        { timeout: 20_000 },
      );
      await expect(page.locator('[data-role=title]').first().textContent()).resolves.toContain('<img src=x');
      await page.waitForTimeout(500);
      expect(await injected(page)).toEqual({ elements: 0, pwned: null });
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('exercise page: markup typed into the config is checked and shown as text', async () => {
    const { page, errors, dialogs } = await open('/en/exercises/http-version/');
    await page.locator('[data-testid=editor] .cm-content').waitFor();
    await pasteInto(page, '[data-testid=editor]', hostileConfig());
    await page.getByTestId('check').click();
    const results = page.getByTestId('results');
    await results.locator('[data-testid="check-summary"]').waitFor({ timeout: 15_000 });
    await expect(page.locator('[data-testid=editor] .cm-content').textContent()).resolves.toContain(
      '<svg onload=',
    );
    await page.waitForTimeout(500);
    expect(await injected(page)).toEqual({ elements: 0, pwned: null });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a link whose text is markup, not a scenario, is shown as an error message only', async () => {
    const { page, errors, dialogs } = await open(`/en/playground/#s=${encodePermalink(HTML)}`);
    const alert = page.locator('[data-testid=alert]');
    await alert.waitFor({ state: 'visible' });
    expect(await injected(page)).toEqual({ elements: 0, pwned: null });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('hostile: permalinks that are not UTF-8 or from a future version', () => {
  const notUtf8 = Buffer.from(
    deflateSync(new Uint8Array([0x74, 0x3a, 0x20, 0xff, 0xfe, 0xc0, 0x80])),
  ).toString('base64url');
  const future = `7.${encodePermalink('title: from the future').split('.')[1]}`;

  it('playground: invalid UTF-8 is named, the playground stays empty and usable', async () => {
    const { page, errors } = await open(`/en/playground/#s=1.${notUtf8}`);
    const alert = page.locator('[data-testid=alert]');
    await alert.waitFor({ state: 'visible' });
    await expect(alert.textContent()).resolves.toContain('permalink-not-utf8');
    expect(await page.locator('[data-testid=config-editor] .cm-content').textContent()).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('playground: a link from a future version says a newer site made it (en and zh)', async () => {
    for (const [lang, text] of [
      ['en', /newer version of the site \(encoding version 7\)/],
      ['zh', /更新版本的网站生成（编码版本 7）/],
    ] as const) {
      const { page, errors } = await open(`/${lang}/playground/#s=${future}`);
      const alert = page.locator('[data-testid=alert]');
      await alert.waitFor({ state: 'visible' });
      await expect(alert.textContent()).resolves.toMatch(text);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  for (const kind of ['scenario', 'playground']) {
    it(`${kind} embed: a future-version link and a non-UTF-8 link get their own messages`, async () => {
      for (const [value, message] of [
        [future, /newer version of the site \(encoding version 7\)/],
        [`1.${notUtf8}`, /UTF-8/],
      ] as const) {
        const { page, errors } = await open(`/en/embed/${kind}/#s=${value}`);
        const box = page.locator('[data-testid=embed-error]');
        await box.waitFor({ state: 'visible', timeout: 15_000 });
        await expect(box.textContent()).resolves.toMatch(message);
        expect(errors).toEqual([]);
        await page.close();
      }
    });
  }
});

/**
 * Counts the page's longest stall: a 20 ms heartbeat on the main thread, as the security
 * review measured freezes. `resetGap` starts a new measurement.
 */
async function openWithHeartbeat(path: string, width = 1440): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  await page.addInitScript(() => {
    const w = window as unknown as { __gap: { max: number; last: number } };
    w.__gap = { max: 0, last: performance.now() };
    setInterval(() => {
      const now = performance.now();
      w.__gap.max = Math.max(w.__gap.max, now - w.__gap.last);
      w.__gap.last = now;
    }, 20);
  });
  const seen = watchPage(page, siteUrl());
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${siteUrl()}${path}`);
  return { page, errors: seen.errors, dialogs };
}

const resetGap = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __gap: { max: number; last: number } };
    w.__gap = { max: 0, last: performance.now() };
  });
/** The longest stall since the last reset, after one more heartbeat has had its chance. */
const maxGap = async (page: Page): Promise<number> => {
  await page.waitForTimeout(100);
  return page.evaluate(() => (window as unknown as { __gap: { max: number } }).__gap.max);
};
/** Freezes the review measured were 1.2–6.7 s; a busy CI machine adds a few hundred ms. */
const FREEZE_MS = 1500;

const UPGRADE_CONFIG = [
  'events {}',
  'http {',
  '    server {',
  '        listen 18080;',
  '        location /chat/ {',
  '            proxy_pass http://127.0.0.1:18081;',
  '            proxy_http_version 1.1;',
  '            proxy_set_header Upgrade $http_upgrade;',
  '            proxy_set_header Connection "upgrade";',
  '            proxy_read_timeout 86400s;',
  '        }',
  '    }',
  '}',
].join('\n');
const UPGRADE_CLIENT = [
  'client:',
  '  request:',
  '    path: /chat/',
  '    headers: { Host: a, Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==, Sec-WebSocket-Version: "13" }',
].join('\n');
const withConfig = (config: string, rest: string) =>
  `title: hostile\nconfig: |\n${config.replace(/^/gm, '  ')}\n${rest}\n`;

/** Review F4: a 473-character link whose backend ticks and pings every microsecond for a day. */
const TINY = withConfig(
  UPGRADE_CONFIG,
  `backends:\n  "127.0.0.1:18081": { kind: websocket, send_every: 0.000001, ping_every: 0.000001 }\n${UPGRADE_CLIENT}\n  until: 86400`,
);

describe('hostile: a tick every microsecond for a day (review F4)', () => {
  it('playground: the Timeline draws its first events and counts the rest, without freezing the tab', async () => {
    const { page, errors } = await openWithHeartbeat(`/en/playground/#s=${encodePermalink(TINY)}`);
    await nextAnswer(page, 0);
    await resetGap(page);
    await page.locator('[data-tab=timeline]').click();
    const more = page.locator('#pg-panel-timeline [data-role=more]');
    await more.waitFor({ state: 'visible' });
    await expect(more.textContent()).resolves.toMatch(/^\d+ more not shown \(from [\d.]+ s\)\.$/);
    expect(await maxGap(page)).toBeLessThan(FREEZE_MS);
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => {
        document.documentElement.dataset.theme = t;
      }, theme);
      const where = '/en/playground/ timeline "more" line';
      expect(
        await axeViolations(page, { where, theme, include: '#pg-panel-timeline [data-role=more]' }),
      ).toEqual([]);
    }
    // The outcome JSON shows its first 100,000 characters; Copy and Download give all of it.
    await page.locator('[data-tab=outcome]').click();
    await resetGap(page);
    await expect(page.locator('[data-testid=outcome]').textContent()).resolves.toMatch(
      /… \d+ more lines not shown; Copy JSON and Download JSON give all of it\.$/,
    );
    expect(await maxGap(page)).toBeLessThan(FREEZE_MS);
    await page.locator('[data-tab=errorlog]').click();
    await page.locator('[data-tab=transcript]').click();
    await expect(page.locator('[data-testid=transcript-text]').textContent()).resolves.toMatch(
      /more not shown \(from [\d.]+ s\)\./,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('embed with view=timeline: loads without freezing the host page, with the count of events not drawn', async () => {
    const { page, errors } = await openWithHeartbeat(
      `/en/embed/playground/#s=${encodePermalink(TINY)}&view=timeline`,
    );
    await page.locator('[data-role=more]').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await maxGap(page)).toBeLessThan(FREEZE_MS);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** Review F5: YAML aliases crashed readRest() and left the playground and every embed blank. */
const ALIAS = 'title: *nope\nconfig: ""\n';
const LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from({ length: 8 }, (_, i) => {
    const [prev, name] = [String.fromCharCode(97 + i), String.fromCharCode(98 + i)];
    return `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`;
  }),
  'config: ""',
].join('\n');

describe('hostile: YAML aliases in a link (review F5)', () => {
  for (const [name, yaml, message] of [
    ['an unresolved alias', ALIAS, /Unresolved alias/],
    ['a billion laughs', LAUGHS, /[Ee]xcessive alias count/],
  ] as const) {
    it(`playground: ${name} is the usual message, and the editors and presets still work`, async () => {
      const { page, errors } = await open(`/en/playground/#s=${encodePermalink(yaml)}`);
      const alert = page.locator('[data-testid=alert]');
      await alert.waitFor({ state: 'visible' });
      await expect(alert.textContent()).resolves.toMatch(/The link does not hold a valid scenario/);
      await expect(alert.textContent()).resolves.toMatch(message);
      await page.locator('[data-testid=config-editor] .cm-content').waitFor();
      // The preset menu answers again (it did nothing after the crash).
      const n = await answers(page);
      await page.locator('[data-role=config-preset]').selectOption({ index: 1 });
      await nextAnswer(page, n);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  for (const kind of ['playground', 'scenario', 'diagram']) {
    it(`${kind} embed: an alias link shows the not-a-scenario message instead of a blank page`, async () => {
      const { page, errors } = await open(`/en/embed/${kind}/#s=${encodePermalink(ALIAS)}`);
      const box = page.locator('[data-testid=embed-error]');
      await box.waitFor({ state: 'visible', timeout: 15_000 });
      await expect(box.textContent()).resolves.toMatch(/does not hold a valid scenario.*Unresolved alias/s);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('playground: the refused text stays in the YAML, and once fixed there its config moves to the config editor', async () => {
    const broken = 'title: *nope\nconfig: |\n  events {}\n  http {}\n';
    const { page, errors } = await open(`/en/playground/#s=${encodePermalink(broken)}`);
    const alert = page.locator('[data-testid=alert]');
    await alert.waitFor({ state: 'visible' });
    await expect(alert.textContent()).resolves.toMatch(/Unresolved alias.*kept in the YAML/s);
    await expect(page.locator('[data-testid=config-editor] .cm-content').textContent()).resolves.toBe('');
    await page.click('[data-tab=yaml]');
    const yaml = page.locator('[data-testid=yaml-editor] .cm-content');
    await expect(yaml.textContent()).resolves.toContain('title: *nope');
    const n = await answers(page);
    await page.locator('[data-testid=yaml-editor] .cm-line', { hasText: 'title:' }).click();
    await page.keyboard.press('End');
    for (const _ of '*nope') await page.keyboard.press('Backspace');
    await page.keyboard.type('fixed');
    await nextAnswer(page, n);
    // The config moves once the typing pauses (never under the cursor).
    await expect
      .poll(() => page.locator('[data-testid=config-editor] .cm-content').textContent())
      .toBe('events {}http {}');
    await expect.poll(() => yaml.textContent()).toBe('title: fixed');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a bad link arriving by hashchange on an open playground replaces the old result', async () => {
    const good = withConfig(
      UPGRADE_CONFIG,
      `backends:\n  "127.0.0.1:18081": { kind: websocket }\n${UPGRADE_CLIENT}\n  until: 1`,
    );
    const { page, errors } = await open(`/en/playground/#s=${encodePermalink(good)}`);
    await nextAnswer(page, 0);
    await expect(page.getByTestId('verdict').getAttribute('data-kind')).resolves.toBe('upgraded');
    await expect(page.locator('[data-testid=transcript-text]').textContent()).resolves.toMatch(
      /101 Switching/,
    );
    const n = await answers(page);
    await page.evaluate(
      (hash) => {
        location.hash = hash;
      },
      `#s=${encodePermalink(ALIAS)}`,
    );
    const alert = page.locator('[data-testid=alert]');
    await alert.waitFor({ state: 'visible' });
    await expect(alert.textContent()).resolves.toMatch(/Unresolved alias/);
    // Nothing of the refused text runs: the views empty and the status names the problem.
    await expect(page.locator('[data-testid=status]').textContent()).resolves.toMatch(/Unresolved alias/);
    // At most one answer may follow, the refusal itself; nothing runs after it, and no view keeps
    // the old run.
    await page.waitForTimeout(500);
    expect(await answers(page)).toBeLessThanOrEqual(n + 1);
    await expect(page.locator('[data-testid=transcript-text]').textContent()).resolves.not.toMatch(
      /101 Switching/,
    );
    await expect(page.locator('[data-testid=status]').textContent()).resolves.toMatch(/Unresolved alias/);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('hostile: links with tens of thousands of YAML entries (review F6)', () => {
  const extra = `${withConfig(UPGRADE_CONFIG, `${UPGRADE_CLIENT}\n  until: 1`)}extra: [${'{a: 1, b: x}, '.repeat(30_000)}]\n`;
  const steps = withConfig(
    UPGRADE_CONFIG,
    `${UPGRADE_CLIENT}\n  steps: [${'{at: 1, send: m}, '.repeat(25_000)}]\n  until: 60`,
  );
  for (const [name, yaml] of [
    ['30,000 extra entries', extra],
    ['25,000 steps', steps],
  ] as const) {
    it(`playground: ${name} are refused by count with a message, without freezing the page`, async () => {
      expect(yaml.length).toBeLessThan(512 * 1024);
      const { page, errors } = await openWithHeartbeat(`/en/playground/#s=${encodePermalink(yaml)}`);
      const alert = page.locator('[data-testid=alert]');
      await alert.waitFor({ state: 'visible' });
      await expect(alert.textContent()).resolves.toMatch(/more than 5000 YAML values/);
      expect(await maxGap(page)).toBeLessThan(FREEZE_MS);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe('hostile: a polynomial regex (review F3), as the browser reports it', () => {
  it("the watchdog's message names the regex, its config line and the subject length", async () => {
    const config = UPGRADE_CONFIG.replace(
      '        location /chat/ {',
      '        if ($http_x ~ "^.*a.*a.*a.*a.*a.*b$") { return 403; }\n        location /chat/ {',
    );
    const yaml = withConfig(
      config,
      `${UPGRADE_CLIENT.replace('Host: a,', `Host: a, X: ${'a'.repeat(500)},`)}\n  until: 1`,
    );
    const { page, errors } = await open(`/en/playground/#s=${encodePermalink(yaml)}`);
    const alert = page.locator('[data-testid=alert]');
    await alert.waitFor({ state: 'visible', timeout: 20_000 });
    await expect(alert.textContent()).resolves.toBe(
      'The regular expression "^.*a.*a.*a.*a.*a.*b$" on line 5 of nginx.conf ran for more than 2 s on a 500-character subject (catastrophic backtracking), so the simulation was stopped and restarted. Simplify it to try again.',
    );
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('hostile: invisible characters (review F8)', () => {
  const config = UPGRADE_CONFIG.replace('proxy_set_header Connection', 'proxy_set_header Conn\u200Bection');
  const yaml = withConfig(config, `${UPGRADE_CLIENT}\n  until: 1`);

  it('the config editor draws the zero-width space and the diagnostics name it with a fix', async () => {
    const { page, errors } = await open(`/en/playground/#s=${encodePermalink(yaml)}`);
    await nextAnswer(page, 0);
    await expect(page.locator('[data-testid=config-editor] .cm-specialChar').count()).resolves.toBe(1);
    await page.locator('[data-tab=diagnostics]').click();
    const finding = page.locator('[data-rule=ws-invisible-character]');
    await finding.waitFor();
    await expect(finding.textContent()).resolves.toContain(
      'invisible character U+200B in `Conn⟨U+200B⟩ection` on line 9',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the scenario embed writes it out in the config it shows', async () => {
    const { page, errors } = await open(`/en/embed/scenario/#s=${encodePermalink(yaml)}`);
    const mark = page.locator('[data-role=config] [data-role=invisible]');
    await mark.waitFor();
    await expect(mark.textContent()).resolves.toBe('⟨U+200B⟩');
    expect(errors).toEqual([]);
    await page.close();
  });
});
