/**
 * nginx's value parsers (src/core/ngx_parse.c): durations and sizes, with nginx's exact
 * acceptance rules, so that a value the playground accepts is one nginx accepts.
 */

const MAX_INT = 2n ** 63n - 1n;

function digits(text: string): bigint | null {
  if (text.length === 0 || !/^[0-9]+$/.test(text)) return null;
  const value = BigInt(text);
  return value > MAX_INT ? null : value;
}

/** `ngx_atoi`: unsigned decimal, no sign, no spaces. */
export function parseNumber(text: string): number | null {
  const value = digits(text);
  return value === null ? null : Number(value);
}

function scaled(text: string, units: Record<string, bigint>): number | null {
  if (text.length === 0) return null;
  const unit = text[text.length - 1]!;
  const scale = units[unit];
  const value = digits(scale === undefined ? text : text.slice(0, -1));
  if (value === null) return null;
  const factor = scale ?? 1n;
  if (value > MAX_INT / factor) return null;
  return Number(value * factor);
}

const SIZE_UNITS: Record<string, bigint> = { k: 1024n, K: 1024n, m: 1024n ** 2n, M: 1024n ** 2n };
const OFFSET_UNITS: Record<string, bigint> = { ...SIZE_UNITS, g: 1024n ** 3n, G: 1024n ** 3n };

/** `ngx_parse_size` (e.g. `proxy_buffer_size 16k`): bytes, units k and m. */
export function parseSize(text: string): number | null {
  return scaled(text, SIZE_UNITS);
}

/** `ngx_parse_offset` (e.g. `client_max_body_size 1g`): bytes, units k, m and g. */
export function parseOffset(text: string): number | null {
  return scaled(text, OFFSET_UNITS);
}

type Step = 'start' | 'y' | 'M' | 'w' | 'd' | 'h' | 'm' | 's' | 'ms' | 'last';
const ORDER: Step[] = ['start', 'y', 'M', 'w', 'd', 'h', 'm', 's', 'ms', 'last'];
const SECONDS: Record<string, bigint> = {
  y: 31536000n,
  M: 2592000n,
  w: 604800n,
  d: 86400n,
  h: 3600n,
  m: 60n,
  s: 1n,
  last: 1n,
};

/** `ngx_parse_time`: returns milliseconds (msec mode) or seconds (sec mode), or null. */
function parseTime(text: string, inSeconds: boolean): number | null {
  let step: Step = inSeconds ? 'start' : 'M';
  let value = 0n;
  let total = 0n;
  let valid = false;
  let i = 0;
  const rank = (s: Step) => ORDER.indexOf(s);
  while (i < text.length) {
    const ch = text[i]!;
    if (ch >= '0' && ch <= '9') {
      value = value * 10n + BigInt(ch.charCodeAt(0) - 48);
      if (value > MAX_INT) return null;
      valid = true;
      i++;
      continue;
    }
    i++;
    let next: Step;
    if (ch === 'm' && text[i] === 's') {
      if (inSeconds || rank(step) >= rank('ms')) return null;
      i++;
      next = 'ms';
    } else if (ch === ' ') {
      if (rank(step) >= rank('s')) return null;
      next = 'last';
    } else if (
      ch === 'y' ||
      ch === 'M' ||
      ch === 'w' ||
      ch === 'd' ||
      ch === 'h' ||
      ch === 'm' ||
      ch === 's'
    ) {
      // nginx compares against the step before taking this unit; `y` is only refused past `start`.
      if (ch === 'y' ? rank(step) > rank('start') : rank(step) >= rank(ch)) return null;
      next = ch;
    } else {
      return null;
    }
    step = next;
    let scale = next === 'ms' ? 1n : SECONDS[next]!;
    if (next !== 'ms' && !inSeconds) scale *= 1000n;
    if (value > MAX_INT / scale) return null;
    value *= scale;
    if (total > MAX_INT - value) return null;
    total += value;
    value = 0n;
    while (text[i] === ' ') i++;
  }
  if (!valid) return null;
  if (!inSeconds) {
    if (value > MAX_INT / 1000n) return null;
    value *= 1000n;
  }
  if (total > MAX_INT - value) return null;
  return Number(total + value);
}

/**
 * A timeout such as `proxy_read_timeout 1h 30m` in milliseconds. nginx's msec parser accepts
 * `w d h m s ms` (a bare number is seconds) and refuses `M` and `y`; null when nginx refuses.
 */
export function parseDuration(text: string): number | null {
  return parseTime(text, false);
}

/** A seconds-valued time (`ngx_conf_set_sec_slot`, e.g. `ssl_session_timeout`): `y M w d h m s`. */
export function parseSeconds(text: string): number | null {
  return parseTime(text, true);
}

/** An IPv4 or bracketed IPv6 literal: an address no resolver is asked about. */
export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || /^\[[0-9a-fA-F:.]+\]$/.test(host);
}
