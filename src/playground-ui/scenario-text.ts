import { type Document, isMap, isScalar, parseDocument, Scalar } from 'yaml';
import { tooManyYamlValues } from '../../playground/src/index';

/**
 * The playground edits one scenario as two texts: the nginx config (its own editor) and the
 * rest of the scenario as YAML (client, backends, title). These helpers split a whole
 * scenario into the two and join them back, keeping comments and key order in the YAML.
 */

export interface SplitScenario {
  config: string;
  /** The scenario without its `config` key. */
  rest: string;
}

export type SplitResult = { ok: true; value: SplitScenario } | { ok: false; message: string };

type Parsed = { ok: true; doc: Document; data: unknown } | { ok: false; message: string };

/**
 * The one way this module parses YAML: values are counted first (a 30,000-entry list would
 * keep the page's thread busy for seconds), and every error the library reports or throws
 * becomes a message. Aliases that resolve to nothing or to a billion nodes throw only when
 * the document is converted or written out, so it is converted here: a document this gives
 * back can be read and written without a throw. Never throws.
 */
function parseGuarded(text: string): Parsed {
  const tooMany = tooManyYamlValues(text);
  if (tooMany) return { ok: false, message: tooMany };
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length > 0) return { ok: false, message: firstLine(doc.errors[0]?.message) };
    const converted = toData(doc);
    return converted.ok ? { ok: true, doc, data: converted.data } : converted;
  } catch (error) {
    return { ok: false, message: firstLine((error as Error)?.message) };
  }
}

/** Plain data of a parsed document, or the message of what converting it threw. */
function toData(doc: Document): { ok: true; data: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    return { ok: false, message: firstLine((error as Error)?.message) };
  }
}

/** Aliases a scenario may resolve (the YAML library's own default, named here). */
const MAX_ALIAS_COUNT = 100;

function parseRest(rest: string): Parsed {
  return parseGuarded(rest.trim() === '' ? '{}' : rest);
}

/** Splits a whole scenario YAML (as found in a permalink or a preset file). */
export function splitScenario(text: string): SplitResult {
  const parsed = parseGuarded(text);
  if (!parsed.ok) return parsed;
  const { doc } = parsed;
  if (!isMap(doc.contents)) return { ok: false, message: 'the scenario must be a YAML mapping' };
  const config = (parsed.data as Record<string, unknown>).config;
  if (config !== undefined && typeof config !== 'string') {
    return { ok: false, message: '`config` must be a string' };
  }
  doc.delete('config');
  return { ok: true, value: { config: config ?? '', rest: doc.toString({ lineWidth: 0 }) } };
}

/**
 * Joins the config back into the rest; `config` goes second (after `title`), as the format
 * document writes it. Returns an error when the rest is not a YAML mapping.
 */
export function joinScenario(
  config: string,
  rest: string,
): { ok: true; text: string } | { ok: false; message: string } {
  const parsed = parseRest(rest);
  if (!parsed.ok) return parsed;
  const { doc } = parsed;
  if (!isMap(doc.contents)) return { ok: false, message: 'the scenario must be a YAML mapping' };
  const value = new Scalar(config);
  // The yaml library falls back to a quoted string when a block cannot hold the text exactly.
  value.type = config.includes('\n') ? Scalar.BLOCK_LITERAL : Scalar.QUOTE_DOUBLE;
  const map = doc.contents;
  map.items = map.items.filter((pair) => !(isScalar(pair.key) && pair.key.value === 'config'));
  const pair = doc.createPair('config', value);
  const titleIndex = map.items.findIndex((p) => isScalar(p.key) && p.key.value === 'title');
  map.items.splice(titleIndex + 1, 0, pair as (typeof map.items)[number]);
  return { ok: true, text: doc.toString({ lineWidth: 0 }) };
}

function firstLine(message: string | undefined): string {
  return (message || 'invalid YAML').split('\n')[0] || 'invalid YAML';
}

/** Sets (or, with `undefined`, deletes) one value in the rest YAML, keeping everything else. */
export function setIn(rest: string, path: Array<string | number>, value: unknown): string {
  const parsed = parseRest(rest);
  if (!parsed.ok) return rest;
  const { doc } = parsed;
  if (value === undefined) doc.deleteIn(path);
  else doc.setIn(path, doc.createNode(value, { flow: false }));
  return doc.toString({ lineWidth: 0 });
}

