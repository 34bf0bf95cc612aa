/** The runner's cleanup registry and the sweep of temp dirs that killed runners left behind. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ownerIdentity,
  processIdentity,
  RUN_DIR_PREFIX,
  stopEverything,
  sweepLeftovers,
  track,
} from '../../playground/cli/conformance/cleanup';

describe('stopEverything', () => {
  it('stops processes before removing files, and forgets what was stopped', async () => {
    const order: string[] = [];
    track({ phase: 1, stop: async () => void order.push('files'), stopNow: () => order.push('files now') });
    track({ phase: 0, stop: async () => void order.push('nginx'), stopNow: () => order.push('nginx now') });
    const untracked = track({
      phase: 0,
      stop: async () => void order.push('done already'),
      stopNow: () => {},
    });
    untracked();
    await stopEverything();
    expect(order).toEqual(['nginx', 'files']);
    await stopEverything();
    expect(order).toEqual(['nginx', 'files']);
  });
});

describe('sweepLeftovers', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function runDir(parent: string, name: string, owner: string | null): string {
    const dir = join(parent, `${RUN_DIR_PREFIX}${name}`);
    mkdirSync(join(dir, 'prefix'), { recursive: true });
    if (owner !== null) writeFileSync(join(dir, 'owner'), `${owner}\n`);
    return dir;
  }

  it('removes run dirs whose owner is gone, keeps live owners’ and dirs without an owner file', () => {
    const parent = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-sweep-test-'));
    dirs.push(parent);
    const me = processIdentity(process.pid)!;
    expect(me).toMatch(/^\d+ \d+$/);
    // A pid that is surely not running with that start time: ours with another start time.
    runDir(parent, 'dead', `${process.pid} 1`);
    runDir(parent, 'gone', '2147483646 5');
    runDir(parent, 'live', me);
    runDir(parent, 'unknown', null);
    expect(sweepLeftovers(false, parent).sort()).toEqual([`${RUN_DIR_PREFIX}dead`, `${RUN_DIR_PREFIX}gone`]);
    expect(readdirSync(parent).sort()).toEqual([`${RUN_DIR_PREFIX}live`, `${RUN_DIR_PREFIX}unknown`]);
    expect(ownerIdentity()).toBe(me);
    expect(sweepLeftovers(true, parent)).toEqual([`${RUN_DIR_PREFIX}live`]);
  });
});
