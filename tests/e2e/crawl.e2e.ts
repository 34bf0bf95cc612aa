import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, siteUrl } from './browser';
import { builtFileFor, builtPages, isLanguagePicker, isStateFragment, pageFor } from './site-pages';

/**
 * Every built page opened in Chromium, TABS at a time (each tab one page after the other): no console error, no
 * page error, no failed request, nothing fetched from another origin; then every link in the
 * live DOM (scripts' links included) leads to a built page or file, and every `#fragment`
 * to an element of the target page as it stood in the browser. links.e2e.ts checks the same
 * in the HTML files; this catches what scripts add or break.
 * Served by nginx with deploy/nginx.conf (global-setup.ts), every page runs under the site's
 * real CSP: a blocked script or style shows up here as a console error.
 */

const PAGES = builtPages();
/** How long a page may keep fetching after `load` before it is judged (workers, lazy views). */
const SETTLE_MS = 5_000;

interface Visit {
  problems: string[];
  links: string[];
  ids: Set<string>;
}

/**
 * Tabs visiting at once. A visit mostly waits (load, then requests settling), so a few tabs share
 * two cores well; each tab judges only the requests and messages of its own page.
 */
const TABS = 3;

let browser: Browser;
let tabs: Page[] = [];
const visits = new Map<string, Visit>();

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  tabs = await Promise.all(Array.from({ length: TABS }, () => context.newPage()));
});
afterAll(async () => {
  await browser?.close();
});

/** Opens `path` in `page` and reports what went wrong on the way, with the links and ids it ends up with. */
async function visit(page: Page, path: string): Promise<Visit> {
  const origin = siteUrl();
  const problems: string[] = [];
  // Only requests this visit started count.
  const started = new Set<Request>();
  const inFlight = new Set<Request>();
  const onRequest = (req: Request) => {
    started.add(req);
    inFlight.add(req);
    const url = req.url();
    if (!url.startsWith(`${origin}/`) && !/^(?:data|blob):/.test(url))
      problems.push(`request to another origin: ${url}`);
  };
  const onDone = (req: Request) => {
    inFlight.delete(req);
  };
  const onFailed = (req: Request) => {
    inFlight.delete(req);
    const error = req.failure()?.errorText ?? '?';
    // A forwarding page leaves at once, cancelling its own requests by design.
    if (!started.has(req) || (isLanguagePicker(path) && error === 'net::ERR_ABORTED')) return;
    problems.push(`request failed: ${req.url()} (${error})`);
  };
  const onResponse = (res: { status(): number; url(): string }) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  };
  const onConsole = (msg: {
    type(): string;
    text(): string;
    location(): { url: string; lineNumber: number };
  }) => {
    if (msg.type() !== 'error') return;
    const at = msg.location();
    problems.push(`console error: ${msg.text()}${at.url ? ` (${at.url}:${at.lineNumber})` : ''}`);
  };
  const onPageError = (err: Error) => problems.push(`page error: ${err.message}`);
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  try {
    const response = await page.goto(`${origin}${path}`, { waitUntil: 'load' });
    // The 404 page is served with its status on purpose; every other page must answer 200.
    const expected = path === '/404.html' ? [200, 404] : [200];
    if (!response || !expected.includes(response.status()))
      problems.push(`answered ${response?.status() ?? 'nothing'}`);
    if (process.env.E2E_SERVER === 'nginx' && !response?.headers()['content-security-policy'])
      problems.push('served without the site CSP');
    if (isLanguagePicker(path)) await page.waitForURL(/\/(?:zh|en)\//);
    await settle(page, () => inFlight.size);
    // Diagrams come drawn at build time; a site built without a browser draws them with
    // mermaid when scrolled near: bring each into view so that runs (under the CSP) and its
    // failures count. Either way one drawing must show.
    for (const diagram of await page.locator('guide-mermaid').all()) {
      await diagram.scrollIntoViewIfNeeded();
      await diagram
        .locator('.guide-mermaid__diagram svg')
        .filter({ visible: true })
        .first()
        .waitFor({ timeout: 20_000 })
        .catch(() => problems.push('a diagram did not draw within 20 s'));
    }
    await settle(page, () => inFlight.size);
    const { links, ids } = await page.evaluate(() => ({
      links: [...document.querySelectorAll<HTMLAnchorElement>('a[href]')].map((a) => a.href),
      ids: [
        ...[...document.querySelectorAll('[id]')].map((el) => el.id),
        ...[...document.querySelectorAll('a[name]')].map((el) => el.getAttribute('name') ?? ''),
      ],
    }));
    return { problems, links, ids: new Set(ids) };
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    // Leave through a blank page, so what this page still had in flight (a lazily loaded
    // chunk) is cancelled now, unwatched, rather than while the next page is judged.
    await page.goto('about:blank');
  }
}

/** Waits until no request has been in flight for a moment (bounded by SETTLE_MS). */
async function settle(p: Page, inFlight: () => number): Promise<void> {
  const quietFor = 100;
  const deadline = Date.now() + SETTLE_MS;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (inFlight() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietFor) return;
    await p.waitForTimeout(50);
  }
}

describe(`crawl of ${PAGES.length} built pages`, () => {
  // The limit grows with the site (about a second a page, whatever the tabs gain).
  it('each page loads with no console error, page error, failed or foreign request', {
    timeout: Math.max(110_000, PAGES.length * 1_000),
  }, async () => {
    const queue = [...PAGES];
    const tab = async (page: Page) => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift())
        visits.set(path, await visit(page, path));
    };
    await Promise.all(tabs.map(tab));
    const problems = PAGES.flatMap((path) => (visits.get(path)?.problems ?? []).map((p) => `${path}: ${p}`));
    expect(problems.join('\n')).toBe('');
  });

  it('every internal link in the live DOM leads to a built page or file, and every #fragment to an id', () => {
    expect(visits.size, 'the crawl above must run first').toBe(PAGES.length);
    const origin = siteUrl();
    const broken = new Set<string>();
    for (const [path, { links }] of visits) {
      // A forwarding page ends on another page, whose links that page's own visit covers.
      if (isLanguagePicker(path)) continue;
      for (const href of links) {
        const url = new URL(href);
        if (url.origin !== origin) continue; // links out of the site are not followed
        const target = pageFor(url.pathname);
        if (!target) {
          if (!builtFileFor(url.pathname)) broken.add(`${path}: ${url.pathname} does not exist`);
          continue;
        }
        const fragment = decodeURIComponent(url.hash.slice(1));
        if (!fragment || isStateFragment(fragment)) continue;
        const ids = visits.get(target)?.ids;
        if (!ids) broken.add(`${path}: ${url.pathname} is not among the built pages`);
        else if (!ids.has(fragment))
          broken.add(`${path}: ${url.pathname}#${fragment} (no element with that id)`);
      }
    }
    expect([...broken].join('\n')).toBe('');
  });
});
