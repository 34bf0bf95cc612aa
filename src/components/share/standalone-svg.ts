/**
 * Turns an SVG serialized from the page (XMLSerializer output) into a file that stands on
 * its own: opened directly, pasted into a wiki or drawn onto a canvas, it needs nothing
 * from our site. It gets a size in pixels, the SVG namespaces, a background (a diagram
 * drawn for a dark page is unreadable on white), fonts that fall back to what the reader
 * has (CJK included), and loses anything that would load from elsewhere or run.
 * Pure string work, so it is unit-tested without a browser.
 */

export interface StandaloneOptions {
  /** CSS colour painted behind the drawing. */
  background: string;
  /** Becomes the file's <title>: what image viewers and screen readers announce. */
  title?: string;
}

export interface StandaloneSvg {
  svg: string;
  width: number;
  height: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Font stacks end with CJK faces and a generic family, so no reader sees boxes. */
export const FONT_FALLBACKS = [
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  'sans-serif',
];

export function withFontFallbacks(stack: string): string {
  const families = stack
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const generic = /^(?:sans-serif|serif|monospace|system-ui|ui-monospace|ui-sans-serif)$/i;
  const known = new Set(families.map((f) => f.replace(/["']/g, '').toLowerCase()));
  const extra = FONT_FALLBACKS.filter((f) => !known.has(f.replace(/["']/g, '').toLowerCase()));
  // A generic family in the middle of the stack would stop the CJK fallbacks from being reached.
  const named = families.filter((f) => !generic.test(f));
  const generics = families.filter((f) => generic.test(f) && !/^sans-serif$/i.test(f));
  return [...named, ...extra.filter((f) => f !== 'sans-serif'), ...generics, 'sans-serif'].join(', ');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** Attributes of the root `<svg …>` tag, in order. */
function rootAttributes(tag: string): Array<[string, string]> {
  const attrs: Array<[string, string]> = [];
  const re = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(tag); m; m = re.exec(tag)) attrs.push([m[1] as string, m[2] ?? m[3] ?? '']);
  return attrs;
}

function number(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^\s*([0-9.]+)\s*(px)?\s*$/.exec(value);
  return m ? Number(m[1]) : null;
}

/** Named HTML entities are not XML: a file with `&nbsp;` does not open. */
function xmlEntities(markup: string): string {
  const named: Record<string, string> = {
    nbsp: '&#160;',
    ensp: '&#8194;',
    emsp: '&#8195;',
    thinsp: '&#8201;',
  };
  return markup.replace(/&([A-Za-z][A-Za-z0-9]*);/g, (whole, name: string) => {
    if (['amp', 'lt', 'gt', 'quot', 'apos'].includes(name)) return whole;
    return named[name] ?? `&amp;${name};`;
  });
}

/** Removes what could load from elsewhere or run; keeps `#local` and `data:` references. */
function scrub(markup: string): string {
  return (
    markup
      .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
      .replace(/<script\b[^>]*\/>/gi, '')
      .replace(/\s(?:on[a-z]+)\s*=\s*(?:"[^"]*"|'[^']*')/gi, '')
      .replace(/\s((?:xlink:)?href)\s*=\s*("([^"]*)"|'([^']*)')/gi, (whole, _name, _q, dq, sq) => {
        const value = String(dq ?? sq ?? '').trim();
        return value.startsWith('#') || /^data:image\//i.test(value) ? whole : '';
      })
      .replace(/@import\s+[^;]+;/gi, '')
      // url("http://site/page#id"), as computed styles write local references: keep the fragment.
      .replace(/url\(\s*(&quot;|['"]?)[^)'"#&]*(#[^)'"&]+)\1\s*\)/gi, 'url($2)')
      // Any other url(…) but data: loads from the web (a font, an image): drop it.
      .replace(/url\(\s*(&quot;|['"]?)(?!#)(?!data:)[^)'"&]*\1\s*\)/gi, 'none')
  );
}

/** Rewrites every `font-family:` declaration of a CSS text. */
function cssFontFallbacks(css: string): string {
  return css.replace(
    /font-family\s*:\s*([^;}]+)/gi,
    (_w, stack: string) => `font-family: ${withFontFallbacks(stack).replace(/"/g, "'").trim()}`,
  );
}

/** Font fallbacks in <style> elements, style="" attributes and font-family="" attributes. */
function fontFallbacks(markup: string): string {
  const decode = (value: string) =>
    value
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return markup
    .replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style\s*>)/gi, (_w, open: string, css: string, close: string) => {
      return `${open}${cssFontFallbacks(css)}${close}`;
    })
    .replace(
      /\sstyle="([^"]*)"/gi,
      (_w, css: string) => ` style="${escapeAttr(cssFontFallbacks(decode(css)))}"`,
    )
    .replace(/\sfont-family="([^"]*)"/gi, (_w, stack: string) => {
      return ` font-family="${escapeAttr(withFontFallbacks(decode(stack)).replace(/"/g, "'"))}"`;
    });
}

/**
 * Makes `markup` (one `<svg>` element, XML-serialized) a standalone SVG file.
 * Throws when it is not an SVG or has no size at all (neither width/height nor viewBox).
 */
export function standaloneSvg(markup: string, options: StandaloneOptions): StandaloneSvg {
  const body = markup.replace(/^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?/i, '');
  const open = /^<svg\b[^>]*>/i.exec(body);
  if (!open) throw new Error('standaloneSvg: the markup does not start with an <svg> element');
  const attrs = rootAttributes(open[0]);
  const get = (name: string) => attrs.find(([n]) => n === name)?.[1];
  const viewBox = get('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  const hasViewBox = viewBox?.length === 4 && viewBox.every(Number.isFinite);
  const [minX, minY, vbWidth, vbHeight] = hasViewBox
    ? (viewBox as [number, number, number, number])
    : [0, 0, 0, 0];
  const width = number(get('width')) ?? (hasViewBox ? vbWidth : null);
  const height = number(get('height')) ?? (hasViewBox ? vbHeight : null);
  if (!width || !height) throw new Error('standaloneSvg: the SVG has neither a pixel size nor a viewBox');
  const w = Math.ceil(width);
  const h = Math.ceil(height);

  // Root attributes: our size and namespaces; the page's layout hints (style, class, role) go.
  const keep = attrs.filter(
    ([n]) =>
      !['width', 'height', 'style', 'xmlns', 'xmlns:xlink', 'role', 'tabindex'].includes(n) &&
      !/^(?:on|aria-|data-)/i.test(n),
  );
  const rest = body.slice(open[0].length);
  const usesXlink = /\sxlink:/.test(rest);
  const rootTag = [
    `<svg xmlns="${SVG_NS}"`,
    usesXlink ? ` xmlns:xlink="${XLINK_NS}"` : '',
    ` width="${w}" height="${h}"`,
    hasViewBox ? '' : ` viewBox="0 0 ${w} ${h}"`,
    ...keep.map(([n, v]) => ` ${n}="${escapeAttr(v)}"`),
    '>',
  ].join('');
  const [bx, by, bw, bh] = hasViewBox ? [minX, minY, vbWidth, vbHeight] : [0, 0, w, h];
  const title = options.title?.trim() ? `<title>${escapeText(options.title.trim())}</title>` : '';
  const background = `<rect x="${bx}" y="${by}" width="${bw}" height="${bh}" fill="${escapeAttr(options.background)}"/>`;
  const inner = fontFallbacks(scrub(xmlEntities(rest)));
  const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${rootTag}${title}${background}${inner}\n`;
  return { svg, width: w, height: h };
}
