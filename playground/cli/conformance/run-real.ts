/**
 * One scenario against real nginx: the config confined (confine.ts) and its ports moved to a
 * private block, `nginx -t`, backends up,
 * nginx up, the client played, everything stopped (also on failure), the outcome built from
 * what both ends saw and mapped back to the scenario's own ports.
 */
import { readFileSync } from 'node:fs';
import type { Outcome, OutcomeEnd, RunOutcome, Scenario } from '../../src/index';
import { type RunningBackend, startBackend } from './backends';
import { track } from './cleanup';
import { type ClientResult, runClient } from './client';
import { type Confined, confineConfig, RefusedScenario } from './confine';
import { normalizeErrorLog } from './error-log';
import type { Launcher } from './launcher';
import { prefixFiles, prepareNginx, removePrefix, sleep, startNginx, testConfig } from './nginx-process';
import {
  mapOutcomeBack,
  movePorts,
  needsOwnPorts,
  OwnPorts,
  type PortBlocks,
  portMap,
  scenarioPorts,
} from './ports';

/** One queue per runner process: own-port runs (consistent hash) go one at a time. */
const ownPorts = new OwnPorts();

import { Recorder } from './recorder';

/** Lets nginx notice and log the client's hang-up before it is stopped. */
const SETTLE_MS = 250;

/** Outcome times are rounded to 0.1 s: finer digits are scheduling noise. */
function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

/**
 * The wrapper closes `http {` after the config, so an unclosed block runs one brace further
 * before the end of file. Report the end of file where it is in the config text itself.
 */
export function eofAtConfigEnd(configError: string, config: string): string {
  if (!configError.startsWith('unexpected end of file')) return configError;
  const lastLine = config.split('\n').length;
  return configError.replace(/ line (\d+)$/, (m, n: string) =>
    Number(n) > lastLine ? ` line ${lastLine}` : m,
  );
}

/** A port checked free can still be taken before we bind it (other programs run too): retry on a new block. */
const PORT_RACE_RETRIES = 2;

/**
 * The longest `client.until` a real run accepts, in seconds. The simulator takes up to a day;
 * real nginx, backends and a client held open that long would only tie up the machine (the
 * corpus needs at most a few seconds).
 */
export const MAX_REAL_UNTIL = 60;

export interface RealRun {
  /** The scenario file, for messages. */
  path: string;
  scenario: Scenario;
  blocks: PortBlocks;
  launcher: Launcher;
}

/** The scenario's config under the sandbox rules, or a refusal naming the file, line and directive. */
export function confineScenario(
  path: string,
  scenario: Scenario,
): { files: Record<string, string>; confined: Confined } {
  if (scenario.client.until > MAX_REAL_UNTIL) {
    throw new Error(
      `${path}: client.until is ${scenario.client.until} s; real runs last at most ${MAX_REAL_UNTIL} s (the simulator alone takes more)`,
    );
  }
  const files = prefixFiles(scenario.files, path);
  const confined = confineConfig(scenario.config, files);
  if (confined.refusals.length) throw new RefusedScenario(path, confined.refusals[0]!);
  return { files, confined };
}

export async function runReal(run: RealRun): Promise<Outcome> {
  const { files, confined } = confineScenario(run.path, run.scenario);
  for (let attempt = 0; ; attempt++) {
    try {
      return await runOnce(run, files, confined);
    } catch (e) {
      const raced = /EADDRINUSE|Address already in use/.test((e as Error).message);
      if (!raced || attempt >= PORT_RACE_RETRIES) throw e;
    }
  }
}

