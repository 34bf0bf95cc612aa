/**
 * What the simulator predicts for the probe's own request on the user's nginx config: the
 * config and its includes read from disk, the request the probe sent (or the path nginx
 * sees, --location), the probe's echo and ping at the times it sent them, then an idle
 * client until the end of the hold. The answer is the route, the status, and when nginx's
 * proxy_read_timeout would end the tunnel.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import {
  type ClientStep,
  type ConfigNode,
  type ConfigTree,
  defaultBackend,
  parseConfig,
  type Scenario,
  type Simulation,
  simulate,
  utf8Bytes,
} from '../../src/index';
import { diskIncludeResolver, readTextFile } from '../config-files';
import { say as sayEngine } from '../i18n';
import { cliRegexRunner, EngineTimeout, timeoutReason, withinTimeLimit } from '../time-limit';
import { type MessageCode, type Nested, type Params, say } from './messages';

export interface LoadedConfig {
  /** As the user named it. */
  path: string;
  text: string;
  /** Included files by absolute path, and the certificates nginx would load (content unused). */
  files: Record<string, string>;
  parse: ConfigTree;
  listenPorts: number[];
  /** Addresses nginx may proxy to (proxy_pass targets, upstream servers), as written. */
  upstreamAddresses: string[];
}

export class ConfigFailure extends Error {
  constructor(
    readonly code: MessageCode,
    readonly params: Params,
  ) {
    super(code);
  }
}

/** The simulator names the main config text this. */
const MAIN = 'nginx.conf';

export function loadConfig(path: string): LoadedConfig {
  const file = resolve(path);
  // Read as check and parse read (config-files.ts): regular files only, sizes capped.
  const read = readTextFile(file);
  if (!read.ok) {
    const why: Nested =
      read.code === 'enoent'
        ? { code: 'why-no-file' }
        : read.code === 'eacces'
          ? { code: 'why-denied' }
          : read.code === 'eisdir'
            ? { code: 'why-directory' }
            : { code: 'why-errno', params: { errno: read.reason } };
    throw new ConfigFailure('config-unreadable', { file: path, why });
  }
  const text = read.text;
  // An include that cannot be read stops the parse with nginx's message (config-parse below).
  const resolveIncludes = diskIncludeResolver(file, utf8Bytes(text));
  const parse = parseConfig(text, {
    file,
    maxBytes: Number.POSITIVE_INFINITY,
    maxDirectives: Number.POSITIVE_INFINITY,
    resolveInclude: resolveIncludes,
  });
  const files: Record<string, string> = Object.fromEntries(resolveIncludes.texts);
  if (parse.status === 'failed') {
    const e = parse.errors[0]!;
    throw new ConfigFailure('config-parse', { file: shown(e.file), line: e.line ?? '?', error: e.error });
  }
  const listenPorts: number[] = [];
  const upstreamNames = new Set<string>();
  const addresses = new Set<string>();
  for (const d of allDirectives(parse)) {
    if (d.name === 'upstream' && d.args[0]) upstreamNames.add(d.args[0].toLowerCase());
  }
  for (const d of allDirectives(parse)) {
    if (d.name === 'upstream') {
      for (const s of d.block ?? []) if (s.name === 'server' && s.args[0]) addresses.add(s.args[0]);
    }
    if (d.name === 'proxy_pass') {
      const authority = /^https?:\/\/([^/]+)/i.exec(d.args[0] ?? '')?.[1];
      if (authority && !authority.includes('$') && !upstreamNames.has(authority.toLowerCase()))
        addresses.add(authority);
    }
    if (d.name === 'listen') {
      const port = listenPort(d.args[0] ?? '');
      if (port !== null && !listenPorts.includes(port)) listenPorts.push(port);
    }
    // nginx loads certificates at start; the simulator needs only to know they are there.
    if (/^ssl_(certificate|certificate_key|trusted_certificate|client_certificate)$/.test(d.name)) {
      const name = d.args[0] ?? '';
      if (name && !name.includes('$') && !(name in files)) files[name] = '';
    }
  }
  return { path, text, files, parse, listenPorts, upstreamAddresses: [...addresses] };
}

function* allDirectives(parse: ConfigTree): Generator<ConfigNode> {
  const walk = function* (list: ConfigNode[]): Generator<ConfigNode> {
    for (const d of list) {
      yield d;
      if (d.block) yield* walk(d.block);
    }
  };
  for (const c of parse.files) yield* walk(c.nodes);
}

