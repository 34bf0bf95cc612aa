/**
 * Reads scenario files for the conformance runner. The runner keeps its own small loader on
 * purpose: the judge of the simulator must not depend on the simulator's code, and the raw
 * client request (header names exactly as written, in order) is what goes on the wire.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { AnyScenario, BackendKind, BackendSpec, ClientStep, Scenario } from '../../src/index';
import { KNOWN_DISAGREEMENTS_NAME } from './known-disagreements';
import { isV2, normalizeScenarioV2 } from './scenario-file-v2';

export interface ScenarioFile {
  /** Path as given or found. */
  path: string;
  /** Short name for tables: path relative to the working directory. */
  name: string;
  /** The file's text, for the simulator's own loader. */
  text: string;
  scenario: AnyScenario;
}

/** Directories that hold recorded outcomes next to scenarios, never scenarios. */
const OUTCOME_DIRS = new Set(['recorded', 'expected']);

/** Scenario files under the given files/directories (directories recursively), sorted. */
export function findScenarioFiles(targets: string[]): string[] {
  const found: string[] = [];
  const visit = (path: string, explicit: boolean) => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) {
      if (explicit) throw new Error(`${path}: no such file or directory`);
      return;
    }
    if (st.isDirectory()) {
      if (!explicit && OUTCOME_DIRS.has(basename(path))) return;
      for (const entry of readdirSync(path).sort()) visit(join(path, entry), false);
      return;
    }
    if (!explicit && KNOWN_DISAGREEMENTS_NAME.test(basename(path))) return;
    if (explicit || /\.ya?ml$/.test(path) || (path.endsWith('.json') && looksLikeScenarioJson(path))) {
      found.push(path);
    }
  };
  for (const t of targets) visit(t, true);
  return [...new Set(found)].sort();
}

function looksLikeScenarioJson(path: string): boolean {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return typeof v.config === 'string' && (typeof v.client === 'object' || Array.isArray(v.clients));
  } catch {
    return false;
  }
}

/** Same default as the engine's loader, so both sides play the same window. */
const DEFAULT_UNTIL = 10;

const BACKEND_KINDS: BackendKind[] = ['websocket', 'refused', 'silent', 'http'];

export function loadScenarioFile(path: string): ScenarioFile {
  const text = readFileSync(path, 'utf8');
  const name = relative(process.cwd(), path) || path;
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new Error(`${path}: not valid YAML/JSON: ${(e as Error).message}`);
  }
  const scenario = isV2(raw) ? normalizeScenarioV2(raw, text, path) : normalizeScenario(raw, path);
  return { path, name, text, scenario };
}

