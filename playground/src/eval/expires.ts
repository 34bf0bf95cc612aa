/**
 * The `expires` directive (ngx_http_headers_filter_module): which Expires and Cache-Control a
 * response gets. Times are computed from a virtual clock; nginx's own clock makes them differ
 * from run to run, which the recorded-outcome comparison allows for.
 */
import { nearest } from '../config/inherit';
import { type ConfigNode, type Source, sourceOf } from '../config/tree';
import { parseSeconds } from '../config/values';
import type { RequestVariables } from './variables';

export type ExpiresMode = 'epoch' | 'max' | 'access' | 'modified' | 'daily';

/** The expires that applies, its value evaluated (null: off, unset, or an invalid variable value). */
export interface Expires {
  mode: ExpiresMode;
  /** Seconds (negative for `-N`); the time of day for `daily`. */
  time: number;
  source: Source;
}

/** ngx_http_parse_expires; null when the value is invalid or `off`. */
export function parseExpires(value: string, modified: boolean): { mode: ExpiresMode; time: number } | null {
  if (!modified) {
    if (value === 'epoch') return { mode: 'epoch', time: 0 };
    if (value === 'max') return { mode: 'max', time: 0 };
    if (value === 'off') return null;
  }
  let mode: ExpiresMode = modified ? 'modified' : 'access';
  let text = value;
  let minus = false;
  if (text.startsWith('@')) {
    if (modified) return null;
    mode = 'daily';
    text = text.slice(1);
  } else if (text.startsWith('+')) text = text.slice(1);
  else if (text.startsWith('-')) {
    minus = true;
    text = text.slice(1);
  }
  const seconds = parseSeconds(text);
  if (seconds === null) return null;
  if (mode === 'daily' && seconds > 24 * 60 * 60) return null;
  return { mode, time: minus ? -seconds : seconds };
}

export function expiresFor(conf: ConfigNode, vars: RequestVariables): Expires | null {
  const d = nearest(conf, 'expires');
  if (!d) return null;
  const modified = d.args[0] === 'modified';
  const raw = modified ? d.args[1] : d.args[0];
  if (raw === undefined) return null;
  const parsed = parseExpires(raw.includes('$') ? vars.interpolate(raw) : raw, modified);
  return parsed ? { ...parsed, source: sourceOf(d) } : null;
}

/**
 * ngx_http_set_expires: the two header values for a response whose Last-Modified time is
 * `lastModified` (seconds, null if none), at `now` (seconds).
 */
export function expiresHeaders(
  e: Expires,
  now: number,
  lastModified: number | null,
): { expires: number | 'epoch' | 'max'; cacheControl: string } {
  if (e.mode === 'epoch') return { expires: 'epoch', cacheControl: 'no-cache' };
  if (e.mode === 'max') return { expires: 'max', cacheControl: 'max-age=315360000' };
  if (e.time === 0 && e.mode !== 'daily') return { expires: now, cacheControl: 'max-age=0' };
  let at: number;
  let maxAge: number;
  if (e.mode === 'daily') {
    const day = Math.floor(now / 86400) * 86400;
    at = day + e.time > now ? day + e.time : day + 86400 + e.time;
    maxAge = at - now;
  } else if (e.mode === 'access' || lastModified === null) {
    maxAge = e.time;
    at = now + e.time;
  } else {
    at = lastModified + e.time;
    maxAge = at - now;
  }
  return { expires: at, cacheControl: e.time < 0 || maxAge < 0 ? 'no-cache' : `max-age=${maxAge}` };
}
