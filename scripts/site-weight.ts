/**
 * The static side of page weight, read from the built files: what each page's module graph
 * holds and could load. The budgets themselves count what the browser really downloads
 * (scripts/page-downloads.ts); this file backs the checks that need no browser (mermaid in no
 * page's initial graph, the mermaid detector) and the "could load on demand" column of
 * `npm run bench`.
 *
 * A page's initial JavaScript is its whole initial module graph: every `<script src>` and
 * `<link rel=modulepreload>` in the HTML, the static `import`s of those files and of inline
 * module scripts, recursively, read from the built files — plus the inline scripts. Dynamic
 * `import()` targets (and the files Vite preloads with them) are lazy: loaded on demand, listed
 * apart. Workers are listed apart too. CSS is every `<link rel=stylesheet>` (with its @imports)
 * plus inline <style>. Sizes are gzip at zlib's default level, each file on its own, the way a
 * static host sends them; inline code is gzipped together since it travels in one HTML response.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ImportType, init as initLexer, parse as parseModule } from 'es-module-lexer';
import { isJavaScript, scanHtml } from './bench/html';

export interface Chunk {
  /** Path inside the dist directory, e.g. `_astro/page.abc123.js`. */
  file: string;
  bytes: number;
  gzip: number;
  /** The file holds mermaid's own code (see `isMermaidCode`). */
  mermaid: boolean;
}

export interface PageWeight {
  /** HTML file inside dist, e.g. `en/guides/glossary/index.html`. */
  page: string;
  /** The URL path it is served at, e.g. `/en/guides/glossary/`. */
  url: string;
  /** Initial module graph, biggest first. */
  initialJs: Chunk[];
  inlineJs: { count: number; bytes: number; gzip: number };
  css: Chunk[];
  inlineCss: { count: number; bytes: number; gzip: number };
  /** Reachable only through dynamic import(): loaded on demand. */
  lazyJs: Chunk[];
  /** Scripts started with `new Worker(…)` and everything they import. */
  workerJs: Chunk[];
  /** Files the page or its modules reference that are not in dist. */
  missing: string[];
  totals: {
    jsGzip: number;
    jsBytes: number;
    cssGzip: number;
    cssBytes: number;
    lazyJsGzip: number;
    workerJsGzip: number;
  };
}

interface FileInfo extends Chunk {
  staticImports: string[];
  dynamicImports: string[];
  workers: string[];
  cssImports: string[];
}

/**
 * Strings only mermaid's library code contains (its API object, its diagram-detection error),
 * so a renamed or merged chunk is still recognised; a site's loader that merely says "mermaid"
 * does not match.
 */
const MERMAID_MARKERS = [
  'mermaidAPI',
  'UnknownDiagramError',
  'No diagram type detected matching given configuration',
];

export function isMermaidCode(code: string, file = ''): boolean {
  // mermaid's own bundle names (mermaid.core.<hash>.js, mermaid.esm.min.<hash>.js), not a
  // site component named after it such as Mermaid.astro_…js.
  if (/(^|\/)mermaid(\.core|\.esm(\.min)?)?\.[\w-]+\.m?js$/.test(file)) return true;
  return MERMAID_MARKERS.some((marker) => code.includes(marker));
}

/** Every file in dist whose name ends with `suffix`, as dist-relative paths with forward slashes, sorted. */
export function listFiles(dist: string, suffix: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(suffix)) out.push(relative(dist, path).split(sep).join('/'));
    }
  };
  walk(dist);
  return out.sort();
}

export function listHtmlPages(dist: string): string[] {
  return listFiles(dist, '.html');
}

/** `en/guides/x/index.html` → `/en/guides/x/`; `404.html` → `/404.html`. */
export function pageUrl(page: string): string {
  return `/${page.replace(/(^|\/)index\.html$/, '$1')}`;
}

/** Reads the built site once per file: many pages share the same chunks. */
export class SiteWeigher {
  private readonly files = new Map<string, FileInfo | null>();

  private constructor(readonly dist: string) {}

  static async open(dist: string): Promise<SiteWeigher> {
    if (!existsSync(join(dist, 'index.html'))) {
      throw new Error(
        `${dist}/index.html is missing: build the site first (npx astro build --outDir ${dist})`,
      );
    }
    await initLexer;
    return new SiteWeigher(dist);
  }

  pages(): string[] {
    return listHtmlPages(this.dist);
  }

