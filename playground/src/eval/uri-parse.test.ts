import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeUri } from './uri-escape';
import { parseRequestUri } from './uri-parse';

const uriOf = (target: string, merge = true) => parseRequestUri(target, merge)?.uri ?? null;

/** Each case was recorded on real nginx 1.22.1, 1.26.3 and 1.30.6 (content/scenarios/nginx-tests). */
describe('the request target as nginx parses it', () => {
  it('resolves . and .. before the arguments and drops a fragment (http_uri-*)', () => {
    expect(uriOf('/a/b/.#f')).toBe('/a/b/');
    expect(uriOf('/a/b/..#f')).toBe('/a/');
    expect(uriOf('/a/b/.')).toBe('/a/b/');
    expect(uriOf('/a/b/..')).toBe('/a/');
    expect(parseRequestUri('/a/b/..?q', true)).toMatchObject({ uri: '/a/', args: 'q', hasArgs: true });
    expect(parseRequestUri('/p?q#f', true)).toMatchObject({ uri: '/p', args: 'q' });
    expect(parseRequestUri('/p#f?q', true)).toMatchObject({ uri: '/p', args: '', hasArgs: false });
  });

  it('keeps empty segments with merge_slashes off, and .. removes one of them (merge_slashes-*)', () => {
    expect(uriOf('/a//../b', false)).toBe('/a/b');
    expect(uriOf('/a///../b', false)).toBe('/a//b');
    expect(uriOf('/a//../b', true)).toBe('/b');
    expect(uriOf('//a//b', true)).toBe('/a/b');
  });

  it('decodes escapes, and a decoded slash or dot acts like one, but a decoded %, # or ? is data', () => {
    expect(uriOf('/one%20%3Ftwo')).toBe('/one ?two');
    expect(uriOf('/a/%2E%2E/b')).toBe('/b');
    expect(uriOf('/a%2F%2Fb')).toBe('/a/b');
    expect(uriOf('/a%23b%25c')).toBe('/a#b%c');
  });

  it('refuses a bad escape, %00 and .. above the root (400, client sent invalid request)', () => {
    for (const t of ['/a%', '/a%1', '/a%zz', '/a%00', '/..', '/a/../..', '/%2E%2E'])
      expect(uriOf(t)).toBeNull();
    expect(uriOf('//..', false)).toBe('/');
  });

  it('an absolute-form target without a path: the URI is / and the arguments stop at # (http_uri-absolute-*)', () => {
    expect(parseRequestUri('?q#f', true, true)).toMatchObject({ uri: '/', args: 'q', hasArgs: true });
    expect(parseRequestUri('?q', true, true)).toMatchObject({ uri: '/', args: 'q' });
  });

  it('remembers a % and a + in the path, not in the arguments (quoted_uri, plus_in_uri)', () => {
    expect(parseRequestUri('/capdup/%25?a=b', true)).toMatchObject({
      uri: '/capdup/%',
      quoted: true,
      plus: false,
    });
    expect(parseRequestUri('/a+b?c', true)).toMatchObject({ quoted: false, plus: true });
    expect(parseRequestUri('/a/./b+c', true)).toMatchObject({ uri: '/a/b+c', plus: true });
    expect(parseRequestUri('/a%2Bb', true)).toMatchObject({ uri: '/a+b', plus: true });
    expect(parseRequestUri('/a?b%20+c', true)).toMatchObject({ args: 'b%20+c', quoted: false, plus: false });
  });

  it('a plain path is taken as sent, and an escaped segment decodes back to its bytes', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_~-]{1,8}$/);
    // Any bytes but NUL, the slash and the dot (those two are normalised after decoding).
    const bytes = fc
      .array(
        fc.integer({ min: 1, max: 255 }).filter((b) => b !== 0x2f && b !== 0x2e),
        { maxLength: 20 },
      )
      .map((b) => String.fromCharCode(...b));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), bytes, (segs, raw) => {
        const path = `/${segs.join('/')}`;
        expect(uriOf(path)).toBe(path);
        for (const cls of ['uri', 'args'] as const)
          expect(uriOf(`${path}/${escapeUri(raw, cls)}`)).toBe(`${path}/${raw}`);
      }),
    );
  });
});
