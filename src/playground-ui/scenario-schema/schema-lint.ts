import { type OutputUnit, Validator } from '@cfworker/json-schema';
import { isMap, isNode, LineCounter, parseDocument } from 'yaml';
import { scenarioSchema } from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';
import type { LineProblem } from '../editors';
import { keysAt, type Schema } from './schema-walk';
import type { PathSegment } from './yaml-path';

/**
 * The scenario YAML checked against the scenario's JSON Schema, as problems on the lines they
 * are about. The validator (@cfworker/json-schema) interprets the schema — no generated code, so
 * it runs under the site's CSP, which allows no eval. The YAML editor holds the scenario
 * without its config (that has an editor of its own), so the check adds an empty one.
 */

const SCHEMA = scenarioSchema as unknown as Schema;
let validator: Validator | null = null;

/** Keywords that only say "something below failed": the errors below say what. */
const WRAPPERS = new Set([
  'if',
  'then',
  'else',
  '$ref',
  'properties',
  'items',
  'prefixItems',
  'additionalProperties',
  'allOf',
  'anyOf',
  'oneOf',
]);

export function schemaProblems(text: string, t: Translator<'playground'>): LineProblem[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  // Syntax errors are the engine's to report (it names the line already).
  if (doc.errors.length > 0) return [];
  let errors: OutputUnit[];
  try {
    // The same alias limit as the page's own reading of the YAML (scenario-text.ts).
    const data: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
    if (typeof data !== 'object' || Array.isArray(data)) return [];
    validator ??= new Validator(scenarioSchema as never, '2020-12', false);
    errors = validator.validate({ ...data, config: '' }).errors;
  } catch {
    // Too many aliases or too deep to check: the engine's loader says what is wrong.
    return [];
  }

  const byPlace = new Map<string, { path: PathSegment[]; units: OutputUnit[] }>();
  for (const unit of errors) {
    if (WRAPPERS.has(unit.keyword)) continue;
    const path = unit.instanceLocation
      .replace(/^#\/?/, '')
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s.replace(/~1/g, '/').replace(/~0/g, '~')))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const place = `${unit.keyword === 'false' ? 'key' : 'value'} ${JSON.stringify(path)}`;
    const entry = byPlace.get(place) ?? { path, units: [] };
    entry.units.push(unit);
    byPlace.set(place, entry);
  }

  const problems: LineProblem[] = [];
  for (const { path, units } of byPlace.values()) {
    const line = lineOf(doc, lineCounter, path, units[0]?.keyword === 'false');
    const where = path.length > 0 ? path.join('.') : t('schema.root');
    for (const message of messages(path, units, t, where))
      problems.push({ line, message, severity: 'error' });
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function messages(
  path: PathSegment[],
  units: OutputUnit[],
  t: Translator<'playground'>,
  where: string,
): string[] {
  if (units.some((u) => u.keyword === 'false')) {
    const key = String(path.at(-1));
    const known = keysAt(SCHEMA, path.slice(0, -1)).map((k) => k.key);
    const near = known.find((k) => closeEnough(k, key));
    return [
      near
        ? t('schema.unknownKeyNear', { key, near })
        : t('schema.unknownKey', { key, keys: known.join(', ') }),
    ];
  }
  const out = new Set<string>();
  const types = units
    .filter((u) => u.keyword === 'type')
    .map((u) => /Expected "([^"]+)"/.exec(u.error)?.[1]?.replace(/", "/g, ', '))
    .filter((x): x is string => Boolean(x));
  if (types.length > 0) out.add(t('schema.type', { where, expected: [...new Set(types)].join(' | ') }));
  for (const u of units) {
    if (u.keyword === 'type') continue;
    if (u.keyword === 'required') {
      const key = /property "([^"]+)"/.exec(u.error)?.[1] ?? '?';
      out.add(t('schema.required', { where, key }));
    } else out.add(`${where}: ${u.error}`);
  }
  return [...out];
}

/** One edit apart, or differing only in case: a likely typo. */
function closeEnough(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1);
}

/** The 1-based line of the node at `path` (of its key, for an unknown key). */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  path: PathSegment[],
  atKey: boolean,
): number | null {
  let offset: number | undefined;
  if (atKey && path.length > 0) {
    const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find(
        (p) => isNode(p.key) && String((p.key as { value?: unknown }).value) === String(path.at(-1)),
      );
      offset = isNode(pair?.key) ? pair.key.range?.[0] : undefined;
    }
  } else {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    offset = isNode(node) ? node.range?.[0] : undefined;
  }
  return offset === undefined ? null : lines.linePos(offset).line;
}