function fail(path: string, message: string): never {
  throw new Error(`${path}: ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function numberOrNull(v: unknown, path: string, field: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !(v >= 0))
    fail(path, `${field} must be a number of seconds ≥ 0, got ${String(v)}`);
  return v;
}

/** Fills the v1 defaults in; errors name the file and the field to fix. */
export function normalizeScenario(raw: unknown, path: string): Scenario {
  if (!isRecord(raw)) fail(path, 'a scenario must be a mapping with title, config, backends and client');
  if (typeof raw.config !== 'string') fail(path, '"config" must be a string holding the nginx config');
  const client = raw.client;
  if (!isRecord(client)) fail(path, '"client" must be a mapping with request and until');
  const request = client.request;
  if (!isRecord(request) || typeof request.path !== 'string') {
    fail(path, '"client.request.path" is required (e.g. /chat/)');
  }
  const backends: Record<string, BackendSpec> = {};
  if (raw.backends !== undefined && !isRecord(raw.backends)) fail(path, '"backends" must be a mapping');
  for (const [address, spec] of Object.entries((raw.backends as Record<string, unknown>) ?? {})) {
    backends[address] = normalizeBackend(spec ?? {}, path, address);
  }
  const port = client.port ?? firstListenPort(raw.config);
  if (typeof port !== 'number') fail(path, '"client.port" is missing and the config has no "listen PORT"');
  client.until ??= DEFAULT_UNTIL;
  if (typeof client.until !== 'number' || !(client.until > 0)) {
    fail(path, '"client.until" must be a positive number of seconds');
  }
  const scenario: Scenario = {
    title: (raw.title as Scenario['title']) ?? basename(path),
    config: raw.config,
    backends,
    client: {
      port,
      request: {
        method: typeof request.method === 'string' ? request.method : 'GET',
        path: request.path,
        http_version: httpVersion(request.http_version, path),
        headers: headerList(request.headers, path),
      },
      steps: stepList(client.steps, path),
      until: client.until,
    },
  };
  if (isRecord(raw.files)) scenario.files = raw.files as Record<string, string>;
  if (raw.description !== undefined) scenario.description = raw.description as Scenario['description'];
  if (raw.nginx_version !== undefined) {
    const pin = String(raw.nginx_version);
    if (!/^\d+\.\d+(\.\d+)?$/.test(pin))
      fail(path, `nginx_version must look like 1.22.1 or 1.30, got ${pin}`);
    scenario.nginx_version = pin;
  }
  return scenario;
}

function normalizeBackend(spec: unknown, path: string, address: string): BackendSpec {
  if (!isRecord(spec)) fail(path, `backends."${address}" must be a mapping`);
  if (!/^127\.0\.0\.1:\d+$/.test(address)) {
    fail(path, `backends."${address}": real runs only use 127.0.0.1:PORT addresses`);
  }
  const kind = (spec.kind ?? 'websocket') as BackendKind;
  if (!BACKEND_KINDS.includes(kind)) {
    fail(path, `backends."${address}".kind must be one of ${BACKEND_KINDS.join(', ')}, got ${String(kind)}`);
  }
  const at = (field: string) => numberOrNull(spec[field], path, `backends."${address}".${field}`);
  return {
    kind,
    handshake_delay: at('handshake_delay') ?? 0,
    plain_status: typeof spec.plain_status === 'number' ? spec.plain_status : 426,
    echo: spec.echo !== false,
    send_every: at('send_every'),
    ping_every: at('ping_every'),
    close_after: at('close_after'),
  };
}

/** YAML turns an unquoted 1.0 into the number 1: accept both spellings. */
function httpVersion(v: unknown, path: string): '1.0' | '1.1' {
  if (v === undefined || v === '1.1' || v === 1.1) return '1.1';
  if (v === '1.0' || v === 1) return '1.0';
  return fail(path, `client.request.http_version must be "1.0" or "1.1", got ${String(v)}`);
}

function headerList(v: unknown, path: string): Array<[string, string]> {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) {
    return v.map((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        fail(path, `client.request.headers[${i}] must be a [name, value] pair`);
      }
      return [String(pair[0]), String(pair[1])];
    });
  }
  if (isRecord(v)) return Object.entries(v).map(([k, val]) => [k, String(val)]);
  return fail(path, 'client.request.headers must be a mapping or a list of [name, value] pairs');
}

function stepList(v: unknown, path: string): ClientStep[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(path, 'client.steps must be a list');
  return v.map((step, i) => {
    if (!isRecord(step) || typeof step.at !== 'number') fail(path, `client.steps[${i}] needs "at" (seconds)`);
    const out: ClientStep = { at: step.at };
    if (step.send !== undefined) out.send = String(step.send);
    if (step.ping !== undefined) out.ping = String(step.ping ?? '');
    if (step.close !== undefined) out.close = Number(step.close);
    if (out.send === undefined && out.ping === undefined && out.close === undefined) {
      fail(path, `client.steps[${i}] needs one of send, ping or close`);
    }
    return out;
  });
}

/** The port of the first `listen` directive, as the contract defaults client.port. */
export function firstListenPort(config: string): number | undefined {
  const m = /(?:^|[\s;{}])listen\s+(?:(?:\d{1,3}(?:\.\d{1,3}){3}|localhost|\*|\[[^\]]*\]):)?(\d+)/.exec(
    stripComments(config),
  );
  return m ? Number(m[1]) : undefined;
}

/** Removes `#` comments (outside quotes), keeping every newline so offsets of lines survive. */
export function stripComments(config: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < config.length; i++) {
    const c = config[i]!;
    if (quote) {
      if (c === '\\') {
        out += c + (config[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === quote) quote = null;
      out += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (c === '#') {
      while (i < config.length && config[i] !== '\n') i++;
      if (i < config.length) out += '\n';
    } else out += c;
  }
  return out;
}
