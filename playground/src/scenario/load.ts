/**
 * Reads a scenario (YAML or JSON, see docs/scenario-format.md) of either version — v2 when it
 * has `clients` or `events` (load-v2.ts), else v1 — fills in the defaults and reports every
 * problem with the YAML line it is on. Never throws: a broken file yields `scenario: null` plus
 * the list of problems.
 */
import { type Document, LineCounter, parseDocument, stringify } from 'yaml';
import { MAX_SCENARIO_ENTRIES } from '../limits/counts';
import { exceedsBytes, MAX_SCENARIO_BYTES, tooLargeMessage, utf8Bytes } from '../limits/size';
import { tooManyYamlValues, yamlValuesOverflowLine } from '../limits/yaml-values';
import { isV2Document, readScenarioV2, scenarioV2ToPlain } from './load-v2';
import { answerToPlain, DEFAULT_UNTIL, MAX_UNTIL, readBackend, readRequest, readSteps } from './read-parts';
import {
  capped,
  isRecord,
  type Path,
  Reader,
  readLocalized,
  readNginxVersion,
  readNumber,
  readStringMap,
  type ScenarioProblem,
} from './reader';
import type { AnyScenario, BackendSpec, Scenario, ScenarioClient } from './types';
import { isScenarioV2 } from './types';

export { DEFAULT_UNTIL, defaultBackend } from './read-parts';
export type { ScenarioProblem } from './reader';

export interface LoadResult {
  /** A v1 `Scenario`, or a `ScenarioV2` (tell them apart with `isScenarioV2`). */
  scenario: AnyScenario | null;
  errors: ScenarioProblem[];
}

function readClient(r: Reader, value: unknown): ScenarioClient {
  const path: Path = ['client'];
  if (!isRecord(value)) {
    r.problem(path, 'client is required (request.path at least)');
    return { request: readRequest(r, [...path, 'request'], {}), steps: [], until: DEFAULT_UNTIL };
  }
  const client: ScenarioClient = {
    request: readRequest(r, [...path, 'request'], value.request),
    steps: readSteps(r, [...path, 'steps'], value.steps),
    until: readNumber(r, [...path, 'until'], value.until, DEFAULT_UNTIL, { min: 0, max: MAX_UNTIL }),
  };
  if (value.port !== undefined && value.port !== null) {
    const port = readNumber(r, [...path, 'port'], value.port, 0, { integer: true, min: 1, max: 65535 });
    if (port > 0) client.port = port;
  }
  return client;
}

