/**
 * The CLI's version: set by the bundler in the published package (from packages/cli/package.json),
 * read from that file when run from the repository.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

declare const NGINX_WS_LAB_VERSION: string | undefined;

export function version(): string {
  if (typeof NGINX_WS_LAB_VERSION === 'string') return NGINX_WS_LAB_VERSION;
  const file = fileURLToPath(new URL('../../packages/cli/package.json', import.meta.url));
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * The file that starts this CLI again (the conformance runner re-runs itself in a network
 * namespace): the bundle itself when published, `bin/nginx-ws-lab.mjs` in the repository.
 */
export function selfScript(): string {
  if (typeof NGINX_WS_LAB_VERSION === 'string') return fileURLToPath(import.meta.url);
  return fileURLToPath(new URL('../../bin/nginx-ws-lab.mjs', import.meta.url));
}
