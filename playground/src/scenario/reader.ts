/**
 * What the scenario loaders (v1: load.ts, v2: load-v2.ts) share: problems that name the YAML
 * line of the field they are about, and readers for the field types both versions use. A reader
 * never throws: it records the problem and returns a fallback, so that one pass reports every
 * problem in the file.
 */

import type { Document, LineCounter } from 'yaml';
import { MAX_SCENARIO_ENTRIES } from '../limits/counts';
import { tooManyMessage } from '../limits/scenario';
import type { Localized } from './types';

/** One problem in a scenario file; `path` is the field, e.g. `client.request.path`. */
export interface ScenarioProblem {
  /** 1-based line in the scenario text, or null when the field is missing altogether. */
  line: number | null;
  message: string;
  path: string;
}

export type Path = Array<string | number>;

export class Reader {
  readonly errors: ScenarioProblem[] = [];
  constructor(
    private readonly doc: Document | null,
    private readonly lines: LineCounter,
  ) {}

  lineOf(path: Path): number | null {
    if (!this.doc) return null;
    // Walk up until a node with a position is found (a missing field points at its parent).
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = p.length === 0 ? this.doc.contents : this.doc.getIn(p, true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return this.lines.linePos(range[0]).line;
      if (p.length === 0) return null;
    }
  }

  problem(path: Path, message: string): void {
    this.errors.push({ line: this.lineOf(path), message, path: path.join('.') || '(top)' });
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function readNumber(
  r: Reader,
  path: Path,
  value: unknown,
  fallback: number,
  check: { min?: number; integer?: boolean; max?: number } = {},
): number {
  if (value === undefined) return fallback;
  if (!isFiniteNumber(value)) {
    r.problem(path, `${path.join('.')} must be a number (seconds), got ${JSON.stringify(value)}`);
    return fallback;
  }
  if (check.integer && !Number.isInteger(value)) {
    r.problem(path, `${path.join('.')} must be a whole number, got ${value}`);
    return fallback;
  }
  if (check.min !== undefined && value < check.min) {
    r.problem(path, `${path.join('.')} must be at least ${check.min}, got ${value}`);
    return fallback;
  }
  if (check.max !== undefined && value > check.max) {
    r.problem(path, `${path.join('.')} must be at most ${check.max}, got ${value}`);
    return fallback;
  }
  return value;
}

/** Periodic timers: null (off) or a positive number of seconds. */
export function readPeriod(r: Reader, path: Path, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (!isFiniteNumber(value) || value <= 0) {
    r.problem(
      path,
      `${path.join('.')} must be a positive number of seconds or null, got ${JSON.stringify(value)}`,
    );
    return null;
  }
  return value;
}

export function readLocalized(r: Reader, path: Path, value: unknown): Localized | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (isRecord(value) && Object.values(value).every((v) => typeof v === 'string')) {
    const out: { zh?: string; en?: string } = {};
    if (typeof value.zh === 'string') out.zh = value.zh;
    if (typeof value.en === 'string') out.en = value.en;
    return out;
  }
  r.problem(path, `${path.join('.')} must be a string or { zh, en }`);
  return undefined;
}

/**
 * The first `max` entries of a list or mapping from the scenario, with a problem naming the
 * count when there are more (a scenario from code still runs with the first ones).
 */
export function capped<T>(r: Reader, path: Path, entries: T[], max: number, what: string): T[] {
  if (entries.length <= max) return entries;
  r.problem(path, `${path.join('.')} has ${entries.length} ${what}; the simulator reads at most ${max}`);
  return entries.slice(0, max);
}

export function readHeaders(r: Reader, path: Path, input: unknown): Array<[string, string]> {
  if (input === undefined || input === null) return [];
  const value = isRecord(input)
    ? Object.fromEntries(capped(r, path, Object.entries(input), MAX_SCENARIO_ENTRIES, 'headers'))
    : Array.isArray(input)
      ? capped(r, path, input, MAX_SCENARIO_ENTRIES, 'headers')
      : input;
  const out: Array<[string, string]> = [];
  const scalar = (v: unknown): v is string | number | boolean =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (isRecord(value)) {
    for (const [name, v] of Object.entries(value)) {
      if (scalar(v)) out.push([name, String(v)]);
      else r.problem([...path, name], `header ${name} must have a text value`);
    }
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && scalar(item[1])) {
        out.push([item[0], String(item[1])]);
      } else if (isRecord(item) && Object.keys(item).length === 1) {
        const [name, v] = Object.entries(item)[0]!;
        if (scalar(v)) out.push([name, String(v)]);
        else r.problem([...path, i], `header ${name} must have a text value`);
      } else {
        r.problem([...path, i], 'each header must be a [name, value] pair');
      }
    });
    return out;
  }
  r.problem(path, 'headers must be a mapping or a list of [name, value] pairs');
  return out;
}

export function readStringMap(r: Reader, path: Path, value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    r.problem(path, `${path.join('.')} must map names to text`);
    return undefined;
  }
  return Object.fromEntries(
    capped(r, path, Object.entries(value as Record<string, string>), MAX_SCENARIO_ENTRIES, 'files'),
  );
}

/** Reports every field of `value` not in `known`, listing the known ones. */
export function refuseUnknown(
  r: Reader,
  path: Path,
  value: Record<string, unknown>,
  known: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      r.problem([...path, key], `unknown ${what} field "${key}" (known: ${known.join(', ')})`);
  }
}

/** A list field: the items, or [] after reporting a non-list or a list over `limit`. */
export function readList(r: Reader, path: Path, value: unknown, limit: number, example: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    r.problem(path, `${path.join('.')} must be a list, e.g. ${example}`);
    return [];
  }
  if (value.length > limit) {
    r.problem(path, tooManyMessage(path.join('.'), value.length, limit));
    return [];
  }
  return value;
}

/** `nginx_version`: text such as "1.22.1" (a YAML number like 1.22 must be quoted). */
export function readNginxVersion(r: Reader, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^\d+\.\d+(\.\d+)?$/.test(value)) return value;
  r.problem(
    ['nginx_version'],
    `nginx_version must be text like "1.22.1"${typeof value === 'number' ? ' (quote it)' : ''}, got ${JSON.stringify(value)}`,
  );
  return undefined;
}
