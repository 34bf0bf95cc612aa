import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFrameAncestors } from '../../deploy/lib/frame-ancestors.mjs';
import { scanInlineScripts } from '../../deploy/lib/inline-scripts.mjs';
import { headersFor, routeKind } from '../../deploy/lib/policy.mjs';
import { headersFile, parseHeadersFile } from '../../deploy/lib/render.mjs';
import { encodePermalink } from '../../playground/src/index';
import { buildFacts, DEFAULT_FRAME_ANCESTORS } from '../../scripts/deploy-headers.mjs';
import { mapLimit } from '../../scripts/page-downloads';
import { launchBrowser } from './browser';
import {
  BROTLI_PACKAGES,
  distDir,
  hasBrotli,
  NGINX_MISSING,
  type NginxSite,
  nginxAvailable,
  startNginx,
} from './nginx-site';

/**
 * The built site served by real nginx with deploy/nginx.conf: caching, security headers,
 * compression, the 404 page, `_headers` saying the same as nginx for every file, and the
 * features most likely to trip the CSP (mermaid, the engine's worker, search) working under it.
 * Every page under the CSP is crawl.e2e.ts's job: global-setup.ts serves all browser tests
 * through this config.
 */

const available = nginxAvailable();
const SHARED = join(import.meta.dirname, '../../content/scenarios/shared');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request (fetch would decode the body and choose Accept-Encoding itself). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

const header = (r: Reply, name: string): string => {
  const v = r.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
};

