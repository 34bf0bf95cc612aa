import { type Document, isMap, isScalar, parseDocument, Scalar, stringify } from 'yaml';

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

/** Splits a whole scenario YAML (as found in a permalink or a preset file). */
export function splitScenario(text: string): SplitResult {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) return { ok: false, message: firstLine(doc.errors[0]?.message) };
  if (!isMap(doc.contents)) return { ok: false, message: 'the scenario must be a YAML mapping' };
  const config = doc.get('config');
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
  const doc = parseDocument(rest.trim() === '' ? '{}' : rest, { uniqueKeys: false });
  if (doc.errors.length > 0) return { ok: false, message: firstLine(doc.errors[0]?.message) };
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
  return (message ?? 'invalid YAML').split('\n')[0] ?? 'invalid YAML';
}

/** Sets (or, with `undefined`, deletes) one value in the rest YAML, keeping everything else. */
export function setIn(rest: string, path: Array<string | number>, value: unknown): string {
  const doc = parseDocument(rest.trim() === '' ? '{}' : rest, { uniqueKeys: false });
  if (doc.errors.length > 0) return rest;
  if (value === undefined) doc.deleteIn(path);
  else doc.setIn(path, doc.createNode(value, { flow: false }));
  return doc.toString({ lineWidth: 0 });
}

/** Parses the rest YAML for editing; null when it has errors. */
export function parseDocumentSafe(rest: string): Document | null {
  const doc = parseDocument(rest.trim() === '' ? '{}' : rest, { uniqueKeys: false });
  return doc.errors.length > 0 ? null : doc;
}

/** Reads the rest YAML as plain data; null when it does not parse. */
export function readRest(rest: string): Record<string, unknown> | null {
  const doc = parseDocument(rest.trim() === '' ? '{}' : rest, { uniqueKeys: false });
  if (doc.errors.length > 0) return null;
  const data: unknown = doc.toJS();
  return data !== null && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : null;
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

/** A readable YAML dump for scenario data we build ourselves (presets). */
export function dumpYaml(data: unknown): string {
  // doubleQuotedAsJSON: see scenarioToYaml in playground/src/scenario/load.ts (a yaml 2.9 bug
  // misprints folded double-quoted strings; JSON-style escapes avoid folding).
  return stringify(data, { lineWidth: 0, doubleQuotedAsJSON: true });
}