  html(page: string): string {
    return readFileSync(join(this.dist, page), 'utf8');
  }

  weigh(page: string): PageWeight {
    const url = pageUrl(page);
    const scanned = scanHtml(this.html(page));
    const missing = new Set<string>();
    const jsRoots: string[] = [];
    const cssRoots: string[] = [];
    for (const tag of scanned.tags) {
      const rel = ` ${(tag.attrs.rel ?? '').toLowerCase()} `;
      if (tag.name === 'script' && tag.attrs.src !== undefined) jsRoots.push(resolveRef(url, tag.attrs.src));
      else if (tag.name === 'link' && tag.attrs.href !== undefined) {
        if (rel.includes(' modulepreload ') || (rel.includes(' preload ') && tag.attrs.as === 'script')) {
          jsRoots.push(resolveRef(url, tag.attrs.href));
        } else if (rel.includes(' stylesheet ')) cssRoots.push(resolveRef(url, tag.attrs.href));
      }
    }
    const inlineJs = scanned.inlineScripts.filter(isJavaScript);
    for (const block of inlineJs) {
      if ((block.attrs.type ?? '').toLowerCase() !== 'module') continue;
      jsRoots.push(...this.moduleRefs(url, block.text).staticImports);
    }

    const initial = this.closure(jsRoots, (f) => f.staticImports, missing);
    const lazyRoots = [...initial.values()].flatMap((f) => f.dynamicImports);
    const lazy = this.closure(lazyRoots, (f) => [...f.staticImports, ...f.dynamicImports], missing);
    for (const file of initial.keys()) lazy.delete(file);
    const workerRoots = [...initial.values(), ...lazy.values()].flatMap((f) => f.workers);
    const workers = this.closure(workerRoots, (f) => [...f.staticImports, ...f.dynamicImports], missing);
    const css = this.closure(cssRoots, (f) => f.cssImports, missing);

    const inlineJsText = inlineJs.map((b) => b.text).join('\n');
    const inlineCssText = scanned.inlineStyles.map((b) => b.text).join('\n');
    const initialJs = bySize(initial);
    const cssFiles = bySize(css);
    const lazyJs = bySize(lazy);
    const workerJs = bySize(workers);
    const inlineJsSize = { count: inlineJs.length, ...sizes(inlineJsText) };
    const inlineCssSize = { count: scanned.inlineStyles.length, ...sizes(inlineCssText) };
    return {
      page,
      url,
      initialJs,
      inlineJs: inlineJsSize,
      css: cssFiles,
      inlineCss: inlineCssSize,
      lazyJs,
      workerJs,
      missing: [...missing].sort(),
      totals: {
        jsGzip: sum(initialJs, 'gzip') + inlineJsSize.gzip,
        jsBytes: sum(initialJs, 'bytes') + inlineJsSize.bytes,
        cssGzip: sum(cssFiles, 'gzip') + inlineCssSize.gzip,
        cssBytes: sum(cssFiles, 'bytes') + inlineCssSize.bytes,
        lazyJsGzip: sum(lazyJs, 'gzip'),
        workerJsGzip: sum(workerJs, 'gzip'),
      },
    };
  }

  /**
   * Every file the page loads or may load (scripts, workers, stylesheets), not entering the
   * files `skip` refuses nor what only they load: the offline app shell (scripts/build-sw.ts)
   * is the playground without mermaid and the diagram libraries mermaid alone pulls in.
   */
  loadable(page: string, skip: (chunk: Chunk) => boolean): { files: Chunk[]; missing: string[] } {
    const weight = this.weigh(page);
    const missing = new Set<string>();
    const roots = [...weight.initialJs, ...weight.css].map((c) => c.file);
    const all = this.closure(
      roots,
      (f) => (skip(f) ? [] : [...f.staticImports, ...f.dynamicImports, ...f.workers, ...f.cssImports]),
      missing,
    );
    for (const [file, info] of all) if (skip(info)) all.delete(file);
    return { files: bySize(all), missing: [...missing].sort() };
  }

