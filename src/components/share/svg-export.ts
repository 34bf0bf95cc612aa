import { type MermaidTheme, renderMermaid } from './diagram-render';
import { type StandaloneSvg, standaloneSvg } from './standalone-svg';

/**
 * Browser side of the image downloads: an SVG on the page (or a Mermaid source) becomes a
 * standalone SVG file (see standalone-svg.ts), and that file becomes a PNG through a canvas.
 */

/** Properties that decide how SVG shapes and text look; copied from computed styles. */
const PAINT = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

/** The colour behind the content, for the file's background (the page's, never transparent). */
export function pageBackground(from: Element = document.body): string {
  for (let el: Element | null = from; el; el = el.parentElement) {
    const bg = getComputedStyle(el).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(bg)) return bg;
  }
  return '#ffffff';
}

/**
 * Serializes an SVG drawn with the page's stylesheet (CSS classes, custom properties):
 * every element gets its computed paint as inline style, so the file looks the same alone.
 */
export function serializeStyledSvg(source: SVGSVGElement): string {
  const copy = source.cloneNode(true) as SVGSVGElement;
  const originals = [source, ...Array.from(source.querySelectorAll('*'))];
  const copies = [copy, ...Array.from(copy.querySelectorAll('*'))];
  originals.forEach((original, i) => {
    const target = copies[i];
    if (!target || original instanceof SVGTitleElement) return;
    const computed = getComputedStyle(original);
    const style = PAINT.map((name) => [name, computed.getPropertyValue(name)] as const)
      .filter(([, value]) => value !== '')
      .map(([name, value]) => `${name}: ${value.replace(/url\("?[^)"]*?(#[^)"]+)"?\)/g, 'url($1)')}`)
      .join('; ');
    target.setAttribute('style', style);
    target.removeAttribute('class');
    target.removeAttribute('tabindex');
  });
  return new XMLSerializer().serializeToString(copy);
}

/** Mermaid's output is HTML-serialized; reading it as HTML and writing it as XML makes it a file. */
export function mermaidMarkupToXml(markup: string): string {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${markup}`, 'text/html');
  const svg = doc.body.querySelector('svg');
  if (!svg) throw new Error('Mermaid returned no <svg>');
  return new XMLSerializer().serializeToString(svg);
}

export async function mermaidImage(
  source: string,
  theme: MermaidTheme,
  title: string,
  background = pageBackground(),
): Promise<StandaloneSvg> {
  const markup = await renderMermaid(source, { theme, htmlLabels: false });
  return standaloneSvg(mermaidMarkupToXml(markup), { background, title });
}

export function styledSvgImage(svg: SVGSVGElement, title: string): StandaloneSvg {
  return standaloneSvg(serializeStyledSvg(svg), { background: pageBackground(svg), title });
}
