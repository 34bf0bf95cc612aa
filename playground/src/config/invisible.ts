/**
 * Zero-width characters, bidi controls and a byte-order mark: invisible in most editors, but
 * nginx reads them as part of the word (review F8: `proxy_set_header Conn\u200Bection` sends
 * a header no backend knows, and `\u202E` shows text in another order than nginx reads it).
 */
export const INVISIBLE_CHARS = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;
const INVISIBLE = new RegExp(INVISIBLE_CHARS.source, 'g');

/** `text` with each invisible character written out as `⟨U+200B⟩`. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch) => `⟨${codePointName(ch)}⟩`);
}

/** `text` without its invisible characters (for titles and share texts). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** `U+200B`. */
export function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
