/**
 * What a page really costs a reader: every response Chromium receives while the page loads,
 * until the network has been quiet, with a scroll to the bottom on the way so that what loads
 * near the viewport (diagrams, the playground's terminal) or when idle loads too. Sizes are the
 * encoded body bytes as the server sent them (gzip from the site's nginx with gzip_static, or
 * the bench's gzip proxy), per resource type. Shared by the budget tests
 * (tests/e2e/budgets.e2e.ts) and `npm run bench` (scripts/bench/site.ts), so both count the
 * same bytes.
 *
 * Workers: Chromium fetches a dedicated worker's script outside the page's network agent, and
 * Playwright reports no body size for it; its Content-Length (the encoded size when the server
 * compresses ahead, as gzip_static does) stands in, and a response with neither is reported as
 * unmeasured rather than counted as 0.
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { isMermaidCode } from './site-weight';

export interface Download {
  /** Path and query on the measured origin, or the whole URL for another origin. */
  url: string;
  /** Playwright's resource type: document, script, stylesheet, image, font, fetch, … */
  type: string;
  status: number;
  /** Encoded body bytes (as transferred, without headers). */
  bytes: number;
  /** `content-encoding` of the response, '' when none. */
  encoding: string;
  /** A script holding mermaid's own code. */
  mermaid: boolean;
}

export interface PageDownloads {
  path: string;
  downloads: Download[];
  /** Encoded bytes per resource type. */
  byType: Record<string, number>;
  /** Scripts, including workers' scripts. */
  jsBytes: number;
  cssBytes: number;
  totalBytes: number;
  /** Responses whose size could not be read (see the file comment). */
  unmeasured: string[];
  /** Requests that failed, with Chromium's reason. */
  failed: string[];
}

export interface MeasureOptions {
  viewport?: { width: number; height: number };
  /** How long the network must stay quiet to count as idle. */
  quietMs?: number;
  /** Gives up waiting for quiet after this long (the page is then reported as it stands). */
  timeoutMs?: number;
}

const KB = 1024;

/** Downloads budgets (gzip as served), issue 20. */
export const DOWNLOAD_BUDGETS = {
  /** Every guide page, with or without diagrams. */
  guideJs: 30 * KB,
  /** The playground's target. */
  playgroundJs: 350 * KB,
} as const;

async function waitForQuiet(page: Page, inFlight: () => number, quietMs: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    if (inFlight() > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
    await page.waitForTimeout(50);
  }
}

/** Scrolls to the bottom a screen at a time, so everything that loads near the viewport does. */
async function scrollThrough(page: Page): Promise<void> {
  for (let step = 0; step < 200; step++) {
    const more = await page.evaluate(() => {
      const before = window.scrollY;
      window.scrollBy(0, Math.max(200, window.innerHeight * 0.8));
      return window.scrollY > before;
    });
    if (!more) break;
    await page.waitForTimeout(60);
  }
}

function contentLength(headers: Record<string, string>): number | null {
  const value = headers['content-length'];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/** Loads `path` from `origin` in a fresh context (empty cache) and lists what it downloads. */
export async function measurePage(
  browser: Browser,
  origin: string,
  path: string,
  options: MeasureOptions = {},
): Promise<PageDownloads> {
  const { viewport = { width: 1280, height: 800 }, quietMs = 750, timeoutMs = 20_000 } = options;
  // Without the offline service worker: it registers after the load event, in an idle moment,
  // and then fetches the app shell in the background once (src/offline/); that is not what the
  // page needs to show itself, and its fetches would be counted twice through the worker.
  const context: BrowserContext = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const inFlight = new Set<Request>();
  const pending: Array<Promise<Download | null>> = [];
  const failed: string[] = [];
  const unmeasured: string[] = [];
  const shortUrl = (url: string) => (url.startsWith(origin) ? url.slice(origin.length) : url);
  context.on('request', (request) => {
    if (!request.url().startsWith('data:')) inFlight.add(request);
  });
  context.on('requestfailed', (request) => {
    inFlight.delete(request);
    failed.push(`${shortUrl(request.url())}: ${request.failure()?.errorText ?? 'failed'}`);
  });
  context.on('requestfinished', (request) => {
    pending.push(
      (async (): Promise<Download | null> => {
        try {
          const response = await request.response();
          if (!response) return null;
          const headers = await response.allHeaders();
          const sizes = await request.sizes();
          let bytes = sizes.responseBodySize;
          const type = request.resourceType();
          const body = type === 'script' ? await response.body().catch(() => null) : null;
          if (bytes === 0 && response.status() === 200) {
            const declared = contentLength(headers);
            if (declared !== null) bytes = declared;
            else if (body === null || body.length > 0) unmeasured.push(shortUrl(request.url()));
          }
          return {
            url: shortUrl(request.url()),
            type,
            status: response.status(),
            bytes,
            encoding: headers['content-encoding'] ?? '',
            mermaid: body !== null && isMermaidCode(body.toString('utf8'), new URL(request.url()).pathname),
          };
        } finally {
          inFlight.delete(request);
        }
      })(),
    );
  });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}${path}`, { waitUntil: 'load', timeout: timeoutMs });
    await waitForQuiet(page, () => inFlight.size, quietMs, timeoutMs);
    await scrollThrough(page);
    await waitForQuiet(page, () => inFlight.size, quietMs, timeoutMs);
    const downloads = (await Promise.all(pending)).filter((d): d is Download => d !== null);
    downloads.sort((a, b) => b.bytes - a.bytes || a.url.localeCompare(b.url));
    const byType: Record<string, number> = {};
    for (const d of downloads) byType[d.type] = (byType[d.type] ?? 0) + d.bytes;
    return {
      path,
      downloads,
      byType,
      jsBytes: byType.script ?? 0,
      cssBytes: byType.stylesheet ?? 0,
      totalBytes: downloads.reduce((t, d) => t + d.bytes, 0),
      unmeasured,
      failed,
    };
  } finally {
    await context.close();
  }
}

/** Runs `work` over `items` with at most `limit` at a time, results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** "12.3 KB" with KB = 1024 bytes, the unit of the budgets. */
export function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

/** The biggest downloads of a page, one per line, for failure messages and reports. */
export function biggestDownloads(page: PageDownloads, type?: string, count = 8): string {
  return page.downloads
    .filter((d) => type === undefined || d.type === type)
    .slice(0, count)
    .map(
      (d) =>
        `    ${kb(d.bytes).padStart(9)} ${(d.encoding || 'identity').padEnd(8)} ${d.type.padEnd(10)} ${d.url}${d.mermaid ? '  (mermaid)' : ''}`,
    )
    .join('\n');
}

/** One line per resource type, e.g. "script 20.1 KB, stylesheet 15.9 KB, document 37.4 KB". */
export function typeSummary(page: PageDownloads): string {
  return Object.entries(page.byType)
    .sort(([, a], [, b]) => b - a)
    .map(([type, bytes]) => `${type} ${kb(bytes)}`)
    .join(', ');
}
