import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildVersion, isShellPage, precacheList, serviceWorkerText } from '../../scripts/build-sw';
import { REGISTER_SERVICE_WORKER } from '../../src/offline/register.mjs';

/** The offline worker's build step (scripts/build-sw.ts) on small made-up sites. */
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function site(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'sw-site-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const page = (script: string) =>
  `<!doctype html><html><head><link rel="stylesheet" href="/_astro/site.css"><script type="module" src="${script}"></script></head><body></body></html>`;

const SITE = {
  'index.html': '<!doctype html><p>pick a language</p>',
  'en/playground/index.html': page('/_astro/playground.js'),
  'en/exercises/index.html': page('/_astro/exercises.js'),
  'en/exercises/idle-timeout/index.html': page('/_astro/exercise.js'),
  'en/guides/handshake/index.html': page('/_astro/guide.js'),
  'en/embed/playground/index.html': page('/_astro/embed.js'),
  '_astro/site.css': 'body{margin:0}',
  '_astro/playground.js':
    'import "./shared.js";\nnew Worker(new URL("worker.js", import.meta.url));\nconst d = () => import("./diagram.js");\n',
  '_astro/worker.js': 'import "./engine.js";\n',
  '_astro/engine.js': 'export const simulate = 1;\n',
  '_astro/shared.js': 'export const x = 1;\n',
  '_astro/diagram.js': 'import "./mermaid-core.js";\n',
  '_astro/mermaid-core.js': 'export const mermaidAPI = {};\nconst k = () => import("./katex.js");\n',
  '_astro/katex.js': 'export const katex = 1;\n',
  '_astro/exercises.js': 'import "./shared.js";\n',
  '_astro/exercise.js': 'import "./shared.js";\nconst e = () => import("./editor.js");\n',
  '_astro/editor.js': 'export const editor = 1;\n',
  '_astro/guide.js': 'export const guide = 1;\n',
  '_astro/embed.js': 'export const embed = 1;\n',
};

describe('the offline app shell', () => {
  it('is the playground, the exercise list and the course: each exercise page is kept when visited', () => {
    expect(isShellPage('en/playground/index.html')).toBe(true);
    expect(isShellPage('zh/exercises/index.html')).toBe(true);
    expect(isShellPage('zh/course/index.html')).toBe(true);
    expect(isShellPage('en/exercises/idle-timeout/index.html')).toBe(false);
    expect(isShellPage('en/guides/handshake/index.html')).toBe(false);
    expect(isShellPage('en/embed/playground/index.html')).toBe(false);
  });

  it('precaches those pages and every script, worker and stylesheet they and the exercises may load, mermaid and what only it loads excepted', async () => {
    const { urls } = await precacheList(site(SITE));
    expect(urls).toEqual([
      // The playground's own loader of mermaid is kept; mermaid and katex (reached only through it) are not.
      '/_astro/diagram.js',
      '/_astro/editor.js',
      '/_astro/engine.js',
      '/_astro/exercise.js',
      '/_astro/exercises.js',
      '/_astro/playground.js',
      '/_astro/shared.js',
      '/_astro/site.css',
      '/_astro/worker.js',
      '/en/exercises/',
      '/en/playground/',
      '/favicon.svg',
    ]);
  });

  it('refuses a build whose pages name files that are not there', async () => {
    const broken = site(SITE);
    rmSync(join(broken, '_astro/shared.js'));
    await expect(precacheList(broken)).rejects.toThrow(/missing.*_astro\/shared\.js/);
  });

  it('gets a new version, and so a new cache, whenever any served file changes', () => {
    const root = site(SITE);
    const before = buildVersion(root);
    expect(buildVersion(root)).toBe(before);
    writeFileSync(
      join(root, 'en/guides/handshake/index.html'),
      page('/_astro/guide.js').replace('<body>', '<body>x'),
    );
    const after = buildVersion(root);
    expect(after).not.toBe(before);
    // Compressed copies and the server's own files do not count: they follow the others.
    writeFileSync(join(root, 'en/guides/handshake/index.html.gz'), 'zz');
    writeFileSync(join(root, '_headers'), '/*');
    expect(buildVersion(root)).toBe(after);
    expect(after).toMatch(/^[0-9a-f]{16}$/);
  });

  it('writes the worker with its version and list in front of the hand-written source', () => {
    const text = serviceWorkerText('0123456789abcdef', ['/en/playground/', '/_astro/a.js']);
    expect(text.split('\n')[0]).toBe(
      'const OFFLINE = {"version":"0123456789abcdef","precache":["/en/playground/","/_astro/a.js"]};',
    );
    expect(text).toContain(
      readFileSync(join(import.meta.dirname, '../../src/offline/service-worker.js'), 'utf8'),
    );
  });

  it('is registered after the load event, in an idle moment, and by a few hundred bytes at most', () => {
    expect(REGISTER_SERVICE_WORKER).toMatch(/addEventListener\('load'/);
    expect(REGISTER_SERVICE_WORKER).toMatch(/requestIdleCallback/);
    expect(REGISTER_SERVICE_WORKER).toContain("register('/sw.js')");
    expect(Buffer.byteLength(REGISTER_SERVICE_WORKER)).toBeLessThan(700);
  });
});