  /** Breadth-first walk from `roots` along `next`; external URLs end the walk silently. */
  private closure(
    roots: string[],
    next: (f: FileInfo) => string[],
    missing: Set<string>,
  ): Map<string, FileInfo> {
    const seen = new Map<string, FileInfo>();
    const queue = roots.filter((r) => r !== '');
    // Bounded: each file is expanded once and the dist directory is finite.
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (seen.has(file) || isExternal(file)) continue;
      const info = this.file(file);
      if (!info) {
        missing.add(file);
        continue;
      }
      seen.set(file, info);
      queue.push(...next(info));
    }
    return seen;
  }

  private file(file: string): FileInfo | null {
    const cached = this.files.get(file);
    if (cached !== undefined) return cached;
    const path = join(this.dist, file);
    let info: FileInfo | null = null;
    if (existsSync(path) && statSync(path).isFile()) {
      const text = readFileSync(path, 'utf8');
      const url = `/${file}`;
      const isCss = file.endsWith('.css');
      const refs = isCss
        ? { staticImports: [], dynamicImports: [], workers: [] }
        : this.moduleRefs(url, text);
      info = {
        file,
        ...sizes(text),
        mermaid: !isCss && isMermaidCode(text, file),
        ...refs,
        cssImports: isCss ? cssImports(text).map((spec) => resolveRef(url, spec)) : [],
      };
    }
    this.files.set(file, info);
    return info;
  }

  private moduleRefs(
    url: string,
    code: string,
  ): { staticImports: string[]; dynamicImports: string[]; workers: string[] } {
    const staticImports: string[] = [];
    const dynamicImports: string[] = [];
    let imports: ReturnType<typeof parseModule>[0] = [];
    try {
      [imports] = parseModule(code);
    } catch {
      // A classic script with syntax the module lexer rejects has no imports to follow.
    }
    for (const imp of imports) {
      if (imp.n === undefined) continue;
      if (imp.t === ImportType.Static) staticImports.push(resolveRef(url, imp.n));
      else if (imp.t === ImportType.Dynamic) dynamicImports.push(resolveRef(url, imp.n));
    }
    // Vite lists the files to preload with a dynamic import as base-relative paths.
    for (const list of code.matchAll(/__vite__mapDeps=\([^)]*m\.f=\[([^\]]*)\]/g)) {
      for (const m of (list[1] ?? '').matchAll(/"([^"]+)"/g))
        dynamicImports.push(resolveRef('/', m[1] ?? ''));
    }
    const workers = [
      ...code.matchAll(/new\s+(?:Shared)?Worker\(\s*(?:new\s+URL\(\s*)?[`"']([^`"']+)[`"']/g),
    ].map((m) => resolveRef(url, m[1] ?? ''));
    return { staticImports, dynamicImports, workers };
  }
}

/** An absolute URL (scheme or protocol-relative) points to another origin. */
export function isExternal(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//');
}

/** A reference as written in `fromUrl`'s file → a dist-relative path, or the URL itself if external. */
export function resolveRef(fromUrl: string, ref: string): string {
  const trimmed = ref.trim();
  if (trimmed === '' || isExternal(trimmed)) return trimmed;
  const resolved = new URL(trimmed, `http://site.invalid${fromUrl}`);
  return decodeURIComponent(resolved.pathname).replace(/^\/+/, '');
}

function cssImports(css: string): string[] {
  return [...css.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)/g)].map((m) => m[1] ?? '');
}

function sizes(text: string): { bytes: number; gzip: number } {
  const buffer = Buffer.from(text, 'utf8');
  return { bytes: buffer.length, gzip: buffer.length === 0 ? 0 : gzipSync(buffer).length };
}

function bySize(files: Map<string, FileInfo>): Chunk[] {
  return [...files.values()]
    .map(({ file, bytes, gzip, mermaid }) => ({ file, bytes, gzip, mermaid }))
    .sort((a, b) => b.gzip - a.gzip || a.file.localeCompare(b.file));
}

function sum(chunks: Chunk[], key: 'gzip' | 'bytes'): number {
  return chunks.reduce((total, c) => total + c[key], 0);
}

/** "12.3 KB" with KB = 1024 bytes, the unit of the budgets. */
export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** The biggest chunks of a list, one per line, for failure messages and reports. */
export function biggestChunks(chunks: Chunk[], count = 8): string {
  return chunks
    .slice(0, count)
    .map((c) => `    ${kb(c.gzip).padStart(9)} gzip  ${c.file}${c.mermaid ? '  (mermaid)' : ''}`)
    .join('\n');
}

/** A page shows a diagram when it has an element named or classed after mermaid. */
export function hasDiagram(html: string): boolean {
  return scanHtml(html).tags.some(
    (t) => /mermaid/i.test(t.name) || /(^|\s)[\w-]*mermaid\b/i.test(t.attrs.class ?? ''),
  );
}
