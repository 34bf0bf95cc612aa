/**
 * nginx's escaping and unescaping of URIs (ngx_escape_uri, ngx_unescape_uri), on byte strings:
 * one character per byte, as the engine holds a decoded `$uri` (`%C3` becomes the character
 * U+00C3). A character above U+00FF (text typed into a config) stands for its UTF-8 bytes.
 *
 * The byte classes are RFC 3986's as nginx applies them, the same in 1.22, 1.26 and 1.30:
 * every control byte, space, DEL and every byte from 0x80 is escaped by each class, and
 *   uri   also `"`, `#`, `%`, `<`, `>`, `?`, `\`, `^`, `` ` ``, `{`, `|`, `}`
 *   args  the same plus `&`, `+` and `;` (a value placed into the query string)
 */

export type EscapeClass = 'uri' | 'args';

const ALWAYS = ' "#%<>?\\^`{|}';
const CLASS_CHARS: Record<EscapeClass, string> = {
  uri: ALWAYS,
  args: `${ALWAYS}&+;`,
};

function byteClass(chars: string): boolean[] {
  const table = new Array<boolean>(256).fill(false);
  for (let b = 0; b < 256; b++) table[b] = b < 0x20 || b >= 0x7f;
  for (const ch of chars) table[ch.charCodeAt(0)] = true;
  return table;
}

const TABLES: Record<EscapeClass, boolean[]> = {
  uri: byteClass(CLASS_CHARS.uri),
  args: byteClass(CLASS_CHARS.args),
};

const HEX = '0123456789ABCDEF';

/** The bytes of a string as nginx would hold them (see the module comment). */
export function toBytes(s: string): number[] {
  const bytes: number[] = [];
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code <= 0xff) bytes.push(code);
    else for (const b of new TextEncoder().encode(ch)) bytes.push(b);
  }
  return bytes;
}

/** Whether ngx_escape_uri of this class escapes the byte. */
export function escapes(cls: EscapeClass, byte: number): boolean {
  return TABLES[cls][byte] === true;
}

/** ngx_escape_uri: each byte of the class as `%XX` (upper-case hex), the others as they are. */
export function escapeUri(s: string, cls: EscapeClass): string {
  const table = TABLES[cls];
  let out = '';
  for (const b of toBytes(s)) {
    out += table[b] ? `%${HEX[b >> 4]}${HEX[b & 0xf]}` : String.fromCharCode(b);
  }
  return out;
}

/**
 * How ngx_unescape_uri decodes:
 *   plain     every `%XX` (no flag);
 *   redirect  NGX_UNESCAPE_REDIRECT, for a rewrite's redirect: stops after the first `?` (a
 *             literal one or `%3F`), and keeps escaped what would not be safe in a header or
 *             would change the URI's meaning: bytes up to `%` (controls, space, `"#$%`) and from
 *             DEL on.
 * A `%` without two hex digits loses the `%` (and a first hex digit), as nginx's loop does.
 */
export type UnescapeMode = 'plain' | 'redirect';

/** The value of a hex digit, either case; null for anything else. */
export function hexValue(ch: string | undefined): number | null {
  if (ch === undefined) return null;
  const c = ch.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return null;
}

export function unescapeUri(s: string, mode: UnescapeMode): string {
  const redirect = mode === 'redirect';
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '?' && redirect) return out + s.slice(i);
    if (ch !== '%') {
      out += ch;
      i++;
      continue;
    }
    const hi = hexValue(s[i + 1]);
    if (hi === null) {
      // sw_quoted: the '%' is dropped, the character kept.
      if (i + 1 < s.length) out += s[i + 1];
      i += 2;
      continue;
    }
    const lo = hexValue(s[i + 2]);
    if (lo === null) {
      // sw_quoted_second: '%', the digit and the character are all dropped.
      i += 3;
      continue;
    }
    const byte = (hi << 4) | lo;
    i += 3;
    if (!redirect) {
      out += String.fromCharCode(byte);
      continue;
    }
    if (byte === 0x3f) return out + '?' + s.slice(i);
    out += byte > 0x25 && byte < 0x7f ? String.fromCharCode(byte) : s.slice(i - 3, i);
  }
  return out;
}
