/**
 * `$remote_user` (ngx_http_auth_basic_user): the user name of a `Basic` Authorization header, with
 * nginx's own lenient base64 reading — decoding stops at the first `=`, a character outside the
 * alphabet or a length of 4n+1 makes the header unusable, and so does a credential without `:` or
 * with an empty user name.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** ngx_decode_base64: the bytes as Latin-1 characters, or null when nginx refuses the input. */
export function decodeBase64(text: string): string | null {
  let len = text.indexOf('=');
  if (len < 0) len = text.length;
  const digits: number[] = [];
  for (let i = 0; i < len; i++) {
    const d = ALPHABET.indexOf(text[i]!);
    if (d < 0) return null;
    digits.push(d);
  }
  if (len % 4 === 1) return null;
  const bytes: number[] = [];
  let i = 0;
  for (; len - i > 3; i += 4) {
    const [a, b, c, d] = digits.slice(i, i + 4) as [number, number, number, number];
    bytes.push(((a << 2) | (b >> 4)) & 0xff, ((b << 4) | (c >> 2)) & 0xff, ((c << 6) | d) & 0xff);
  }
  if (len - i > 1) bytes.push(((digits[i]! << 2) | (digits[i + 1]! >> 4)) & 0xff);
  if (len - i > 2) bytes.push(((digits[i + 1]! << 4) | (digits[i + 2]! >> 2)) & 0xff);
  return String.fromCharCode(...bytes);
}

/** The user of an Authorization header value, or null (`$remote_user` is then empty). */
export function basicAuthUser(authorization: string | undefined): string | null {
  if (authorization === undefined || !/^basic /i.test(authorization)) return null;
  const encoded = authorization.slice('Basic '.length).replace(/^ +/, '');
  if (encoded === '') return null;
  const credentials = decodeBase64(encoded);
  if (credentials === null) return null;
  const colon = credentials.indexOf(':');
  return colon > 0 ? credentials.slice(0, colon) : null;
}
