import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapes, escapeUri, toBytes, unescapeUri } from './uri-escape';

/** A byte string: one character per byte, as the engine holds a decoded URI. */
const byteString = fc
  .array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 })
  .map((bytes) => String.fromCharCode(...bytes));

describe('ngx_escape_uri', () => {
  it('escapes what RFC 3986 does not allow, and #, %, ? (class uri)', () => {
    // Recorded on nginx 1.22.1–1.30.6: http_absolute_redirect-off-auto-strict.
    expect(escapeUri('/auto "#%<>?\\^`{|}/', 'uri')).toBe('/auto%20%22%23%25%3C%3E%3F%5C%5E%60%7B%7C%7D/');
    expect(escapeUri("/a-z_A.Z~0:9@!$&'()*+,;=[]/", 'uri')).toBe("/a-z_A.Z~0:9@!$&'()*+,;=[]/");
  });

  it('escapes & + ; as well in arguments (class args)', () => {
    expect(escapeUri('/capdup/%', 'args')).toBe('/capdup/%25');
    expect(escapeUri('a&b+c;d=e', 'args')).toBe('a%26b%2Bc%3Bd=e');
    expect(escapeUri('a&b+c;d=e', 'uri')).toBe('a&b+c;d=e');
  });

  it('escapes every control byte, DEL and byte from 0x80 in both classes', () => {
    for (const cls of ['uri', 'args'] as const) {
      for (let b = 0; b < 256; b++) {
        if (b < 0x20 || b >= 0x7f) expect(escapes(cls, b), `${cls} ${b}`).toBe(true);
      }
    }
    expect(escapeUri('\r\n\x7f\xff', 'uri')).toBe('%0D%0A%7F%FF');
  });

  it('takes text above U+00FF as its UTF-8 bytes', () => {
    expect(toBytes('é€')).toEqual([0xe9, 0xe2, 0x82, 0xac]);
    expect(escapeUri('/€', 'uri')).toBe('/%E2%82%AC');
  });

  it('plain unescape undoes escape for every byte string and both classes', () => {
    fc.assert(
      fc.property(byteString, fc.constantFrom('uri' as const, 'args' as const), (s, cls) => {
        expect(unescapeUri(escapeUri(s, cls), 'plain')).toBe(s);
      }),
    );
  });

  it('leaves only allowed bytes unescaped, and escapes grow each byte to three characters', () => {
    fc.assert(
      fc.property(byteString, fc.constantFrom('uri' as const, 'args' as const), (s, cls) => {
        const out = escapeUri(s, cls);
        const escaped = [...s].filter((c) => escapes(cls, c.charCodeAt(0))).length;
        expect(out.length).toBe(s.length + 2 * escaped);
        for (const c of out.replace(/%[0-9A-F]{2}/g, '')) expect(escapes(cls, c.charCodeAt(0))).toBe(false);
      }),
    );
  });
});

describe('ngx_unescape_uri', () => {
  it('drops a % without two hex digits as nginx does', () => {
    expect(unescapeUri('a%zb', 'plain')).toBe('azb');
    expect(unescapeUri('a%4zb', 'plain')).toBe('ab');
    expect(unescapeUri('a%', 'plain')).toBe('a');
  });

  it('for a redirect: stops at the first ? and keeps what a header must not carry escaped', () => {
    // Recorded on nginx 1.22.1–1.30.6: rewrite_unescape-*.
    expect(unescapeUri('http%3A%2F%2Fexample.org%2F%3Fsrc%3Done', 'redirect')).toBe(
      'http://example.org/?src%3Done',
    );
    expect(unescapeUri('http%3A%2F%2Fexample.org%0D%0Ainjected', 'redirect')).toBe(
      'http://example.org%0D%0Ainjected',
    );
    expect(unescapeUri('/one%20%2Ftwo', 'redirect')).toBe('/one%20/two');
    expect(unescapeUri('/a?%2F', 'redirect')).toBe('/a?%2F');
    expect(unescapeUri('%25%22%23%24%26%7F%80', 'redirect')).toBe('%25%22%23%24&%7F%80');
  });

  it('for a redirect: leaves no control, space, ", # or % raw before the query, and is idempotent', () => {
    fc.assert(
      fc.property(byteString, (s) => {
        const once = unescapeUri(escapeUri(s, 'args'), 'redirect');
        expect(unescapeUri(once, 'redirect')).toBe(once);
        for (const c of once.split('?')[0]!.replace(/%[0-9A-F]{2}/g, '')) {
          const b = c.charCodeAt(0);
          expect(b > 0x20 && b < 0x7f && !'"#%'.includes(c), `byte ${b} left raw`).toBe(true);
        }
      }),
    );
  });
});
