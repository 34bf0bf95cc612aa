/**
 * "No page loads anything from another origin", checked on the built files: every URL in a
 * position where the browser fetches it (src, srcset, href of stylesheets/icons/preloads,
 * poster, object data, CSS url() and @import) must be relative to the site or a data: URL.
 * Navigation is not a load: <a>/<area> href, form actions, and the <link> relations that only
 * describe the page (canonical, alternate, sitemap…) may point anywhere.
 */
import { isExternal } from '../site-weight';
import { lineOf, scanHtml } from './html';

export interface ForeignRef {
  /** `page.html:12` or `_astro/x.css:3`. */
  where: string;
  /** What refers to it: `<img src>`, `style url()`, `CSS url()`… */
  via: string;
  url: string;
}

const NAVIGATION_TAGS = new Set(['a', 'area', 'form']);
/** <link> relations that name a URL without the browser fetching it. */
const DESCRIPTIVE_RELS = new Set([
  'canonical',
  'alternate',
  'sitemap',
  'author',
  'license',
  'help',
  'next',
  'prev',
  'me',
  'bookmark',
  'external',
  'nofollow',
  'noopener',
  'noreferrer',
]);
/** Form actions are navigation, so they are not listed. */
const URL_ATTRIBUTES = ['src', 'href', 'xlink:href', 'poster', 'data', 'background'];

/** True for URLs that leave the origin: absolute http(s)/other schemes and `//host`, but not data:. */
export function isForeignLoad(url: string): boolean {
  const u = url.trim();
  if (/^data:/i.test(u) || u.startsWith('#')) return false;
  return isExternal(u);
}

export function foreignRefsInHtml(page: string, html: string): ForeignRef[] {
  const found: ForeignRef[] = [];
  const add = (offset: number, via: string, url: string): void => {
    if (isForeignLoad(url)) found.push({ where: `${page}:${lineOf(html, offset)}`, via, url });
  };
  const scanned = scanHtml(html);
  for (const tag of scanned.tags) {
    const navigation =
      NAVIGATION_TAGS.has(tag.name) || (tag.name === 'link' && isDescriptiveLink(tag.attrs.rel));
    for (const name of URL_ATTRIBUTES) {
      const value = tag.attrs[name];
      if (value === undefined) continue;
      // Navigation targets may leave the site; <object data> is the only `data` that loads.
      if (name === 'href' && navigation) continue;
      if (name === 'data' && tag.name !== 'object') continue;
      add(tag.offset, `<${tag.name} ${name}>`, value);
    }
    for (const name of ['srcset', 'imagesrcset']) {
      const value = tag.attrs[name];
      if (value === undefined) continue;
      for (const candidate of value.split(',')) {
        add(tag.offset, `<${tag.name} ${name}>`, candidate.trim().split(/\s+/)[0] ?? '');
      }
    }
    if (tag.attrs.style)
      for (const url of cssUrls(tag.attrs.style)) add(tag.offset, `<${tag.name} style>`, url);
  }
  let searchFrom = 0;
  for (const block of scanned.inlineStyles) {
    const offset = Math.max(0, html.indexOf(block.text, searchFrom));
    searchFrom = offset;
    for (const url of cssUrls(block.text)) add(offset, '<style>', url);
  }
  return found;
}

export function foreignRefsInCss(file: string, css: string): ForeignRef[] {
  const found: ForeignRef[] = [];
  for (const m of css.matchAll(CSS_URL)) {
    const url = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    if (isForeignLoad(url))
      found.push({ where: `${file}:${lineOf(css, m.index ?? 0)}`, via: 'CSS url()', url });
  }
  return found;
}

/** url("…"), url('…'), url(…) and @import "…". */
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+["']([^"']+)["']/g;

function cssUrls(css: string): string[] {
  return [...css.matchAll(CSS_URL)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
}

function isDescriptiveLink(rel: string | undefined): boolean {
  const rels = (rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return rels.length > 0 && rels.every((r) => DESCRIPTIVE_RELS.has(r));
}