/** Parses the rest YAML for editing; null when it has errors. */
export function parseDocumentSafe(rest: string): Document | null {
  const parsed = parseRest(rest);
  return parsed.ok ? parsed.doc : null;
}

let lastRead: { rest: string; data: Record<string, unknown> | null } | null = null;

/**
 * Reads the rest YAML as plain data; null when it does not parse or convert. The form, the
 * title and the Headers view all ask for the same text in a row, so the last answer is kept:
 * treat it as read-only.
 */
export function readRest(rest: string): Record<string, unknown> | null {
  if (lastRead?.rest === rest) return lastRead.data;
  const parsed = parseRest(rest);
  const data = parsed.ok ? parsed.data : null;
  const record =
    data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : null;
  lastRead = { rest, data: record };
  return record;
}

/**
 * Hands `readRest` a reading done elsewhere (the build's, of the default scenario: see
 * first-scenario.ts), so the page's first reads of that text cost no YAML parsing.
 */
export function primeReadRest(rest: string, data: Record<string, unknown> | null): void {
  lastRead = { rest, data };
}

/** Why `readRest` gives null for this text (the first YAML problem), or null when it reads. */
export function restProblem(rest: string): string | null {
  const parsed = parseRest(rest);
  if (!parsed.ok) return parsed.message;
  return isMap(parsed.doc.contents) || parsed.doc.contents === null
    ? null
    : 'the scenario must be a YAML mapping';
}

/* ---- headers as "Name: value" lines -------------------------------------------------- */

export function headersToLines(headers: unknown): string {
  return headerPairs(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** Accepts both scenario spellings: a mapping, or a list of [name, value] pairs. */
export function headerPairs(headers: unknown): Array<[string, string]> {
  if (Array.isArray(headers)) {
    return headers
      .filter((h): h is unknown[] => Array.isArray(h) && h.length >= 2)
      .map((h) => [String(h[0]), String(h[1])]);
  }
  if (headers && typeof headers === 'object') {
    return Object.entries(headers).map(([k, v]) => [k, String(v)]);
  }
  return [];
}

/**
 * Parses the headers textarea. Duplicated names force the list-of-pairs spelling (a YAML
 * mapping cannot repeat a key); otherwise a mapping, which reads better.
 */
export function linesToHeaders(text: string): Record<string, string> | Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  const names = new Set(pairs.map(([n]) => n.toLowerCase()));
  if (names.size !== pairs.length) return pairs;
  return Object.fromEntries(pairs);
}

/* ---- steps as "seconds action argument" lines ---------------------------------------- */

export interface StepLike {
  at: number;
  send?: string;
  ping?: string;
  close?: number;
}

export function stepsToLines(steps: unknown): string {
  if (!Array.isArray(steps)) return '';
  const lines: string[] = [];
  for (const step of steps as StepLike[]) {
    if (!step || typeof step !== 'object') continue;
    if (step.send !== undefined) lines.push(`${step.at} send ${step.send}`);
    else if (step.ping !== undefined) lines.push(`${step.at} ping${step.ping ? ` ${step.ping}` : ''}`);
    else if (step.close !== undefined) lines.push(`${step.at} close ${step.close}`);
  }
  return lines.join('\n');
}

export type StepsParse = { ok: true; steps: StepLike[] } | { ok: false; line: number; text: string };

/** `0.5 send hello world`, `2 ping`, `9 close 1000` (close code defaults to 1000). */
export function linesToSteps(text: string): StepsParse {
  const steps: StepLike[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const m = /^(\d+(?:\.\d+)?)\s+(send|ping|close)(?:\s+(.*))?$/.exec(line);
    if (!m) return { ok: false, line: i + 1, text: line };
    const at = Number(m[1]);
    const arg = m[3] ?? '';
    if (m[2] === 'send') steps.push({ at, send: arg });
    else if (m[2] === 'ping') steps.push({ at, ping: arg });
    else {
      const code = arg === '' ? 1000 : Number(arg);
      if (!Number.isInteger(code)) return { ok: false, line: i + 1, text: line };
      steps.push({ at, close: code });
    }
  }
  return { ok: true, steps };
}
