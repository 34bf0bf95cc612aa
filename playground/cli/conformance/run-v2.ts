/**
 * One scenario v2 against real nginx: every config it will run (the first and each reload's)
 * confined under the sandbox rules before nginx sees any, ports moved to a private block,
 * `nginx -t`, the scripted backends up, nginx up with a master process, then the clients and the
 * events played on one clock (events at an instant before clients' actions at that instant),
 * everything stopped (also on failure), and the outcome@2 built from what both ends saw.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type {
  ClientOutcome,
  OutcomeEnd,
  OutcomeV2,
  RunOutcomeV2,
  ScenarioV2,
  UpstreamRequestV2,
} from '../../src/index';
import { ScriptedBackend } from './backend-v2';
import { track } from './cleanup';
import { type ClientRun, runClientsV2 } from './client-v2';
import { MAIN_FILE } from './config-tree';
import { type Confined, confineConfig, RefusedScenario } from './confine';
import { INSTALLED_PREFIX, normalizeErrorLog } from './error-log';
import type { Launcher } from './launcher';
import { startMaster } from './nginx-master';
import {
  chownTree,
  type NginxPrefix,
  prefixFiles,
  prepareNginx,
  removePrefix,
  sleep,
  testConfig,
  wrapConfig,
} from './nginx-process';
import { mapOutcomeBack, type PortBlocks, portMap } from './ports';
import { eofAtConfigEnd, MAX_REAL_UNTIL } from './run-real';
import { firstListenPort } from './scenario-file';
import { type Tag, type UpstreamRecord, V2Recorder } from './v2-recorder';

/** Lets nginx notice and log the clients' hang-ups before the window closes for good. */
const SETTLE_MS = 250;
const PORT_RACE_RETRIES = 2;

interface ConfinedConfig {
  files: Record<string, string>;
  confined: Confined;
}

export interface ConfinedV2 {
  first: ConfinedConfig;
  /** Per event index: the config a reload installs (null: the same as before). */
  reloads: Map<number, ConfinedConfig>;
}

function confineOne(
  path: string,
  config: string,
  files: Record<string, string> | undefined,
  label: string | null,
): ConfinedConfig {
  const prefixed = prefixFiles(files, path);
  const confined = confineConfig(config, prefixed);
  const refusal = confined.refusals[0];
  if (refusal) {
    if (label) refusal.file = refusal.file === 'config' ? `${label}.config` : `${label}.${refusal.file}`;
    throw new RefusedScenario(path, refusal);
  }
  return { files: prefixed, confined };
}

/** Every config the scenario will run, under the sandbox rules, or a refusal naming file, line and directive. */
export function confineScenarioV2(path: string, s: ScenarioV2): ConfinedV2 {
  if (s.until > MAX_REAL_UNTIL) {
    throw new Error(
      `${path}: until is ${s.until} s; real runs last at most ${MAX_REAL_UNTIL} s (the simulator alone takes more)`,
    );
  }
  for (const address of Object.keys(s.backends)) {
    if (!/^127\.0\.0\.1:\d+$/.test(address)) {
      throw new Error(`${path}: backends."${address}": real runs only use 127.0.0.1:PORT addresses`);
    }
  }
  const first = confineOne(path, s.config, s.files, null);
  const reloads = new Map<number, ConfinedConfig>();
  let files = s.files;
  s.events.forEach((e, i) => {
    if (e.kind !== 'reload' || (e.config === null && e.files === null)) return;
    files = e.files ?? files;
    reloads.set(i, confineOne(path, e.config ?? s.config, files, `events[${i}].reload`));
  });
  return { first, reloads };
}

function ports(s: ScenarioV2, c: ConfinedV2): number[] {
  const all = new Set<number>(c.first.confined.ports);
  for (const r of c.reloads.values()) for (const p of r.confined.ports) all.add(p);
  for (const address of Object.keys(s.backends)) all.add(Number(address.split(':').pop()));
  const listen = firstListenPort(s.config);
  for (const client of s.clients) {
    const port = client.port ?? listen;
    if (port !== undefined) all.add(port);
  }
  return [...all].filter((p) => Number.isInteger(p) && p > 0).sort((a, b) => a - b);
}

export interface RealRunV2 {
  path: string;
  scenario: ScenarioV2;
  blocks: PortBlocks;
  launcher: Launcher;
}

export async function runRealV2(run: RealRunV2): Promise<OutcomeV2> {
  const confined = confineScenarioV2(run.path, run.scenario);
  for (let attempt = 0; ; attempt++) {
    try {
      return await runOnce(run, confined);
    } catch (e) {
      const raced = /EADDRINUSE|Address already in use/.test((e as Error).message);
      if (!raced || attempt >= PORT_RACE_RETRIES) throw e;
    }
  }
}

