/**
 * Just enough HTML reading for the size and origin budgets: the start tags of a built page
 * with their attributes, and the text of its inline <script> and <style> elements. Astro's
 * output is well formed, so a small scanner does; text content never holds a raw `<` tag.
 */

export interface Tag {
  name: string;
  attrs: Record<string, string>;
  /** Character offset in the page, to point at the tag in error messages. */
  offset: number;
}

export interface InlineBlock {
  attrs: Record<string, string>;
  text: string;
}

export interface ScannedHtml {
  tags: Tag[];
  inlineScripts: InlineBlock[];
  inlineStyles: InlineBlock[];
}

const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/y;
const ATTR = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;

export function scanHtml(html: string): ScannedHtml {
  const tags: Tag[] = [];
  const inlineScripts: InlineBlock[] = [];
  const inlineStyles: InlineBlock[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) {
      i = lt + 1;
      continue;
    }
    const name = (m[1] ?? '').toLowerCase();
    const attrs = parseAttributes(m[2] ?? '');
    tags.push({ name, attrs, offset: lt });
    i = TAG.lastIndex;
    // Raw-text elements: their content is not markup, and it is what we measure.
    if (name === 'script' || name === 'style') {
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      const end = close < 0 ? html.length : close;
      const text = html.slice(i, end);
      if (name === 'style') inlineStyles.push({ attrs, text });
      else if (attrs.src === undefined) inlineScripts.push({ attrs, text });
      i = close < 0 ? html.length : html.indexOf('>', close) + 1;
    }
  }
  return { tags, inlineScripts, inlineStyles };
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(ATTR)) {
    const name = (m[1] ?? '').toLowerCase();
    attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Inline scripts the browser runs as JavaScript (JSON and other data blocks are not code). */
export function isJavaScript(block: InlineBlock): boolean {
  const type = (block.attrs.type ?? '').trim().toLowerCase();
  return type === '' || type === 'module' || type === 'text/javascript' || type === 'application/javascript';
}

/** 1-based line of a character offset, for messages that point into a file. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