/** Parses and validates a scenario; see the module comment. */
export function loadScenario(text: string): LoadResult {
  if (exceedsBytes(String(text), MAX_SCENARIO_BYTES)) {
    const message = tooLargeMessage('the scenario', utf8Bytes(String(text)), MAX_SCENARIO_BYTES);
    return { scenario: null, errors: [{ line: null, path: '(top)', message }] };
  }
  // Counted before parsing: parsing a 30,000-entry list takes seconds.
  const tooMany = tooManyYamlValues(String(text));
  if (tooMany)
    return {
      scenario: null,
      errors: [{ line: yamlValuesOverflowLine(String(text)), path: '(top)', message: tooMany }],
    };
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(String(text), { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    return {
      scenario: null,
      errors: [{ line: null, path: '(top)', message: `cannot read scenario: ${(error as Error).message}` }],
    };
  }
  if (doc.errors.length > 0) {
    return {
      scenario: null,
      errors: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        path: '(top)',
        message: `YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const r = new Reader(doc, lines);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      scenario: null,
      errors: [{ line: null, path: '(top)', message: `YAML: ${(error as Error).message}` }],
    };
  }
  if (!isRecord(data)) {
    return {
      scenario: null,
      errors: [
        {
          line: r.lineOf([]),
          path: '(top)',
          message: 'a scenario is a mapping with config, backends and client',
        },
      ],
    };
  }
  const read = isV2Document(data) ? readScenarioV2(r, data) : readScenario(r, data);
  return { scenario: read.errors.length === 0 ? read.scenario : null, errors: read.errors };
}

/**
 * A scenario object from code (not text) with v1 defaults applied and every field coerced to
 * its type; problems are listed (without lines) and bad fields fall back to defaults.
 */
export function coerceScenario(value: unknown): { scenario: Scenario; errors: ScenarioProblem[] } {
  const r = new Reader(null, new LineCounter());
  return readScenario(r, isRecord(value) ? value : {});
}

function readScenario(
  r: Reader,
  data: Record<string, unknown>,
): { scenario: Scenario; errors: ScenarioProblem[] } {
  const scenario: Scenario = {
    title: readLocalized(r, ['title'], data.title) ?? '',
    config: '',
    backends: {},
    client: readClient(r, data.client),
  };
  if (typeof data.config === 'string') scenario.config = data.config;
  else r.problem(['config'], 'config is required: the nginx config as text (use `config: |`)');
  if (data.backends !== undefined && data.backends !== null) {
    if (isRecord(data.backends)) {
      const entries = capped(
        r,
        ['backends'],
        Object.entries(data.backends),
        MAX_SCENARIO_ENTRIES,
        'backends',
      );
      for (const [address, spec] of entries) {
        scenario.backends[address] = readBackend(r, ['backends', address], spec);
      }
    } else {
      r.problem(['backends'], 'backends must map an address ("127.0.0.1:18081") to a backend');
    }
  }
  const version = readNginxVersion(r, data.nginx_version);
  if (version !== undefined) scenario.nginx_version = version;
  const description = readLocalized(r, ['description'], data.description);
  if (description !== undefined) scenario.description = description;
  if (data.expect !== undefined && data.expect !== null) {
    if (isRecord(data.expect)) scenario.expect = data.expect as Scenario['expect'] & object;
    else r.problem(['expect'], 'expect must be a mapping of goals');
  }
  const files = readStringMap(r, ['files'], data.files);
  if (files) scenario.files = files;
  return { scenario, errors: r.errors };
}

/** A backend as a file writes it (answers in their file form). */
export function backendToPlain(b: BackendSpec): Record<string, unknown> {
  const { answers, ...fields } = b;
  return answers === undefined ? { ...fields } : { ...fields, answers: answers.map(answerToPlain) };
}

function scenarioV1ToPlain(s: Scenario): Record<string, unknown> {
  const client: Record<string, unknown> = {};
  if (s.client.port !== undefined) client.port = s.client.port;
  client.request = {
    method: s.client.request.method,
    path: s.client.request.path,
    http_version: s.client.request.http_version,
    headers: s.client.request.headers.map(([n, v]) => [n, v]),
  };
  client.steps = s.client.steps;
  client.until = s.client.until;
  const out: Record<string, unknown> = { title: s.title };
  if (s.description !== undefined) out.description = s.description;
  if (s.nginx_version !== undefined) out.nginx_version = s.nginx_version;
  out.config = s.config;
  out.backends = Object.fromEntries(Object.entries(s.backends).map(([a, b]) => [a, backendToPlain(b)]));
  out.client = client;
  if (s.expect !== undefined) out.expect = s.expect;
  if (s.files !== undefined) out.files = s.files;
  return out;
}

/** Writes a scenario (either version) back as YAML that `loadScenario` reads into the same value. */
export function scenarioToYaml(s: AnyScenario): string {
  const out = isScenarioV2(s) ? scenarioV2ToPlain(s, backendToPlain) : scenarioV1ToPlain(s);
  // doubleQuotedAsJSON: yaml 2.9 folds long double-quoted strings (used for text with control
  // characters) and then misprints a line holding only a space as `\\ `, so the text read back
  // differs (found by tests/fuzz/scenario-loader). JSON-style escapes keep such strings on one line.
  return stringify(out, { lineWidth: 0, blockQuote: 'literal', doubleQuotedAsJSON: true });
}
