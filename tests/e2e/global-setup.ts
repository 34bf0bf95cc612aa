import { existsSync } from 'node:fs';
import { CHROMIUM } from './browser';
import { serveStatic } from './static-server';

/** Serves dist/ for the whole browser run; the build itself is a step of `npm test`. */
export default async function setup(): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium"`);
  }
  // E2E_DIST lets a developer test a build kept apart from the shared dist/.
  const dist = process.env.E2E_DIST ?? 'dist';
  if (!existsSync(`${dist}/index.html`)) throw new Error(`${dist}/ is missing: run \`npm run build\` first`);
  const site = await serveStatic(dist);
  process.env.E2E_BASE_URL = site.url;
  return () => site.close();
}
