import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM } from './browser';
import { nginxAvailable, startNginx } from './nginx-site';
import { serveStatic } from './static-server';

/**
 * Serves the built site for the whole browser run; the build itself is a step of `npm test`.
 * The site is served the way it is deployed: real nginx with deploy/nginx.conf and the
 * headers the build wrote (CSP included), so every browser test also proves that nothing the
 * pages do is blocked by the site's own policy. Without nginx (a developer machine; CI always
 * has it) or with E2E_SERVER=static, a plain static server stands in.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium"`);
  }
  // E2E_DIST lets a developer test a build kept apart from the shared dist/.
  const dist = resolve(process.env.E2E_DIST ?? 'dist');
  if (!existsSync(join(dist, 'index.html')))
    throw new Error(`${dist}/ is missing: run \`npm run build\` first`);
  const viaNginx = process.env.E2E_SERVER !== 'static' && nginxAvailable();
  if (viaNginx) {
    const site = await startNginx({ root: dist });
    process.env.E2E_BASE_URL = site.url;
    process.env.E2E_SERVER = 'nginx';
    return () => site.stop();
  }
  process.stdout.write(
    'browser tests: serving dist/ with a static server (no nginx), so without the site CSP\n',
  );
  const site = await serveStatic(dist);
  process.env.E2E_BASE_URL = site.url;
  process.env.E2E_SERVER = 'static';
  return () => site.close();
}
