/**
 * Gives every id inside one SVG a prefix of its own and rewrites the references to them, so
 * several drawings can share a page — a diagram's light and dark SVGs, several diagrams —
 * without one's `url(#arrowhead)` or `href="#…"` resolving into another. That matters beyond
 * tidiness: a marker or filter that lives in the hidden (display: none) drawing does not paint.
 * Mermaid prefixes most ids with the render id already; a few (sequence actors, flowchart
 * edges) it numbers from page-wide counters.
 */

const HEX_COLOUR = /^(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function scopeSvgIds(markup: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const m of markup.matchAll(/\sid="([^"]+)"/g)) {
    const id = m[1] as string;
    if (id !== prefix && !id.startsWith(`${prefix}-`) && !id.startsWith(`${prefix}_`))
      renamed.set(id, `${prefix}-${id}`);
  }
  if (renamed.size === 0) return markup;
  const to = (id: string) => renamed.get(id) ?? id;
  const urls = (text: string) =>
    text.replace(/url\((["']?)#([^)"']+)\1\)/g, (_w, q: string, id: string) => `url(${q}#${to(id)}${q})`);
  const tag = (text: string) =>
    urls(text)
      .replace(/(\sid=")([^"]+)(")/g, (_w, a: string, id: string, b: string) => `${a}${to(id)}${b}`)
      .replace(
        /(\s(?:xlink:)?href=")#([^"]+)(")/g,
        (_w, a: string, id: string, b: string) => `${a}#${to(id)}${b}`,
      )
      .replace(
        /(\saria-(?:labelledby|describedby|controls|owns)=")([^"]*)(")/g,
        (_w, a: string, ids: string, b: string) => `${a}${ids.split(/\s+/).map(to).join(' ')}${b}`,
      );
  // Selectors in the drawing's own <style>: only ids we renamed, never a colour like #333.
  const selectorIds = [...renamed.keys()].filter((id) => !HEX_COLOUR.test(id));
  const selector = selectorIds.length
    ? new RegExp(`#(${selectorIds.map(escapeRegExp).join('|')})(?![\\w-])`, 'g')
    : null;
  const style = (block: string) => {
    const open = block.indexOf('>') + 1;
    const close = block.lastIndexOf('</');
    const css = urls(block.slice(open, close));
    return `${tag(block.slice(0, open))}${selector ? css.replace(selector, (_s, id: string) => `#${to(id)}`) : css}${block.slice(close)}`;
  };
  // Tags and style sheets only: the drawing's text is the reader's, even where it reads like a reference.
  return markup.replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>|<[^>]+>/g, (chunk) =>
    chunk.startsWith('<style') ? style(chunk) : tag(chunk),
  );
}
