import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePermalink, PERMALINK_VERSION, permalinkFromHash } from '../../playground/src/index';
import { permalinkValue } from './arbitraries';
import { checkCase, fuzzParameters, propertyTimeout } from './harness';

/** The `#s=` decoder on real, damaged, other-version and junk links. */
describe('fuzz: permalink decoder', () => {
  it(
    'decodePermalink / permalinkFromHash: never throw, deterministic, fast, a known code for every refusal',
    () => {
      fc.assert(
        fc.property(permalinkValue, (value) => {
          const decoded = checkCase(value, decodePermalink);
          // In a hash, `&` ends the value (other parameters such as `view=` follow it).
          const inHash = checkCase(`#s=${value}`, permalinkFromHash);
          expect(inHash).toEqual(decodePermalink(value.split('&')[0] ?? ''));
          if (decoded.ok) {
            expect(typeof decoded.text).toBe('string');
            expect(decoded.version).toBeLessThanOrEqual(PERMALINK_VERSION);
          } else if (decoded.code === 'permalink-future-version') {
            expect(decoded.version).toBeGreaterThan(PERMALINK_VERSION);
          } else {
            expect([
              'permalink-not-base64',
              'permalink-not-deflate',
              'permalink-too-large',
              'permalink-not-utf8',
            ]).toContain(decoded.code);
          }
        }),
        fuzzParameters(),
      );
    },
    propertyTimeout(),
  );
});
