import { PERMALINK_VALUE, stripInvisible } from '../../../playground/src/index';
import type { Lang } from '../../i18n/languages';
import type { EmbedKind, EmbedTheme } from './embed-params';

/**
 * The texts the embed dialog offers for copying: an `<iframe>` snippet, the plain
 * permalink to the full playground, and a Markdown link. URLs are absolute (wikis live on
 * other hosts), built from the origin the reader is on, so a mirror of the site embeds itself.
 */

export interface EmbedTarget {
  kind: EmbedKind;
  lang: Lang;
  /** The `s=` value: a versioned permalink, see playground/src/permalink.ts. */
  permalink: string;
  view: string;
  theme?: EmbedTheme | null;
  /** Human title: the iframe's `title` and the Markdown link text. */
  title: string;
}

/** Permalink values are a version mark and base64url; anything else is refused rather than pasted into markup. */
function checkedValue(permalink: string): string {
  if (!PERMALINK_VALUE.test(permalink))
    throw new Error('embed-codes: permalink must be a version mark and base64url');
  return permalink;
}

export function embedUrl(origin: string, target: EmbedTarget): string {
  const theme = target.theme ? `&theme=${target.theme}` : '';
  const view = encodeURIComponent(target.view);
  return `${origin}/${target.lang}/embed/${target.kind}/#s=${checkedValue(target.permalink)}&view=${view}${theme}`;
}

export function playgroundUrl(origin: string, lang: Lang, permalink: string): string {
  return `${origin}/${lang}/playground/#s=${checkedValue(permalink)}`;
}

export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The iframe snippet. `allow="clipboard-write"` lets the copy buttons inside work in
 * browsers that gate the clipboard API in cross-origin frames.
 */
export function iframeCode(origin: string, target: EmbedTarget): string {
  const src = escapeAttribute(embedUrl(origin, target));
  const title = escapeAttribute(stripInvisible(target.title));
  return `<iframe src="${src}" width="100%" height="480" loading="lazy" title="${title}" allow="clipboard-write" style="border:0"></iframe>`;
}

/** `[title](url)` with the characters Markdown would read as syntax escaped. */
export function markdownLink(title: string, url: string): string {
  const text = stripInvisible(title)
    .replace(/[\\[\]*_`<>]/g, (c) => `\\${c}`)
    .replace(/\s+/g, ' ');
  return `[${text}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}