/** The directives of a CSP header, by name. */
function csp(r: Reply): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of header(r, 'content-security-policy').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe.skipIf(!available)(
  `the site behind deploy/nginx.conf${available ? '' : ` (skipped: ${NGINX_MISSING})`}`,
  () => {
    let site: NginxSite;
    let dist: string;
    // What the deploy step derives from the build (every file listed, every inline script hashed):
    // read once for the tests that compare with it.
    let built: ReturnType<typeof buildFacts>;
    const facts = () => built;
    beforeAll(async () => {
      dist = distDir();
      site = await startNginx({ root: dist });
      built = buildFacts(dist, DEFAULT_FRAME_ANCESTORS);
    }, 180_000);
    afterAll(async () => {
      await site?.stop();
    });

    const someFile = (dir: string, pattern: RegExp): string => {
      const name = readdirSync(join(dist, dir)).find((f) => pattern.test(f));
      if (!name) throw new Error(`no file matching ${pattern} in ${dist}/${dir}`);
      return name;
    };

    it('hashed assets are cached for a year, immutable, and sent gzip-compressed when asked', async () => {
      const name = someFile('_astro', /^Playground\..*\.js$|\.js$/);
      const plain = await get(`${site.url}/_astro/${name}`);
      expect(plain.status).toBe(200);
      expect(header(plain, 'cache-control')).toBe('public, max-age=31536000, immutable');
      expect(header(plain, 'content-type')).toMatch(/javascript/);
      expect(header(plain, 'x-content-type-options')).toBe('nosniff');
      expect(plain.body.equals(readFileSync(join(dist, '_astro', name)))).toBe(true);

      const gz = await get(`${site.url}/_astro/${name}`, { 'Accept-Encoding': 'gzip' });
      expect(header(gz, 'content-encoding')).toBe('gzip');
      expect(header(gz, 'vary')).toMatch(/Accept-Encoding/i);
      expect(gz.body.length).toBeLessThan(plain.body.length);
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    });

    it('HTML is revalidated: max-age=0 plus an ETag that answers 304', async () => {
      const page = await get(`${site.url}/en/guides/handshake/`, { 'Accept-Encoding': 'gzip' });
      expect(page.status).toBe(200);
      expect(header(page, 'content-type')).toBe('text/html; charset=utf-8');
      expect(header(page, 'cache-control')).toBe('public, max-age=0, must-revalidate');
      expect(header(page, 'content-encoding')).toBe('gzip');
      expect(gunzipSync(page.body).toString('utf8')).toContain('<html');
      const again = await get(`${site.url}/en/guides/handshake/`, {
        'Accept-Encoding': 'gzip',
        'If-None-Match': header(page, 'etag'),
      });
      expect(again.status).toBe(304);
    });

    it('search: pagefind entry points revalidate, its hashed chunks are immutable', async () => {
      const entry = await get(`${site.url}/pagefind/pagefind-entry.json`);
      expect(entry.status).toBe(200);
      expect(header(entry, 'cache-control')).toBe('public, max-age=0, must-revalidate');
      const chunk = someFile('pagefind/fragment', /\.pf_fragment$/);
      const fragment = await get(`${site.url}/pagefind/fragment/${chunk}`);
      expect(fragment.status).toBe(200);
      expect(header(fragment, 'cache-control')).toBe('public, max-age=31536000, immutable');
    });

    it('a guide may not be framed: CSP frame-ancestors none, X-Frame-Options DENY, no unsafe-inline script', async () => {
      for (const path of ['/en/guides/handshake/', '/zh/playground/', '/']) {
        const page = await get(`${site.url}${path}`);
        const policy = csp(page);
        expect(policy.get('frame-ancestors'), path).toEqual(["'none'"]);
        expect(header(page, 'x-frame-options'), path).toBe('DENY');
        expect(policy.get('script-src'), path).not.toContain("'unsafe-inline'");
        expect(policy.get('script-src'), path).toContain("'self'");
        expect(policy.get('object-src'), path).toEqual(["'none'"]);
        expect(header(page, 'referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      }
    });

    it('an embed may be framed by the origins of deploy/frame-ancestors.txt, and has no X-Frame-Options', async () => {
      const { build } = facts();
      for (const path of ['/en/embed/scenario/', '/zh/embed/playground/']) {
        const page = await get(`${site.url}${path}`);
        expect(page.status, path).toBe(200);
        expect(csp(page).get('frame-ancestors'), path).toEqual(build.frameAncestors);
        expect(header(page, 'x-frame-options'), path).toBe('');
        expect(csp(page).get('script-src'), path).not.toContain("'unsafe-inline'");
      }
    });

    it('an unknown URL gets the 404 page with status 404, security headers and no long caching', async () => {
      const notFound = readFileSync(join(dist, '404.html'));
      for (const path of ['/no/such/page/', '/_astro/missing.0000.js', '/en/embed/nothing/']) {
        const r = await get(`${site.url}${path}`);
        expect(r.status, path).toBe(404);
        expect(r.body.equals(notFound), path).toBe(true);
        expect(header(r, 'cache-control'), path).not.toMatch(/immutable/);
        expect(csp(r).get('frame-ancestors'), path).toEqual(["'none'"]);
      }
    });

    /** A request with the path exactly as given (a URL string would normalise `%2e%2e`). */
    const raw = (path: string, headers: Record<string, string> = {}): Promise<Reply> =>
      new Promise((ok, fail) => {
        const { hostname, port } = new URL(site.url);
        const req = request({ host: hostname, port, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', fail);
        });
        req.on('error', fail);
        req.end();
      });

    /** The security headers every answer carries, errors included (review F9). */
    const expectPageSecurity = (r: Reply, what: string) => {
      expect(csp(r).get('frame-ancestors'), what).toEqual(["'none'"]);
      expect(csp(r).get('script-src'), what).not.toContain("'unsafe-inline'");
      expect(header(r, 'x-frame-options'), what).toBe('DENY');
      expect(header(r, 'x-content-type-options'), what).toBe('nosniff');
      expect(header(r, 'referrer-policy'), what).toBe('strict-origin-when-cross-origin');
      expect(header(r, 'permissions-policy'), what).toMatch(/camera=\(\)/);
      expect(header(r, 'cache-control'), what).not.toMatch(/immutable/);
    };

    it("nginx's own 400 answers (before any location is chosen) carry the security headers", async () => {
      const traversal = await raw('/%2e%2e/%2e%2e/etc/passwd');
      expect(traversal.status).toBe(400);
      expectPageSecurity(traversal, 'dot-dot URI');
      const huge = await raw('/', { 'X-Big': 'x'.repeat(20 * 1024) });
      expect(huge.status).toBe(400);
      expectPageSecurity(huge, '20 KB header');
    });

    it("the embed directories are the site's 404, not a framable stock 403", async () => {
      const notFound = readFileSync(join(dist, '404.html'));
      for (const path of ['/embed/', '/en/embed/', '/zh/embed/']) {
        const r = await get(`${site.url}${path}`);
        expect(r.status, path).toBe(404);
        expect(r.body.equals(notFound), path).toBe(true);
        expectPageSecurity(r, path);
      }
    });

    it('the precompressed .gz and .br copies are not served raw at their own URLs', async () => {
      const js = someFile('_astro', /\.js\.gz$/);
      const paths = [
        '/en/embed/playground/index.html.gz',
        '/en/guides/handshake/index.html.gz',
        `/_astro/${js}`,
        '/pagefind/pagefind.js.gz',
        '/en/embed/playground/index.html.br',
      ];
      for (const path of paths) {
        const r = await get(`${site.url}${path}`);
        expect(r.status, path).toBe(404);
        expect(header(r, 'content-type'), path).toMatch(/^text\/html/);
        expectPageSecurity(r, path);
      }
      // The copies still do their job: gzip_static sends them for the plain URL.
      const gz = await get(`${site.url}/en/embed/playground/`, { 'Accept-Encoding': 'gzip' });
      expect(gz.status).toBe(200);
      expect(header(gz, 'content-encoding')).toBe('gzip');
    });

    it('the server instructions left in dist/ are not served', async () => {
      for (const path of ['/_headers', '/_nginx/page.conf', '/_nginx/embed.conf']) {
        expect((await get(`${site.url}${path}`)).status, path).toBe(404);
      }
    });

    it('a page URL without its slash redirects to it, relative to the host the browser used', async () => {
      const r = await get(`${site.url}/en/guides/handshake`);
      expect(r.status).toBe(301);
      expect(header(r, 'location')).toBe('/en/guides/handshake/');
    });

    it('dist/_headers is current and says, for every file of the build, exactly what nginx sends', async () => {
      const { files, build } = facts();
      const text = readFileSync(join(dist, '_headers'), 'utf8');
      // Written by this build's deploy step: same files, same inline-script hashes.
      expect(text).toBe(
        headersFile(
          files.map((f) => `/${f}`),
          build,
        ),
      );
      const lookup = parseHeadersFile(text);
      const urls = files.flatMap((f) => {
        const path = `/${f}`;
        return f.endsWith('index.html') ? [path, path.slice(0, -'index.html'.length)] : [path];
      });
      expect(urls.length).toBeGreaterThan(100);
      // Eight requests in flight: nginx answers HEAD from the page cache, the wait is the round trip.
      const perUrl = await mapLimit(urls, 8, async (url) => {
        const mismatches: string[] = [];
        const fromFile = lookup(url);
        if (fromFile.patterns.length !== 1) {
          mismatches.push(
            `${url}: matched by ${fromFile.patterns.length} _headers rules (${fromFile.patterns})`,
          );
          return mismatches;
        }
        const r = await get(`${site.url}${url}`, {}, 'HEAD');
        const expected = headersFor(routeKind(url), build);
        for (const [name, value] of expected) {
          if (fromFile.headers.get(name.toLowerCase()) !== value)
            mismatches.push(`${url}: _headers ${name} differs`);
          if (header(r, name) !== value)
            mismatches.push(`${url}: nginx ${name} differs: ${header(r, name).slice(0, 80)}…`);
        }
        // Nothing beyond the policy: e.g. no X-Frame-Options on an embed.
        for (const name of ['content-security-policy', 'x-frame-options', 'cache-control']) {
          if (!expected.some(([n]) => n.toLowerCase() === name) && header(r, name) !== '') {
            mismatches.push(`${url}: nginx sends ${name} the policy does not have`);
          }
        }
        return mismatches;
      });
      const mismatches = perUrl.flat();
      expect(mismatches).toEqual([]);
    });

    // CI installs the modules (.ci/run), so there a missing module fails instead of skipping.
    it.skipIf(!hasBrotli() && !process.env.CI)(
      `brotli when deploy/brotli.conf is enabled${hasBrotli() ? '' : ` (skipped: no modules; ${BROTLI_PACKAGES})`}`,
      async () => {
        const withBrotli = await startNginx({ root: dist, brotli: true });
        try {
          const name = someFile('_astro', /\.js$/);
          const r = await get(`${withBrotli.url}/_astro/${name}`, { 'Accept-Encoding': 'br, gzip' });
          expect(header(r, 'content-encoding')).toBe('br');
          expect(brotliDecompressSync(r.body).equals(readFileSync(join(dist, '_astro', name)))).toBe(true);
          expect(header(r, 'cache-control')).toBe('public, max-age=31536000, immutable');
        } finally {
          await withBrotli.stop();
        }
      },
    );

    it('nginx logged no errors', () => {
      // 404s for the probes above are logged at "error" level by nginx ("open() … failed"); anything else is a fault.
      const faults = site
        .errorLog()
        .split('\n')
        .filter(
          (l) =>
            /\[(?:emerg|alert|crit|error)\]/.test(l) && !/open\(\) ".*" failed \(2: No such file/.test(l),
        );
      expect(faults).toEqual([]);
    });
  },
);

describe.skipIf(!available)('every page under the CSP that nginx sends', () => {
  let site: NginxSite;
  let browser: Browser;
  beforeAll(async () => {
    site = await startNginx({ root: distDir() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  /** Opens a page and collects every CSP violation, from the console and from the DOM event. */
  async function open(path: string): Promise<{ page: Page; violations: () => Promise<string[]> }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const console: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) console.push(m.text());
    });
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e: SecurityPolicyViolationEvent) =>
        seen.push(
          `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
        ),
      );
    });
    const response = await page.goto(`${site.url}${path}`);
    expect(response?.headers()['content-security-policy'], path).toBeTruthy();
    const violations = async () => [
      ...console,
      ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations ?? [])),
    ];
    return { page, violations };
  }

  // Every page under this CSP: crawl.e2e.ts, which global-setup.ts serves through this
  // same nginx config. Below, the features most likely to trip a CSP, exercised in full.

  it('a mermaid diagram still shows', async () => {
    const { page, violations } = await open('/en/guides/timeouts/');
    const diagram = page.locator('guide-mermaid .guide-mermaid__diagram').first();
    await diagram.scrollIntoViewIfNeeded();
    await diagram.locator('svg').filter({ visible: true }).first().waitFor({ timeout: 20_000 });
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('the playground still simulates (engine in its Web Worker)', async () => {
    const yaml = readFileSync(join(SHARED, 'canonical-echo.yaml'), 'utf8');
    const { page, violations } = await open(`/en/playground/#s=${encodePermalink(yaml)}`);
    await page.waitForFunction(
      () => Number(document.querySelector('nginx-playground')?.getAttribute('data-answers') ?? 0) > 0,
      undefined,
      { timeout: 15_000 },
    );
    expect(await page.locator('[data-testid=outcome]').textContent()).toMatch(/"status": 101/);
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('an exercise still checks', async () => {
    const { page, violations } = await open('/en/exercises/http-version/');
    await page.locator('.cm-content').waitFor();
    await page.getByTestId('check').click();
    const results = page.getByTestId('results');
    await results.locator('[data-testid="check-summary"]').waitFor({ timeout: 15_000 });
    // The start config is wrong on purpose: the engine ran and judged it.
    expect(await results.getAttribute('data-state')).toBe('failed');
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('search still finds a guide (pagefind compiles its WebAssembly)', async () => {
    const { page, violations } = await open('/en/guides/handshake/');
    await page.locator('site-search button[data-open-modal]').first().click();
    await page.locator('#starlight__search input.pagefind-ui__search-input').fill('proxy_read_timeout');
    await page.locator('#starlight__search .pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
    expect(await violations()).toEqual([]);
    await page.close();
  });
});

describe('the deploy step refuses what the CSP could not allow', () => {
  it('names the file and line of an inline handler or javascript: URL; data scripts are not hashed', () => {
    const html = [
      '<p title="only = 1">fine</p>',
      '<script type="application/json">{"a":1}</script>',
      '<button type="button" onclick="go()">go</button>',
      '<a href=" java\tscript:alert(1)">x</a>',
      '<script>one()</script><script type="module" src="/_astro/a.js"></script>',
    ].join('\n');
    const scan = scanInlineScripts(html, 'page.html');
    expect(scan.problems).toEqual([
      expect.stringMatching(/^page\.html:3: <button onclick=…> is an inline event handler/),
      expect.stringMatching(/^page\.html:4: <a href="javascript:…"> is blocked/),
    ]);
    // sha256("one()") in base64, the form a CSP source expects.
    expect(scan.hashes).toEqual(['HR7iaask9daLMRRskMI++QeJtjWDOjyPA6lGzYGzKW4=']);
  });

  it('reads deploy/frame-ancestors.txt strictly, with file and line in the error', () => {
    expect(parseFrameAncestors('# wikis\nhttps://wiki.example.com\nhttps://*.feishu.cn\n', 'f.txt')).toEqual([
      'https://wiki.example.com',
      'https://*.feishu.cn',
    ]);
    expect(() => parseFrameAncestors('*\nhttps://a.example; script-src *\n', 'f.txt')).toThrow(/^f\.txt:2: /);
    expect(() => parseFrameAncestors('# nothing\n', 'f.txt')).toThrow(/lists no origin/);
  });
});
