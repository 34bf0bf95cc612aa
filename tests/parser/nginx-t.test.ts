/**
 * Proves the fixtures' expectations, and the analyzer, against the real nginx binary: for each
 * fixture `nginx -t` runs in a throwaway prefix (http-shaped configs wrapped by
 * `wrapHttpContent`, which keeps line numbers) and its first error must equal ours.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfig, configForm, parseConfig, wrapHttpContent } from '../../playground/src/index';
import { FIXTURES } from './fixtures';
import { makePrefix, NGINX, nginxAvailable, removePrefix, runNginxTest } from './real-nginx';
import { memoryResolver } from './resolver';

const available = nginxAvailable();
if (!available) console.warn(`skipping nginx -t comparison: ${NGINX} is not installed`);

describe.skipIf(!available)(`nginx -t (${NGINX}) agrees with the analyzer`, () => {
  let root = '';
  beforeAll(() => {
    root = makePrefix();
  });
  afterAll(() => removePrefix(root));

  FIXTURES.forEach((fixture, index) => {
    it(fixture.name, () => {
      const prefix = `${root}/${index}`;
      const main =
        configForm(parseConfig(fixture.text)) === 'http' ? wrapHttpContent(fixture.text) : fixture.text;
      const real = runNginxTest(makeDir(prefix), main, fixture.files);
      const ours = checkConfig(fixture.text, {
        file: `${prefix}/nginx.conf`,
        resolveInclude: memoryResolver(prefix, fixture.files),
      }).errors[0];
      const expected = fixture.expect && {
        ...fixture.expect,
        error: fixture.expect.error.replace('{dir}', prefix),
      };
      expect({ error: real.error, line: real.line }, real.raw).toEqual({
        error: expected?.error ?? null,
        line: expected?.line ?? null,
      });
      expect({ error: ours?.error ?? null, line: ours?.line ?? null }).toEqual({
        error: real.error,
        line: real.line,
      });
      if (real.file !== null) expect(ours?.file).toBe(real.file);
    });
  });
});

function makeDir(path: string): string {
  // runNginxTest creates what it writes; the prefix itself must exist first.
  mkdirSync(path, { recursive: true });
  return path;
}