/** The port of a listen address: `80`, `127.0.0.1:8080`, `[::]:443`; 80 when none; null for unix:. */
export function listenPort(address: string): number | null {
  if (address.startsWith('unix:')) return null;
  if (/^\d+$/.test(address)) return Number(address);
  const m = /:(\d+)$/.exec(address);
  return m && !address.endsWith(']') ? Number(m[1]) : 80;
}

export interface PredictInput {
  /** The port the probe reached (the URL's). */
  urlPort: number;
  /** --listen: the port nginx receives on, when it differs from the URL's. */
  listen: number | null;
  /** The path nginx sees: --location, else the URL's. */
  path: string;
  headers: Array<[string, string]>;
  /** What the probe sent after the upgrade, in seconds from the 101. */
  steps: ClientStep[];
  /** End of the hold, in seconds from the 101. */
  until: number;
  /** Whether the chain echoed the probe's message. */
  echoes: boolean;
  /** The nginx version to model, when not the simulator's default. */
  nginxVersion?: string | null;
}

export interface Note {
  code: MessageCode;
  params: Params;
}

export interface Prediction {
  port: number;
  notes: Note[];
  /** `nginx -t` as the simulator reads the config: the message and where, when it fails. */
  config_error: { message: string; where: string } | null;
  route: { location: string | null; where: string } | null;
  status: number | null;
  tunnel: boolean;
  /** proxy_read_timeout of the tunnel: as written (or the default) and where. */
  timeout: { seconds: number; value: string; where: string } | null;
  /** Seconds of idleness after which nginx ends the tunnel; null when it stays open to the end. */
  closes_after_idle: number | null;
}

/** Host-name substitutions tried before giving up on `host not found`. */
const MAX_SUBSTITUTIONS = 20;

export function predict(cfg: LoadedConfig, input: PredictInput): Prediction {
  const notes: Note[] = [];
  const port = choosePort(cfg, input, notes);
  let config = cfg.text;
  const files = { ...cfg.files };
  let sim = run(cfg, config, files, port, input);
  // nginx resolves upstream names at start; the simulator knows none, and the timers do not care.
  const substituted: string[] = [];
  for (let i = 0; i < MAX_SUBSTITUTIONS && hostNotFound(sim); i++) {
    const e = sim.errors[0]!;
    // The message names `host` (proxy_pass) or `host:port` (an upstream's server).
    const host = /host not found in upstream "([^"]+)"/.exec(e.error)![1]!.replace(/:\d+$/, '');
    const fileText = e.file === MAIN ? config : files[e.file];
    if (fileText === undefined || e.line === null) break;
    const changed = substituteHost(fileText, e.line, host);
    if (changed === fileText) break;
    if (e.file === MAIN) config = changed;
    else files[e.file] = changed;
    substituted.push(host);
    sim = run(cfg, config, files, port, input);
  }
  if (substituted.length)
    notes.push({ code: 'config-host-substituted', params: { hosts: substituted.join(', ') } });
  const base: Prediction = {
    port,
    notes,
    config_error: null,
    route: null,
    status: null,
    tunnel: false,
    timeout: null,
    closes_after_idle: null,
  };
  if ('config_error' in sim.outcome) {
    const e = sim.errors[0];
    return {
      ...base,
      config_error: {
        message: e?.error ?? sim.outcome.config_error,
        where: e ? where(cfg, e.file, e.line) : shown(cfg.path),
      },
    };
  }
  for (const e of sim.errors) {
    if (e.code === 'engine-unmodelled' || e.code === 'eval')
      notes.push({
        code: 'config-unmodelled',
        // The engine's own reason code when it has one: its dictionary words it.
        params: {
          message: e.explain ? sayEngine('en', 'reason', e.explain) : e.error,
          where: where(cfg, e.file, e.line),
        },
      });
  }
  const outcome = sim.outcome;
  const route = sim.route
    ? sim.route.location
      ? {
          location: `location ${sim.route.location.match}`,
          where: where(cfg, fileOfLocation(cfg, sim.route.location.line), sim.route.location.line),
        }
      : { location: null, where: where(cfg, MAIN, sim.route.server.line) }
    : null;
  const armed = sim.timeline.find((e) => e.kind === 'timer-armed' && e.timer?.name === 'proxy_read_timeout');
  const timeout =
    outcome.tunnel && armed?.timer
      ? {
          seconds: round(armed.timer.deadline - armed.at),
          value: armed.source ? writtenValue(config, files, armed.source) : '60s',
          where: armed.source ? where(cfg, armed.source.file, armed.source.line) : say('config-default'),
        }
      : null;
  let closes_after_idle: number | null = null;
  if (outcome.tunnel && outcome.end?.by === 'nginx') {
    const traffic = outcome.frames.filter((f) => f.kind !== 'close' && f.at <= outcome.end!.at);
    closes_after_idle = round(outcome.end.at - (traffic.at(-1)?.at ?? outcome.response?.at ?? 0));
  }
  return {
    ...base,
    route,
    status: outcome.response?.status ?? null,
    tunnel: outcome.tunnel,
    timeout,
    closes_after_idle,
  };
}

