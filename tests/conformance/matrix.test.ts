/**
 * `conformance --versions all` against the three real builds: each scenario is played on each
 * version, judged against that version's recording and the simulator set to it, and a pinned
 * scenario plays only on its version. Needs the builds scripts/nginx-versions/install.mjs puts in
 * .nginx/ (skips with one line without them; fails under CI, which installs them).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pinnedVersions } from '../../playground/cli/conformance/versions';
import { removeDir, runCli, scratchDir } from '../security/conformance-harness';

const root = resolve(import.meta.dirname, '../..');
const versions = pinnedVersions(root);
const missing = versions.filter((v) => !existsSync(join(root, '.nginx', v, 'nginx')));
function buildsForTests(): boolean {
  if (!missing.length) return true;
  const line = `conformance matrix: nginx ${missing.join(', ')} not installed (node scripts/nginx-versions/install.mjs)`;
  if (process.env.CI) throw new Error(line);
  console.warn(`skipping ${line}`);
  return false;
}

const tmp = scratchDir();
afterAll(() => removeDir(tmp));

interface Report {
  versions: Array<{ nginx: string; scenarios: number; failed: number; not_played: number }>;
  scenarios: Array<{ name: string; nginx: string; recorded: { kind: string }; simulator: { kind: string } }>;
  failed: number;
}

describe.runIf(buildsForTests())('conformance --versions all', () => {
  it('plays every scenario on every version, a pinned one only on its own', async () => {
    const keepalive0 = join(root, 'content/scenarios/conformance/version-keepalive-0.yaml');
    const pinned = join(tmp, 'pinned.yaml');
    writeFileSync(
      pinned,
      readFileSync(join(root, 'content/scenarios/conformance/version-return-407.yaml'), 'utf8').replace(
        'config: |',
        'nginx_version: "1.30.6"\nconfig: |',
      ),
    );
    const { code, stdout, stderr } = await runCli(
      [keepalive0, pinned, '--versions', 'all', '--jobs', '3', '--json'],
      tmp,
      {},
      90_000,
    );
    expect(stderr).not.toMatch(/✗/);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.versions.map((v) => v.nginx)).toEqual(versions.map((v) => `nginx/${v}`));
    expect(report.versions.map((v) => v.not_played)).toEqual(versions.map((v) => (v === '1.30.6' ? 0 : 1)));
    const rows = report.scenarios.filter((r) => r.name.endsWith('version-keepalive-0.yaml'));
    expect(rows.map((r) => r.nginx)).toEqual(versions);
    // keepalive 0 is a config error before 1.29.7 and a working proxy since: each version has its
    // own recording, and the simulator set to that version agrees with each.
    for (const r of rows)
      expect([r.nginx, r.recorded.kind, r.simulator.kind]).toEqual([r.nginx, 'agree', 'agree']);
    const pinnedRows = report.scenarios.filter((r) => r.name.endsWith('pinned.yaml'));
    expect(pinnedRows.map((r) => r.nginx)).toEqual(['1.30.6']);
  }, 120_000);
});