async function runOnce(run: RealRun, files: Record<string, string>, confined: Confined): Promise<Outcome> {
  const original = run.scenario;
  const ports = scenarioPorts(original, confined.ports);
  const own = needsOwnPorts(confined.tree.directives.map((at) => at.directive));
  const releaseOwn = own ? await ownPorts.take(ports) : null;
  const map = own ? new Map(ports.map((p) => [p, p])) : portMap(ports, await run.blocks.take());
  const scenario = movePorts(original, map);
  let prefix: ReturnType<typeof prepareNginx> | null = null;
  const backends: RunningBackend[] = [];
  let stopNginx: (() => Promise<void>) | null = null;
  try {
    prefix = prepareNginx(files, confined.rewrite(map), confined, run.launcher);
    const configError = await testConfig(prefix, run.launcher);
    if (configError !== null) {
      const error = eofAtConfigEnd(configError, original.config);
      return mapOutcomeBack({ format: 'outcome@1', config_error: error }, map);
    }
    const stopped = confined.tree.parse.errors[0];
    if (stopped) {
      // Only what the engine read was checked; nginx read further and accepted it.
      throw new Error(
        `${run.path}: the runner's parser stopped at line ${stopped.line ?? '?'} (${stopped.error}) but nginx -t accepted the config; not starting nginx on a config the runner could not check`,
      );
    }
    const rec = new Recorder();
    for (const [address, spec] of Object.entries(original.backends)) {
      const port = map.get(Number(address.split(':').pop()))!;
      const backend = await startBackend(address, port, spec, rec);
      const untrack = track({ phase: 0, stop: backend.stop, stopNow: () => {} });
      backends.push({ stop: () => backend.stop().finally(untrack) });
    }
    stopNginx = (await startNginx(prefix, run.launcher)).stop;
    const result = await runClient(scenario.client.port!, scenario.client, rec);
    await sleep(SETTLE_MS);
    await stopNginx();
    stopNginx = null;
    const errorLog = normalizeErrorLog(readFileSync(prefix.errorLog, 'utf8'), prefix.dir);
    return mapOutcomeBack(buildOutcome(result, rec, errorLog), map);
  } finally {
    if (stopNginx) await stopNginx();
    await Promise.all(backends.map((b) => b.stop()));
    if (prefix) removePrefix(prefix);
    releaseOwn?.();
  }
}

/**
 * Both ends saw 101, but did nginx switch to a tunnel? When it did not (the client sent no
 * Upgrade), it treats the 101 as the head of an ordinary response, reads the "body" until
 * proxy_read_timeout, logs `… while reading upstream`, then flushes the 101 and closes: nothing
 * ever passes. nginx's own log line is the evidence (timings vary with machine load).
 */
function nginxTunnelled(result: ClientResult, rec: Recorder, errorLog: string[]): boolean {
  if (!result.upgraded || !rec.backendUpgraded) return false;
  const readAsBody = errorLog.some((line) => / while reading upstream$/.test(line));
  return !(readAsBody && result.closedBy === 'peer' && rec.frames.length === 0);
}

export function buildOutcome(result: ClientResult, rec: Recorder, errorLog: string[]): RunOutcome {
  const tunnel = nginxTunnelled(result, rec, errorLog);
  const response = result.response && { ...result.response, at: round(result.response.at) };
  return {
    format: 'outcome@1',
    response,
    upstream: rec.upstream,
    tunnel,
    frames: rec.frames.map((f) => ({ ...f, at: round(f.at) })),
    end: tunnel ? tunnelEnd(result, rec) : null,
    error_log: errorLog,
  };
}

/**
 * Who ended the tunnel: whoever sent the first close frame; else the client if it hung up at
 * `until`; else nginx, which closed the connection without a close frame (a timeout).
 */
function tunnelEnd(result: ClientResult, rec: Recorder): OutcomeEnd {
  if (rec.closeStarted) {
    const { by, at, code } = rec.closeStarted;
    return { at: round(at), by, reason: `close frame ${code}` };
  }
  if (result.closedBy === 'until') return { at: round(result.closedAt), by: 'client', reason: 'until' };
  return { at: round(result.closedAt), by: 'nginx', reason: 'connection closed without a close frame' };
}
