/**
 * oEmbed (https://oembed.com) for the embeddable items, so a wiki that embeds by URL (its own
 * oEmbed support, or iframely) turns the item's address into the iframe. The site is static:
 * one JSON file per item, written at build time next to its embed page (`oembed.json`), and a
 * `<link rel="alternate" type="application/json+oembed">` in that page and in the guide that
 * shows the item. Pure functions; the routes under src/pages/[lang]/embed/ call them.
 */
import { escapeAttribute, iframeSnippet } from '../share/share-codes';

export interface OEmbedItem {
  /** Absolute URL of the embed page (the iframe's src). */
  src: string;
  title: string;
  /** The iframe's height when the resize script is absent, px. */
  height: number;
  /** An image of the item (the diagram's SVG, the transcript's), absolute URL and natural size. */
  thumbnail?: { url: string; width: number; height: number } | undefined;
}

export interface OEmbed {
  version: '1.0';
  type: 'rich';
  title: string;
  provider_name: string;
  provider_url: string;
  html: string;
  width: number;
  height: number;
  cache_age: number;
  thumbnail_url?: string;
  thumbnail_width?: number;
  thumbnail_height?: number;
}

/** The width a consumer should reserve: the embeds are fluid, this is a typical wiki column. */
export const OEMBED_WIDTH = 760;

export function oembed(item: OEmbedItem, provider: { name: string; url: string }): OEmbed {
  const resize = `${new URL('/embed/resize.js', provider.url).href}`;
  const frame = iframeSnippet({ src: item.src, title: item.title, height: item.height });
  const json: OEmbed = {
    version: '1.0',
    type: 'rich',
    title: item.title,
    provider_name: provider.name,
    provider_url: provider.url,
    // The iframe, and the optional script that sizes it to its content (it only listens to
    // height messages from this site's origin; without it the iframe keeps its height).
    html: `${frame}<script src="${escapeAttribute(resize)}" async></script>`,
    width: OEMBED_WIDTH,
    height: Math.round(Math.min(Math.max(item.height, 120), 2000)),
    // A day: the item changes with the site's builds.
    cache_age: 86400,
  };
  if (item.thumbnail) {
    json.thumbnail_url = item.thumbnail.url;
    json.thumbnail_width = Math.round(item.thumbnail.width);
    json.thumbnail_height = Math.round(item.thumbnail.height);
  }
  return json;
}

/** The discovery link's attributes for an item whose oembed.json is at `href`. */
export function oembedLink(href: string, title: string) {
  return { rel: 'alternate', type: 'application/json+oembed', href, title } as const;
}

/** Width and height of an SVG from its viewBox (else its width/height attributes). */
export function svgSize(svg: string): { width: number; height: number } | null {
  const root = svg.match(/<svg\b[^>]*>/)?.[0] ?? '';
  const box = root.match(/viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/);
  if (box) return { width: Number(box[1]), height: Number(box[2]) };
  const w = root.match(/\bwidth="([\d.]+)(?:px)?"/);
  const h = root.match(/\bheight="([\d.]+)(?:px)?"/);
  return w && h ? { width: Number(w[1]), height: Number(h[1]) } : null;
}
