import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePermalink, encodePermalink, MAX_PERMALINK_BYTES, permalinkFromHash } from './permalink';

describe('permalinks', () => {
  it('round-trip any text, Chinese included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        const value = encodePermalink(text);
        expect(value).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodePermalink(value)).toEqual({ ok: true, text });
      }),
    );
    expect(decodePermalink(encodePermalink('超时 握手'))).toEqual({ ok: true, text: '超时 握手' });
  });

  it('reject hostile input with a code instead of throwing', () => {
    expect(decodePermalink('<script>alert(1)</script>')).toEqual({ ok: false, code: 'permalink-not-base64' });
    expect(decodePermalink('AAAA')).toMatchObject({ ok: false });
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (junk) => {
        const r = decodePermalink(junk);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });

  it('refuse a deflate bomb', () => {
    const bomb = encodePermalink('a'.repeat(MAX_PERMALINK_BYTES + 10));
    expect(decodePermalink(bomb)).toEqual({ ok: false, code: 'permalink-too-large' });
  });

  it('find the value in a hash', () => {
    const value = encodePermalink('title: x');
    expect(permalinkFromHash(`#s=${value}`)).toEqual({ ok: true, text: 'title: x' });
    expect(permalinkFromHash('#other')).toBeNull();
  });
});
