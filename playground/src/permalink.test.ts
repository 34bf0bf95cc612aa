import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePermalink,
  encodePermalink,
  MAX_PERMALINK_BYTES,
  PERMALINK_VALUE,
  PERMALINK_VERSION,
  permalinkFromHash,
} from './permalink';

const fixtures = join(import.meta.dirname, 'permalink-fixtures');

describe('permalinks', () => {
  // A generous timeout: deflate at level 9 of 100 texts is slow on a loaded 2-core machine.
  it('round-trip any text, Chinese included, marked with the current version', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        const value = encodePermalink(text);
        expect(value).toMatch(PERMALINK_VALUE);
        expect(value.startsWith(`${PERMALINK_VERSION}.`)).toBe(true);
        expect(decodePermalink(value)).toEqual({ ok: true, text, version: PERMALINK_VERSION });
      }),
    );
    expect(decodePermalink(encodePermalink('超时 握手'))).toMatchObject({ ok: true, text: '超时 握手' });
  });

  it('reject hostile input with a code instead of throwing', () => {
    expect(decodePermalink('<script>alert(1)</script>')).toEqual({ ok: false, code: 'permalink-not-base64' });
    expect(decodePermalink('AAAA')).toMatchObject({ ok: false });
    expect(decodePermalink('0.AAAA')).toEqual({ ok: false, code: 'permalink-not-base64' });
    // Arbitrary junk, damaged and other-version links: tests/fuzz/permalink.fuzz.test.ts.
  });

  it('refuse a link from a future release by name, whatever its payload', () => {
    const future = PERMALINK_VERSION + 1;
    expect(decodePermalink(`${future}.${encodePermalink('title: x').split('.')[1]}`)).toEqual({
      ok: false,
      code: 'permalink-future-version',
      version: future,
    });
    expect(permalinkFromHash('#s=999999.%%%')).toEqual({
      ok: false,
      code: 'permalink-future-version',
      version: 999999,
    });
  });

  it('refuse a deflate bomb', () => {
    const bomb = encodePermalink('a'.repeat(MAX_PERMALINK_BYTES + 10));
    expect(decodePermalink(bomb)).toEqual({ ok: false, code: 'permalink-too-large' });
  });

  it('find the value in a hash', () => {
    const value = encodePermalink('title: x');
    expect(permalinkFromHash(`#s=${value}`)).toMatchObject({ ok: true, text: 'title: x' });
    expect(permalinkFromHash('#other')).toBeNull();
  });

  // Links already pasted into wikis must keep opening the same scenario.
  const links = readdirSync(fixtures).filter((f) => f.endsWith('.link'));
  it.each(links)('open the stored link %s as the scenario it was made from', (file) => {
    const hash = readFileSync(join(fixtures, file), 'utf8').trim();
    const expected = readFileSync(join(fixtures, file.replace(/\.link$/, '.yaml')), 'utf8');
    expect(permalinkFromHash(hash)).toEqual({ ok: true, text: expected, version: 1 });
  });

  it('have stored links for every version this release can read', () => {
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (let v = 1; v <= PERMALINK_VERSION; v++) expect(links.some((f) => f.startsWith(`v${v}-`))).toBe(true);
  });
});
