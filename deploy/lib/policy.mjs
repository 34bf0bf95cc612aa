// @ts-check
/**
 * The one source of truth for the headers the built site is served with. Both outputs are
 * rendered from this file by scripts/deploy-headers.mjs: the nginx snippets that
 * deploy/nginx.conf includes, and the `_headers` file static hosts read. A test serves the
 * build with real nginx and checks every page against `_headers`, so the two cannot drift.
 */

/**
 * Every URL of the site is one of these kinds; each kind has one complete set of headers.
 * - asset:  /_astro/* — file names carry a content hash, so a file never changes: cache forever.
 * - search-chunk: pagefind's hashed index chunks (fragment/, index/, *.pf_meta): same reasoning.
 * - search: pagefind's entry points (pagefind.js, pagefind-entry.json, wasm): fixed names whose
 *   content changes with each build and points at the hashed chunks, so always revalidate.
 * - embed:  the pages made to be framed by other sites' wikis.
 * - page:   everything else (guides, playground, exercises, /, 404, favicon, sitemaps).
 * @typedef {'asset' | 'search-chunk' | 'search' | 'embed' | 'page'} RouteKind
 */

/** Embed routes: /zh/embed/…, /en/embed/… and a language-neutral /embed/…. nginx.conf uses the same pattern. */
export const EMBED_PATH = /^\/(?:[a-z]{2}(?:-[a-z]+)?\/)?embed\//i;

/** @param {string} path URL path, e.g. "/en/guides/handshake/" @returns {RouteKind} */
export function routeKind(path) {
  if (path.startsWith('/_astro/')) return 'asset';
  if (/^\/pagefind\/(?:fragment\/|index\/|[^/]+\.pf_meta$)/.test(path)) return 'search-chunk';
  if (path.startsWith('/pagefind/')) return 'search';
  if (EMBED_PATH.test(path)) return 'embed';
  return 'page';
}

/** A year: the longest max-age caches honour; `immutable` stops reload revalidation. */
const CACHE_FOREVER = 'public, max-age=31536000, immutable';
/** Stored, but checked with the server (ETag/Last-Modified, a cheap 304) before every use. */
const CACHE_REVALIDATE = 'public, max-age=0, must-revalidate';

/** Sent with every response, whatever its kind. */
const COMMON = {
  // Never guess a type: a text file served as a script must not run.
  'X-Content-Type-Options': 'nosniff',
  // Links to other sites reveal our origin only, never the page path or query string.
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // The site uses none of these; an injected script cannot ask for them either.
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/**
 * The Content-Security-Policy of an HTML document.
 * - script-src: our own files plus the SHA-256 of each inline script the build emitted
 *   (Starlight's theme and sidebar scripts, the embed theme script, the language picker);
 *   no 'unsafe-inline', so an injected <script> or onclick= does not run.
 *   'wasm-unsafe-eval' lets the search (pagefind) compile its WebAssembly; it allows no JS eval.
 * - style-src keeps 'unsafe-inline': Expressive Code writes style="" attributes, mermaid puts
 *   <style> inside each SVG it draws, and Starlight sets inline styles; hashes cannot cover
 *   styles made at run time. CSS cannot run script, so the risk left is page defacement only.
 * - worker-src 'self': the playground's engine worker is a file under /_astro/.
 * - img-src data: blob:: mermaid and the SVG/PNG downloads build images in memory.
 * - frame-ancestors: who may put the page in a frame ('none' for the site, a list for embeds).
 *   It only works as a header (a <meta> CSP ignores it), which is why the policy is a header.
 * @param {{ scriptHashes: readonly string[], frameAncestors: readonly string[] }} input
 */
export function contentSecurityPolicy({ scriptHashes, frameAncestors }) {
  const hashes = [...new Set(scriptHashes)].sort().map((h) => `'sha256-${h}'`);
  return [
    "default-src 'self'",
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...hashes].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}

/**
 * The complete header set of one kind of URL, in a stable order.
 * @param {RouteKind} kind
 * @param {{ scriptHashes: readonly string[], frameAncestors: readonly string[] }} build
 * @returns {Array<[string, string]>}
 */
export function headersFor(kind, build) {
  switch (kind) {
    case 'asset':
    case 'search-chunk':
      return [['Cache-Control', CACHE_FOREVER], ...Object.entries(COMMON)];
    case 'search':
      return [['Cache-Control', CACHE_REVALIDATE], ...Object.entries(COMMON)];
    case 'embed':
      // No X-Frame-Options here: it has no "these origins" form that browsers honour, and
      // frame-ancestors (which replaces it in every current browser) carries the allow-list.
      return [
        ['Cache-Control', CACHE_REVALIDATE],
        ['Content-Security-Policy', contentSecurityPolicy(build)],
        ...Object.entries(COMMON),
      ];
    case 'page':
      return [
        ['Cache-Control', CACHE_REVALIDATE],
        ['Content-Security-Policy', contentSecurityPolicy({ ...build, frameAncestors: ["'none'"] })],
        // For browsers older than CSP level 2, which ignore frame-ancestors.
        ['X-Frame-Options', 'DENY'],
        ...Object.entries(COMMON),
      ];
  }
}

/** @type {readonly RouteKind[]} */
export const ROUTE_KINDS = ['asset', 'search-chunk', 'search', 'embed', 'page'];

/**
 * Headers that describe the resource rather than protect it: nginx sends them only with
 * successful responses (add_header without `always`), so a 404 is never cached for a year.
 */
export const SUCCESS_ONLY_HEADERS = new Set(['Cache-Control']);
