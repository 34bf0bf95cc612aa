import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machinePaths } from './machine-paths';

const root = resolve(import.meta.dirname, '../..');

describe('no build-machine paths in what we ship', () => {
  it('content, site sources, the engine and CLI, docs and deploy files name none', () => {
    const shipped = [
      'content',
      'src',
      'playground',
      'docs',
      'deploy',
      'bin',
      'README.md',
      'astro.config.mjs',
    ];
    expect(machinePaths(root, shipped)).toEqual([]);
  });

  it('the scanner finds one (so the test above can fail)', () => {
    const hits = machinePaths(root, ['tests/security/machine-paths.fixture.txt']);
    expect(hits.map((h) => h.line)).toEqual([2, 3, 4, 5]);
  });
});