function choosePort(cfg: LoadedConfig, input: PredictInput, notes: Note[]): number {
  if (input.listen !== null) return input.listen;
  if (cfg.listenPorts.includes(input.urlPort)) return input.urlPort;
  const first = cfg.listenPorts[0];
  if (first === undefined) {
    notes.push({ code: 'config-no-listen', params: {} });
    return 80;
  }
  notes.push({ code: 'config-port-guess', params: { urlPort: input.urlPort, port: first } });
  return first;
}

/**
 * The chain answered 101, so every backend is taken as a working WebSocket server, also under
 * the loopback address a host name was replaced by.
 */
function backendsOf(cfg: LoadedConfig, input: PredictInput): Scenario['backends'] {
  const backends: Scenario['backends'] = {};
  for (const address of cfg.upstreamAddresses) {
    const port = /:(\d+)$/.exec(address)?.[1] ?? '80';
    for (const key of [address, `127.0.0.1:${port}`])
      backends[key] = { ...defaultBackend(), echo: input.echoes };
  }
  return backends;
}

function run(
  cfg: LoadedConfig,
  config: string,
  files: Record<string, string>,
  port: number,
  input: PredictInput,
): Simulation {
  const scenario: Scenario = {
    title: 'nginx-ws-lab probe',
    ...(input.nginxVersion ? { nginx_version: input.nginxVersion } : {}),
    config,
    files,
    backends: backendsOf(cfg, input),
    client: {
      port,
      request: { method: 'GET', path: input.path, http_version: '1.1', headers: input.headers },
      steps: input.steps,
      until: input.until,
    },
  };
  try {
    return withinTimeLimit(() => simulate(scenario, { regex: cliRegexRunner }));
  } catch (error) {
    if (!(error instanceof EngineTimeout)) throw error;
    // A runaway regex in the user's config: said as the prediction's config error, at its line.
    const message = timeoutReason(error);
    const origin = error.regex?.origin;
    return {
      outcome: { format: 'outcome@1', config_error: message },
      errors: [
        { file: origin?.file ?? MAIN, line: origin?.line ?? null, error: message, code: 'engine-timeout' },
      ],
      headers: [],
      timeline: [],
      transcript: [],
      errorLog: [],
    };
  }
}

function hostNotFound(sim: Simulation): boolean {
  return 'config_error' in sim.outcome && sim.errors[0]?.code === 'host-not-found';
}

/** The name on that line (`proxy_pass http://name:port`, `server name:port`) becomes 127.0.0.1. */
function substituteHost(text: string, line: number, host: string): string {
  const lines = text.split('\n');
  const escaped = host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  lines[line - 1] = (lines[line - 1] ?? '').replace(
    new RegExp(`(?<=^|[\\s/])${escaped}(?=[:/;\\s"']|$)`, 'g'),
    '127.0.0.1',
  );
  return lines.join('\n');
}

function fileOfLocation(cfg: LoadedConfig, line: number): string {
  const hits = cfg.parse.files.filter((c) => {
    const walk = (list: ConfigNode[]): boolean =>
      list.some((d) => (d.name === 'location' && d.span.line === line) || (d.block ? walk(d.block) : false));
    return walk(c.nodes);
  });
  return hits.length === 1 && hits[0]!.file !== resolve(cfg.path) ? hits[0]!.file : MAIN;
}

/** The directive's value as the user wrote it (`1h`, `3600`), read off its line. */
function writtenValue(
  config: string,
  files: Record<string, string>,
  source: { file: string; line: number },
): string {
  const text = source.file === MAIN ? config : (files[source.file] ?? '');
  const m = /proxy_read_timeout\s+([^;\s]+)/.exec(text.split('\n')[source.line - 1] ?? '');
  return m?.[1] ?? '?';
}

/** `nginx.conf line 9`, with the user's own path for the main file. */
export function where(cfg: LoadedConfig, file: string, line: number | null): string {
  const name = file === MAIN || file === '' ? shown(cfg.path) : shown(file);
  return line === null ? name : say('where-line', { file: name, line });
}

/** Paths relative to the working directory where that is shorter, as `check` prints them. */
function shown(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
