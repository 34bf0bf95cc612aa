import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../src/build/chromium';

// One definition for the tests, the benchmarks and the build's diagram drawing.
export { CHROMIUM, CHROMIUM_FLAGS };

/** Debian's Chromium, headless, with CHROMIUM_FLAGS. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** Collects console errors and page errors, and any request that leaves the site's origin. */
export function watchPage(page: Page, origin: string): { errors: string[]; foreign: string[] } {
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  // Name the failing URL: Chromium's console message for a 404 does not.
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().frame() === page.mainFrame() && res.url() !== page.url()) {
      errors.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return { errors, foreign };
}

export const siteUrl = (): string => {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the browser tests through `npm run test:e2e`');
  return url;
};
