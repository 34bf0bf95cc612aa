import { normalizeVersion, versionFeatures } from '../eval/version';

/** nginx time values and version-dependent defaults, as the rules need them. */

const timeUnits: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  M: 2592000,
  y: 31536000,
};

/**
 * Seconds for an nginx time value (`60`, `3s`, `500ms`, `1m30s`), or null if nginx would
 * reject it. A bare number means seconds.
 */
export function parseDuration(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  const re = /(\d+)(ms|s|m|h|d|w|M|y)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    total += Number(m[1]) * (timeUnits[m[2] ?? 's'] ?? 1);
    matched = re.lastIndex;
  }
  return matched === value.length && matched > 0 ? total : null;
}

/** Human form of a number of seconds for messages: `75 s`, `0.5 s`. */
export function seconds(n: number): string {
  return `${Number.isInteger(n) ? n : Number(n.toFixed(3))} s`;
}

export function normalizedVersion(v: string | undefined): string {
  return normalizeVersion(v);
}

/** 1.29.7 made HTTP/1.1 the upstream default, dropped the default `Connection: close` and turned keepalive on. */
export function hasModernProxyDefaults(version: string): boolean {
  return versionFeatures(version).proxyHttpVersion === '1.1';
}
