import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machinePaths } from '../security/machine-paths';
import { distDir } from './site-pages';

describe('the built site names no build-machine path', () => {
  it('no file under dist/ holds /work/, /home/, /tmp/ or /root/', () => {
    expect(machinePaths(resolve(distDir()), ['.'])).toEqual([]);
  });
});
