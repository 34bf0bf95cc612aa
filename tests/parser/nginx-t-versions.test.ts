/**
 * `nginx -t` per version: every parser fixture (fixtures.ts) was run through `nginx -t` of each
 * pinned version by `npx tsx scripts/nginx-t-fixtures.ts`, into recorded/<version>.json. The
 * analyzer, told to model that version (`nginxVersion`), must give the same first error and line
 * (or none) — so where versions word or judge a config differently (`keepalive 0`, `ssl`, `http2`,
 * `$request_port`), the parser follows the chosen version. Runs without nginx.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinnedVersions } from '../../playground/cli/conformance/versions';
import { checkConfig, DEFAULT_NGINX_VERSION } from '../../playground/src/index';
import { FIXTURES } from './fixtures';
import { memoryResolver } from './resolver';

const root = join(import.meta.dirname, '../..');
const recordedDir = join(import.meta.dirname, 'recorded');
const DIR = '/etc/nginx';

interface Recording {
  nginx: string;
  fixtures: Record<string, { error: string; line: number | null } | null>;
}

const recordings = readdirSync(recordedDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(recordedDir, f), 'utf8')) as Recording);

describe('nginx -t recorded on every pinned version', () => {
  it('has a recording of every fixture on every version of nginx-versions.json', () => {
    expect(recordings.map((r) => r.nginx).sort()).toEqual([...pinnedVersions(root)].sort());
    for (const r of recordings)
      expect(Object.keys(r.fixtures).sort(), r.nginx).toEqual(FIXTURES.map((f) => f.name).sort());
  });

  it("the fixtures' own expectations are what nginx 1.22.1 said", () => {
    const base = recordings.find((r) => r.nginx === DEFAULT_NGINX_VERSION)!;
    for (const f of FIXTURES) {
      const expected = f.expect && { error: f.expect.error, line: f.expect.line };
      expect(base.fixtures[f.name], f.name).toEqual(expected);
    }
  });

  it('the versions do word or judge some fixtures differently', () => {
    const differing = FIXTURES.filter(
      (f) => new Set(recordings.map((r) => JSON.stringify(r.fixtures[f.name]))).size > 1,
    );
    expect(differing.map((f) => f.name)).toEqual(
      expect.arrayContaining(['keepalive 0', 'ssl directive (removed in 1.25.1)']),
    );
  });

  for (const recording of recordings) {
    describe(`nginx ${recording.nginx}`, () => {
      for (const fixture of FIXTURES) {
        it(fixture.name, () => {
          const first = checkConfig(fixture.text, {
            file: `${DIR}/nginx.conf`,
            resolveInclude: memoryResolver(DIR, fixture.files),
            nginxVersion: recording.nginx,
          }).errors[0];
          const real = recording.fixtures[fixture.name];
          expect(first ? { error: first.error, line: first.line } : null).toEqual(
            real ? { ...real, error: real.error.replaceAll('{dir}', DIR) } : null,
          );
        });
      }
    });
  }
});
