import { resolve } from 'node:path';
import { nginxAvailable, startNginx } from '../../tests/e2e/nginx-site';
import { serveStaticGzip } from './gzip-proxy';

export interface ServedSite {
  url: string;
  /** How the files are served, for the report. */
  server: string;
  close: () => Promise<void>;
}

/**
 * Serves a built site on 127.0.0.1 the way the browser tests do: real nginx with
 * deploy/nginx.conf (gzip_static, the site's headers), else a gzip proxy over a static server.
 */
export async function serveBuiltSite(dist: string): Promise<ServedSite> {
  if (nginxAvailable()) {
    const site = await startNginx({ root: resolve(dist) });
    return { url: site.url, server: 'nginx with deploy/nginx.conf (gzip_static)', close: site.stop };
  }
  const site = await serveStaticGzip(dist);
  return { url: site.url, server: 'gzip proxy (no nginx installed)', close: site.close };
}
