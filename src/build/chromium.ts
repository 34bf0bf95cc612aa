/**
 * The browser this project drives from Node: Debian's Chromium, for the browser tests, the
 * benchmarks and the diagrams drawn at build time (mermaid-prerender.ts). Node only.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags this closed network needs. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
