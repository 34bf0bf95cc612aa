/**
 * X-Accel-Charset (ngx_http_destination_charset): a backend's charset for nginx's charset filter
 * to convert to. The filter only knows the charsets the configuration names (`charset`,
 * `source_charset`, `charset_map`); any other name, on an answer with a Content-Type, is logged as
 * unknown and changes nothing. Conversion to a known one is not modelled (the caller says so).
 */
import { nearest } from '../config/inherit';
import { descendants } from '../config/tree';
import { type Evaluation, lateEvaluation } from '../eval/evaluate';
import type { ConfigModel } from '../eval/model';

const CHARSET_DIRECTIVES = new Set(['charset', 'source_charset', 'charset_map']);

/** The names the charset filter knows: every charset the configuration mentions. */
export function knownCharsets(model: ConfigModel): Set<string> {
  const names = new Set<string>();
  for (const d of descendants(model.http)) {
    if (!CHARSET_DIRECTIVES.has(d.name)) continue;
    const args = d.name === 'charset_map' ? d.args.slice(0, 2) : d.args.slice(0, 1);
    for (const a of args) if (a !== 'off' && !a.includes('$')) names.add(a.toLowerCase());
  }
  return names;
}

export type AccelCharset = { kind: 'unknown'; log: string } | { kind: 'known' } | null;

/** What X-Accel-Charset does to this proxied answer (null: nothing, or not sent). */
export function accelCharset(
  backendHeaders: ReadonlyArray<readonly [string, string]>,
  hasContentType: boolean,
  ev: Evaluation,
  model: ConfigModel,
): AccelCharset {
  if (ev.handling.kind !== 'proxy' || !hasContentType) return null;
  const value = backendHeaders.find(([n]) => n === 'x-accel-charset')?.[1];
  if (!value) return null;
  const ignore = nearest(lateEvaluation(ev).conf, 'proxy_ignore_headers');
  if (ignore?.args.some((a) => a.toLowerCase() === 'x-accel-charset')) return null;
  if (knownCharsets(model).has(value.toLowerCase())) return { kind: 'known' };
  return { kind: 'unknown', log: `[error] unknown charset "${value}" to override` };
}
