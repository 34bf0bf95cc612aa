import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePermalink } from '../../../playground/src/index';
import { versionRows } from './by-version';

/** The files import.meta.glob hands <ByVersion>, keyed the same way ('/content/…'). */
const root = join(import.meta.dirname, '../../..');
function files(dir: string, ext: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(ext)) out[`/${relative(root, p)}`] = readFileSync(p, 'utf8');
    }
  };
  walk(join(root, dir));
  return out;
}
const scenarios = files('content/scenarios/guides', '.yaml');
const recordings = files('content/scenarios/guides/recorded', '.json');

describe('<ByVersion> rows come from the recordings', () => {
  it('no proxy_http_version: HTTP/1.0 and Connection: close up to 1.26, HTTP/1.1 and an upgrade on 1.30', () => {
    const rows = versionRows('guides/without-http-version', scenarios, recordings, 'en');
    expect(rows.map((r) => [r.version, r.requestLine?.endsWith('HTTP/1.0'), r.status])).toEqual([
      ['1.22.1', true, 426],
      ['1.26.3', true, 426],
      ['1.30.6', false, 101],
    ]);
    // Each row opens the scenario in the playground on its own version.
    for (const r of rows) {
      const decoded = decodePermalink(r.href.split('#s=')[1] ?? '');
      expect(decoded.ok && decoded.text).toContain(`nginx_version: ${r.version}`);
    }
  });

  it('says which file is missing instead of inventing a row', () => {
    const partial = Object.fromEntries(Object.entries(recordings).filter(([k]) => !k.includes('/1.30.6/')));
    expect(() => versionRows('guides/without-http-version', scenarios, partial, 'en')).toThrow(
      /recorded\/1\.30\.6\/without-http-version\.json is missing/,
    );
  });
});
