/**
 * The pins of the nginx versions the corpus is proven against (scripts/nginx-versions/), the
 * launchers the installer writes, and its message for a pin that left its Debian suite. Where
 * the versions are installed (`.nginx/`, git-ignored), each launcher must run its own version.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { versionFeatures } from '../../playground/src/index';
import {
  launcherScript,
  PINS_FILE,
  PinError,
  staleMessage,
  upstreamVersion,
  validatePins,
} from '../../scripts/nginx-versions/install.mjs';

const root = resolve(__dirname, '../..');
const pins = JSON.parse(readFileSync(PINS_FILE, 'utf8'));
type Entry = { nginx: string; suite: string; packages: Array<{ name: string; version: string }> };

describe('nginx-versions.json', () => {
  it('pins 1.22.1 (the system package), a 1.26 and a 1.29.7+ build, each checked by sha256', () => {
    const versions = validatePins(pins) as Entry[];
    expect(versions.map((v) => v.nginx)[0]).toBe('1.22.1');
    expect(versions[0]!.suite).toBe('system');
    // One build on each side of the 1.29.7 proxy defaults, so both sides are proven.
    expect(versions.some((v) => !versionFeatures(v.nginx).defaultUpstreamKeepalive)).toBe(true);
    expect(versions.some((v) => versionFeatures(v.nginx).defaultUpstreamKeepalive > 0)).toBe(true);
    for (const v of versions.filter((e) => e.suite !== 'system')) {
      // The loader and libraries come from the same suite as nginx itself.
      expect(v.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['nginx', 'libc6', 'libssl3t64']));
    }
  });

  it('rejects pins a person could get wrong', () => {
    const entry = (over: object) => ({ versions: [{ ...pins.versions[1], ...over }] });
    expect(() => validatePins({ versions: [] })).toThrow(PinError);
    expect(() => validatePins(entry({ nginx: '1.26' }))).toThrow(/like 1\.26\.3/);
    expect(() => validatePins(entry({ nginx: '1.26.4' }))).toThrow(/must be nginx 1\.26\.4 itself/);
    const badSum = pins.versions[1].packages.map((p: object, i: number) => (i ? p : { ...p, sha256: 'abc' }));
    expect(() => validatePins(entry({ packages: badSum }))).toThrow(/versions\[0\]\.packages\[0\]: "sha256"/);
    expect(() => validatePins({ versions: [pins.versions[1], pins.versions[1]] })).toThrow(/pinned twice/);
  });

  it('reads the upstream version out of a Debian version', () => {
    expect(upstreamVersion('1.26.3-3+deb13u10')).toBe('1.26.3');
    expect(upstreamVersion('1:1.3.dfsg+really1.3.1-1+deb13u1')).toBe('1.3.dfsg+really1.3.1');
    expect(upstreamVersion('1.30.6-2')).toBe('1.30.6');
  });
});

describe('launchers', () => {
  it('run the extracted nginx through its own loader and libraries, without NGINX, from wherever they are', () => {
    const text = launcherScript(pins.versions[1]);
    expect(text).toMatch(/^#!\/bin\/sh\n/);
    expect(text).toContain('exec env -u NGINX "$tree/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"');
    expect(text).toContain('--library-path "$tree/usr/lib/x86_64-linux-gnu" "$tree/usr/sbin/nginx" "$@"');
    expect(text).toContain('tree="$(dirname "$(readlink -f "$0")")/unpacked"');
    expect(launcherScript(pins.versions[0])).toContain('exec env -u NGINX /usr/sbin/nginx "$@"');
  });

  const installed = (pins.versions as Entry[]).filter((v) =>
    existsSync(join(root, '.nginx', v.nginx, 'nginx')),
  );
  it.skipIf(!installed.length)('each installed launcher runs its own version and ignores NGINX', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nginx-versions-test-'));
    try {
      const conf = join(dir, 'nginx.conf');
      writeFileSync(conf, `pid ${join(dir, 'nginx.pid')}; error_log stderr; events {} http {}\n`);
      for (const v of installed) {
        const run = (args: string[]) =>
          spawnSync(join(root, '.nginx', v.nginx, 'nginx'), args, {
            encoding: 'utf8',
            // Set, nginx would take fds 3 and 4 for inherited listening sockets.
            env: { ...process.env, NGINX: '3;4;' },
            timeout: 10_000,
          });
        const version = run(['-v']);
        expect(`${version.stdout}${version.stderr}`).toContain(`nginx version: nginx/${v.nginx}`);
        const test = run(['-t', '-p', `${dir}/`, '-c', conf]);
        expect(test.stderr).not.toContain('inherited');
        expect(test.status, test.stderr).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a pin that left its suite', () => {
  it('names what moved and how to move the pin', () => {
    const text = staleMessage(pins.versions[2], [{ name: 'libc6', pinned: '2.43-7', available: ['2.43-8'] }]);
    expect(text).toContain('no longer in Debian sid');
    expect(text).toContain('libc6 2.43-7 is not there; sid has 2.43-8');
    expect(text).toContain(`node scripts/nginx-versions/install.mjs --repin ${pins.versions[2].nginx}`);
    expect(text).toContain('docs/nginx-versions.md');
  });
});
