/**
 * Draws the guides' Mermaid diagrams to SVG while the site is built, so a guide page carries
 * its drawings in the HTML and loads no diagram JavaScript. Mermaid needs a browser to measure
 * text, so the drawing happens in Debian's Chromium (the browser the tests use, ./chromium.ts)
 * with the mermaid the site ships and the same settings as the page (mermaidLook), in strict
 * mode. Each diagram is drawn twice per theme: for the page (HTML labels, as mermaid draws
 * best) and as a standalone file for downloads and wikis (SVG text labels, which image
 * viewers and canvas can draw; see standalone-svg.ts).
 *
 * Drawings are cached on disk by a hash of (source, theme, kind, language, mermaid version,
 * this file's drawing version), so a rebuild starts no browser unless a diagram changed.
 * Without a browser the callers get null and the page falls back to drawing in the reader's
 * browser, as before; the build log says so once, with the reason.
 *
 * Node only, build time only. The browser and the counters live on globalThis: Astro runs
 * this module inside its bundled pages, and the integration (./diagrams-integration.ts), loaded
 * from astro.config.mjs, must reach the same ones to close the browser and report.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type MermaidLook, mermaidLook } from '../components/share/mermaid-options';
import { standaloneSvg } from '../components/share/standalone-svg';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';
import { scopeSvgIds } from './svg-ids';

export type DiagramTheme = 'light' | 'dark';
export const DIAGRAM_THEMES: readonly DiagramTheme[] = ['light', 'dark'];

/** Behind a downloaded drawing: the page's own background in that theme (Starlight's --sl-color-black). */
export const FILE_BACKGROUND: Record<DiagramTheme, string> = { light: '#ffffff', dark: '#17181c' };

/** Bump when what is stored changes (scoping, serialization), so old cache entries are not reused. */
const DRAWING_VERSION = 1;
/** The render id mermaid gets; replaced by the real one when a drawing is used. */
const PLACEHOLDER = 'nwl-prerender-id';
const RENDER_TIMEOUT_MS = 60_000;
/** In `astro dev` nothing closes the browser at the end, so it goes after a quiet minute. */
const IDLE_CLOSE_MS = 60_000;

type Kind = 'page' | 'file';

interface Stats {
  fromCache: number;
  drawn: number;
  drawMs: number;
}

interface RendererState {
  /** Why drawing at build time is off for this run; set once, logged once. */
  unavailable: string | null;
  session: Promise<{ browser: Browser; page: Page }> | null;
  queue: Promise<unknown>;
  idleTimer: ReturnType<typeof setTimeout> | null;
  stats: Stats;
}

const STATE = Symbol.for('nginx-ws-lab.mermaid-prerender');

function state(): RendererState {
  const holder = globalThis as { [STATE]?: RendererState };
  holder[STATE] ??= {
    unavailable: null,
    session: null,
    queue: Promise.resolve(),
    idleTimer: null,
    stats: { fromCache: 0, drawn: 0, drawMs: 0 },
  };
  return holder[STATE];
}

const require = createRequire(join(process.cwd(), 'package.json'));

function mermaidVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('mermaid/package.json'), 'utf8')) as { version: string })
    .version;
}

function cacheDir(): string {
  return process.env.DIAGRAM_CACHE_DIR ?? join(process.cwd(), 'node_modules/.cache/nginx-ws-lab-diagrams');
}

function cacheKey(source: string, theme: DiagramTheme, kind: Kind, lang: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ source, theme, kind, lang, mermaid: mermaidVersion(), v: DRAWING_VERSION }))
    .digest('hex');
}