/** Writes a reload's config and files into the running prefix (nginx reads them on reload). */
function install(
  prefix: NginxPrefix,
  previous: ConfinedConfig,
  next: ConfinedConfig,
  map: Map<number, number>,
  launcher: Launcher,
): void {
  const texts = next.confined.rewrite(map);
  for (const name of Object.keys(previous.files)) {
    if (!(name in next.files)) rmSync(join(prefix.dir, name), { force: true });
  }
  for (const [name, text] of Object.entries(next.files)) {
    const target = join(prefix.dir, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, texts.get(name) ?? text);
  }
  writeFileSync(prefix.conf, wrapConfig(texts.get(MAIN_FILE) ?? '', next.confined, launcher, true));
  if (launcher.owner) chownTree(prefix.dir, launcher.owner);
}

async function runOnce(run: RealRunV2, c: ConfinedV2): Promise<OutcomeV2> {
  const s = run.scenario;
  const map = portMap(ports(s, c), await run.blocks.take());
  const prefix = prepareNginx(
    c.first.files,
    c.first.confined.rewrite(map),
    c.first.confined,
    run.launcher,
    true,
  );
  const backends: ScriptedBackend[] = [];
  const untracks: Array<() => void> = [];
  let stopNginx: (() => Promise<void>) | null = null;
  try {
    const configError = await testConfig(prefix, run.launcher);
    if (configError !== null) {
      return mapOutcomeBack(
        { format: 'outcome@2', config_error: eofAtConfigEnd(configError, s.config) } as never,
        map,
      ) as unknown as OutcomeV2;
    }
    const stopped = c.first.confined.tree.parse.errors[0];
    if (stopped) {
      throw new Error(
        `${run.path}: the runner's parser stopped at line ${stopped.line ?? '?'} (${stopped.error}) but nginx -t accepted the config; not starting nginx on a config the runner could not check`,
      );
    }
    const rec = new V2Recorder();
    const byName = new Map<string, ScriptedBackend>();
    for (const [name, spec] of Object.entries(s.backends)) {
      const backend = new ScriptedBackend(name, map.get(Number(name.split(':').pop()))!, spec, rec);
      backends.push(backend);
      byName.set(name, backend);
      untracks.push(track({ phase: 0, stop: () => backend.stop(), stopNow: () => {} }));
      await backend.up();
    }
    const nginx = await startMaster(prefix, run.launcher);
    stopNginx = nginx.stop;
    rec.start();

    // Events, one after another in time order; a client's action at t waits for those due by t.
    const order = s.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at);
    const done = new Map<number, Promise<void>>();
    const finished = new Map<number, () => void>();
    for (const { i } of order) done.set(i, new Promise<void>((resolve) => finished.set(i, resolve)));
    const gate = (t: number) =>
      Promise.all(order.filter(({ e }) => e.at <= t + 1e-9).map(({ i }) => done.get(i)!)).then(() => {});
    let installed = c.first;
    const events = (async () => {
      for (const { e, i } of order) {
        await sleep(rec.msUntil(e.at));
        try {
          if (e.kind === 'reload') {
            const next = c.reloads.get(i);
            if (next) {
              install(prefix, installed, next, map, run.launcher);
              installed = next;
            }
            await nginx.reload();
          } else if (e.kind === 'restart') await nginx.restart();
          else if (e.kind === 'backend_down') await byName.get(e.backend)!.down();
          else await byName.get(e.backend)!.up();
        } finally {
          finished.get(i)!();
        }
      }
    })();

    const listen = firstListenPort(s.config);
    const clients = await runClientsV2(
      s.clients,
      (client) => {
        const port = client.port ?? listen;
        if (port === undefined) {
          throw new Error(`${run.path}: client ${client.name} has no port and the config no "listen PORT"`);
        }
        return map.get(port) ?? port;
      },
      rec,
      gate,
    );
    await events;
    await sleep(rec.msUntil(s.until) + SETTLE_MS);
    rec.frozen = true;
    const snapshot = structuredClone({ upstream: rec.upstream, connections: [...rec.connections], clients });
    const frames = new Map(s.clients.map((cl) => [cl.name, structuredClone(rec.framesOf(cl.name))]));
    await nginx.stop();
    stopNginx = null;
    const errorLog = normalizeErrorLog(readFileSync(prefix.errorLog, 'utf8'), prefix.dir);
    const outcome = buildOutcomeV2(
      s,
      snapshot.clients,
      snapshot.upstream,
      new Map(snapshot.connections),
      frames,
      errorLog,
    );
    return mapOutcomeBack(withoutRunPaths(outcome, prefix.dir) as never, map) as unknown as OutcomeV2;
  } finally {
    if (stopNginx) await stopNginx();
    await Promise.all(backends.map((b) => b.stop()));
    for (const untrack of untracks) untrack();
    removePrefix(prefix);
  }
}

/**
 * The run's temp prefix written as nginx's installed one wherever nginx let it show (a
 * `$request_body_file` in a header, a path in a page): it differs on every run and names a
 * machine path.
 */
