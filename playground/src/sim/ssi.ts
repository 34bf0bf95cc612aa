/**
 * The part of SSI (ngx_http_ssi_filter_module) the v2 simulator plays: a page of text with
 * `<!--#include virtual="…" [set="name"] -->` and `<!--#echo var="name" -->`. Anything else in a
 * page (another command, another parameter) leaves the page unmodelled (null), so the run says so.
 */

export type SsiPiece =
  | { kind: 'text'; text: string }
  | { kind: 'include'; virtual: string; set: string | null }
  | { kind: 'echo'; name: string; encoding: 'entity' | 'none' };

const COMMAND = /<!--#([a-z_]+)((?:\s+[a-z_]+="[^"]*")*)\s*-->/g;
const PARAM = /([a-z_]+)="([^"]*)"/g;

export function parseSsi(page: string): SsiPiece[] | null {
  const pieces: SsiPiece[] = [];
  let last = 0;
  for (const m of page.matchAll(COMMAND)) {
    if (m.index > last) pieces.push({ kind: 'text', text: page.slice(last, m.index) });
    last = m.index + m[0].length;
    const params = new Map<string, string>();
    for (const p of (m[2] ?? '').matchAll(PARAM)) params.set(p[1]!, p[2]!);
    const allowed = (...names: string[]) => [...params.keys()].every((n) => names.includes(n));
    if (m[1] === 'include' && params.has('virtual') && allowed('virtual', 'set')) {
      pieces.push({ kind: 'include', virtual: params.get('virtual')!, set: params.get('set') ?? null });
    } else if (m[1] === 'echo' && params.has('var') && allowed('var', 'encoding')) {
      const encoding = params.get('encoding') ?? 'entity';
      if (encoding !== 'entity' && encoding !== 'none') return null;
      pieces.push({ kind: 'echo', name: params.get('var')!, encoding });
    } else return null;
  }
  // An unfinished command is something this model does not read.
  if (page.indexOf('<!--#', last) >= 0) return null;
  if (last < page.length) pieces.push({ kind: 'text', text: page.slice(last) });
  return pieces;
}

/** `echo`'s default encoding: the HTML entities ngx_escape_html writes. */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch]!);
}