function readCache(key: string): string | null {
  const file = join(cacheDir(), `${key}.svg`);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

function writeCache(key: string, markup: string): void {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed, so a build stopped half-way leaves no half file.
  const temp = join(dir, `${key}.${process.pid}.tmp`);
  writeFileSync(temp, markup);
  renameSync(temp, join(dir, `${key}.svg`));
}

/** The first line of an error, without Playwright's call log. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() ?? '';
}

function turnOff(reason: string): void {
  const s = state();
  if (s.unavailable) return;
  s.unavailable = reason;
  console.warn(
    `[diagrams] Guide diagrams are drawn in the reader's browser (mermaid loads on those pages), not at build time: ${reason}.`,
  );
}

async function openSession(): Promise<{ browser: Browser; page: Page }> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    return { browser, page };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}

function session(): Promise<{ browser: Browser; page: Page }> {
  const s = state();
  s.session ??= openSession();
  return s.session;
}

/** Closes the browser (if one was started) and forgets it. */
async function dropSession(): Promise<void> {
  const s = state();
  const open = s.session;
  s.session = null;
  if (s.idleTimer) clearTimeout(s.idleTimer);
  s.idleTimer = null;
  if (open) await open.then(({ browser }) => browser.close()).catch(() => undefined);
}

function closeWhenIdle(): void {
  const s = state();
  if (s.idleTimer) clearTimeout(s.idleTimer);
  s.idleTimer = setTimeout(() => void dropSession(), IDLE_CLOSE_MS);
  s.idleTimer.unref?.();
}

interface DrawArgs {
  source: string;
  look: MermaidLook;
  id: string;
  lang: string;
  asFile: boolean;
}

/** Runs in the drawing page: mermaid (strict) draws; a file gets XML serialization. */
async function drawInPage({ source, look, id, lang, asFile }: DrawArgs): Promise<string> {
  const mermaid = (window as unknown as { mermaid: typeof import('mermaid').default }).mermaid;
  // The page language picks the CJK glyph forms text is measured with.
  document.documentElement.lang = lang;
  mermaid.initialize({ ...look, startOnLoad: false, securityLevel: 'strict' });
  const { svg } = await mermaid.render(id, source);
  if (!asFile) return svg;
  // Mermaid serializes as HTML; a file must be XML.
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${svg}`, 'text/html');
  const node = doc.body.querySelector('svg');
  if (!node) throw new Error('mermaid returned no <svg>');
  return new XMLSerializer().serializeToString(node);
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_ok, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} took more than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

class DiagramError extends Error {}

/**
 * One drawing, from the cache or the browser; null when there is no browser. A diagram that
 * mermaid cannot draw fails the build with `where` and mermaid's message.
 */
async function drawing(
  source: string,
  theme: DiagramTheme,
  kind: Kind,
  lang: string,
  where: string,
): Promise<string | null> {
  const key = cacheKey(source, theme, kind, lang);
  const cached = readCache(key);
  const s = state();
  if (cached !== null) {
    s.stats.fromCache++;
    return cached;
  }
  if (s.unavailable) return null;
  const run = async (): Promise<string | null> => {
    if (s.unavailable) return null;
    const args: DrawArgs = {
      source,
      look: mermaidLook(theme === 'dark' ? 'dark' : 'default', kind === 'page'),
      id: PLACEHOLDER,
      lang: lang === 'zh' ? 'zh-CN' : lang,
      asFile: kind === 'file',
    };
    const started = performance.now();
    // A browser that died under us (a busy machine) gets one fresh start before we give up.
    for (let attempt = 1; ; attempt++) {
      let page: Page;
      try {
        ({ page } = await session());
      } catch (error) {
        state().session = null;
        turnOff(firstLine(error));
        return null;
      }
      try {
        const markup = await withTimeout(page.evaluate(drawInPage, args), RENDER_TIMEOUT_MS, 'drawing');
        const scoped = scopeSvgIds(markup, PLACEHOLDER);
        writeCache(key, scoped);
        s.stats.drawn++;
        s.stats.drawMs += performance.now() - started;
        closeWhenIdle();
        return scoped;
      } catch (error) {
        const browserGone = page.isClosed() || !page.context().browser()?.isConnected();
        if (browserGone && attempt === 1) {
          await dropSession();
          continue;
        }
        if (browserGone) throw new Error(`${where}: Chromium stopped while drawing: ${firstLine(error)}`);
        throw new DiagramError(`${where}: mermaid cannot draw this diagram: ${firstLine(error)}`);
      }
    }
  };
  // mermaid.initialize is global state in the one drawing page: one drawing at a time.
  const result = s.queue.then(run, run);
  s.queue = result.catch(() => undefined);
  return result;
}

export type PageDrawings = Record<DiagramTheme, string>;

/**
 * The light and dark drawings for the page, as SVG markup with every id under
 * `<domId>-light` / `<domId>-dark`; null when there is no browser to draw them.
 */
export async function drawForPage(
  source: string,
  lang: string,
  domId: string,
  where: string,
): Promise<PageDrawings | null> {
  const light = await drawing(source, 'light', 'page', lang, where);
  const dark = light === null ? null : await drawing(source, 'dark', 'page', lang, where);
  if (light === null || dark === null) return null;
  return {
    light: light.replaceAll(PLACEHOLDER, `${domId}-light`),
    dark: dark.replaceAll(PLACEHOLDER, `${domId}-dark`),
  };
}

/**
 * The drawing as a file of its own (SVG text labels, the theme's background, `title` as its
 * <title>), or null when there is no browser to draw it.
 */
export async function drawFile(
  source: string,
  lang: string,
  theme: DiagramTheme,
  title: string,
  where: string,
): Promise<string | null> {
  const markup = await drawing(source, theme, 'file', lang, where);
  if (markup === null) return null;
  return standaloneSvg(markup.replaceAll(PLACEHOLDER, 'diagram'), {
    background: FILE_BACKGROUND[theme],
    title,
  }).svg;
}

/**
 * Whether every one of these file drawings can be had: all in the cache, or a browser to draw
 * the rest (started now, so a build without one knows before the first page is written).
 */
export async function canDrawFiles(
  files: Array<{ source: string; lang: string; theme: DiagramTheme }>,
): Promise<boolean> {
  if (files.every((f) => readCache(cacheKey(f.source, f.theme, 'file', f.lang)) !== null)) return true;
  const s = state();
  if (s.unavailable) return false;
  try {
    await session();
    closeWhenIdle();
    return true;
  } catch (error) {
    s.session = null;
    turnOff(firstLine(error));
    return false;
  }
}

/** Ends the run: closes the browser and returns one line for the build log (null if nothing was drawn). */
export async function finishDrawing(): Promise<string | null> {
  const s = state();
  await s.queue;
  await dropSession();
  const { fromCache, drawn, drawMs } = s.stats;
  s.stats = { fromCache: 0, drawn: 0, drawMs: 0 };
  // Without a browser the build log already has its one line, from turnOff.
  if (s.unavailable) return null;
  if (fromCache + drawn === 0) return null;
  return `${fromCache + drawn} diagram drawings at build time: ${fromCache} from the cache, ${drawn} drawn in Chromium (${(drawMs / 1000).toFixed(1)} s)`;
}

export { DiagramError };
