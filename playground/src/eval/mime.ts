/**
 * The Content-Type nginx gives a file it serves (ngx_http_set_content_type): the extension
 * (`r->exten`, lower-cased) looked up in the `types` that apply — the innermost level that has
 * any `types` block, else nginx's compiled-in three (ngx_http_core_default_types) — else
 * `default_type` (text/plain unless set).
 */
import { inheritanceChain, nearest } from '../config/inherit';
import type { ConfigNode } from '../config/tree';

/** ngx_http_core_default_types: what applies when no level has a `types` block. */
const DEFAULT_TYPES = new Map([
  ['html', 'text/html'],
  ['gif', 'image/gif'],
  ['jpg', 'image/jpeg'],
]);

/** ngx_http_set_exten: what follows the last `.` of the URI's last segment ('' if none). */
export function extensionOf(uri: string): string {
  const slash = uri.lastIndexOf('/');
  const dot = uri.lastIndexOf('.');
  return dot > slash ? uri.slice(dot + 1) : '';
}

function typesAt(conf: ConfigNode): Map<string, string> {
  for (const level of inheritanceChain(conf)) {
    const blocks = level.children.filter((c) => c.name === 'types' && c.opens !== null);
    if (blocks.length === 0) continue;
    const out = new Map<string, string>();
    for (const block of blocks)
      for (const entry of block.children)
        for (const ext of entry.args) out.set(ext.toLowerCase(), entry.name);
    return out;
  }
  return DEFAULT_TYPES;
}

export function contentTypeFor(conf: ConfigNode, uri: string): string {
  const ext = extensionOf(uri).toLowerCase();
  const type = ext !== '' ? typesAt(conf).get(ext) : undefined;
  return type ?? nearest(conf, 'default_type')?.args[0] ?? 'text/plain';
}