function withoutRunPaths<T>(value: T, dir: string): T {
  const fix = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(dir).join(INSTALLED_PREFIX);
    if (Array.isArray(v)) return v.map(fix);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]));
    return v;
  };
  return fix(value) as T;
}

/** Outcome times are rounded to 0.1 s: finer digits are scheduling noise. */
function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

function roundOrNull(seconds: number | null): number | null {
  return seconds === null ? null : round(seconds);
}

/**
 * Which client request a backend request carries: its tag, or (when the config kept nginx from
 * passing the tag on) the one request in flight when it arrived.
 */
function attribute(u: UpstreamRecord, clients: ClientRun[]): Tag {
  if (u.tag) return u.tag;
  const candidates: Tag[] = [];
  for (const c of clients) {
    c.requests.forEach((r, index) => {
      const end = r.response?.complete_at ?? Number.POSITIVE_INFINITY;
      if (r.sent_at <= u.at + 0.01 && u.at <= end + 0.01) candidates.push({ client: c.name, index });
    });
  }
  if (candidates.length === 1) return candidates[0]!;
  throw new Error(
    `cannot tell which client request reached backend ${u.backend} at ${round(u.at)} s (${u.request_line}): the config keeps nginx from passing the runner's X-Lab-Request header, and ${candidates.length} requests were in flight`,
  );
}

export function buildOutcomeV2(
  s: ScenarioV2,
  runs: ClientRun[],
  upstream: UpstreamRecord[],
  connections: Map<
    string,
    Array<{
      id: number;
      opened_at: number;
      closed_at: number | null;
      closed_by: 'nginx' | 'backend' | null;
      requests: UpstreamRecord[];
    }>
  >,
  frames: Map<string, ReturnType<V2Recorder['framesOf']>>,
  errorLog: string[],
): RunOutcomeV2 {
  const tags = new Map<UpstreamRecord, Tag>();
  for (const u of upstream) tags.set(u, attribute(u, runs));
  // One structuredClone copied upstream and connections together: the records are shared.
  const tagOf = (u: UpstreamRecord) => tags.get(u) ?? attribute(u, runs);
  const readAsBody = errorLog.some((line) => / while reading upstream$/.test(line));
  const clients: ClientOutcome[] = runs.map((run) => {
    const f = frames.get(run.name) ?? { frames: [], closeStarted: null };
    const mine = upstream.filter((u) => tagOf(u).client === run.name);
    const upgradedUpstream = mine.some((u) => u.answeredStatus === 101);
    const closedByNginx = run.closed?.by === 'nginx';
    const tunnel =
      run.upgraded && upgradedUpstream && !(readAsBody && closedByNginx && f.frames.length === 0);
    return {
      name: run.name,
      connected_at: roundOrNull(run.connected_at),
      requests: run.requests.map((r, index) => ({
        sent_at: round(r.sent_at),
        request_line: r.request_line,
        response: r.response && {
          ...r.response,
          at: round(r.response.at),
          complete_at: roundOrNull(r.response.complete_at),
        },
        upstream: mine.filter((u) => tagOf(u).index === index).map(upstreamOut),
      })),
      not_sent: run.not_sent,
      tunnel,
      frames: f.frames.map((fr) => ({ ...fr, at: round(fr.at) })),
      end: tunnel ? tunnelEnd(run, f.closeStarted) : null,
      closed: run.closed && { at: round(run.closed.at), by: run.closed.by },
    };
  });
  const backends: RunOutcomeV2['backends'] = {};
  for (const name of Object.keys(s.backends)) {
    backends[name] = {
      connections: (connections.get(name) ?? []).map((conn) => ({
        id: conn.id,
        opened_at: round(conn.opened_at),
        closed_at: roundOrNull(conn.closed_at),
        closed_by: conn.closed_by,
        requests: conn.requests.map((u) => {
          const t = tagOf(u);
          return [t.client, t.index] as [string, number];
        }),
      })),
    };
  }
  return { format: 'outcome@2', clients, backends, error_log: errorLog };
}

function upstreamOut(u: UpstreamRecord): UpstreamRequestV2 {
  return {
    backend: u.backend,
    connection: u.connection,
    at: round(u.at),
    request_line: u.request_line,
    headers: u.headers,
    body: u.body,
    body_length: u.body_length,
    complete_at: roundOrNull(u.complete_at),
  };
}

function tunnelEnd(
  run: ClientRun,
  closeStarted: { by: 'client' | 'backend'; at: number; code: string } | null,
): OutcomeEnd {
  if (closeStarted)
    return { at: round(closeStarted.at), by: closeStarted.by, reason: `close frame ${closeStarted.code}` };
  const closed = run.closed ?? { at: 0, by: 'nginx' as const };
  if (closed.by === 'client') return { at: round(closed.at), by: 'client', reason: 'until' };
  return { at: round(closed.at), by: 'nginx', reason: 'connection closed without a close frame' };
}
