/**
 * How nginx turns the request target into `$uri` and `$args` (ngx_http_parse_request_line's URI
 * states, ngx_http_process_request_uri, ngx_http_parse_complex_uri), the same in 1.22, 1.26 and
 * 1.30:
 * - a path with `%`, `.` or `//` after a slash, or `#`, is "complex": `%XX` is decoded and the
 *   decoded byte goes through the same states (so `%2E%2E` is `..` and `%2F` a slash) except a
 *   decoded `%`, `#` or `?`, which stay plain characters; `%00` or a bad escape is a 400;
 * - `.` segments go, `..` removes the segment before it (or an empty one, with merge_slashes
 *   off); `..` above the root is a 400; slashes merge unless merge_slashes is off;
 * - `#` ends the path (and the arguments): the fragment is dropped;
 * - quoted_uri (a `%` in the path) and plus_in_uri (a `+`, also decoded) are remembered:
 *   `rewrite` escapes captures by them (rewrite-replacement.ts).
 * Strings are byte strings (uri-escape.ts).
 */
import { hexValue } from './uri-escape';

export interface ParsedUri {
  uri: string;
  args: string;
  /** A `?` started arguments (r->args_start), even empty ones. */
  hasArgs: boolean;
  /** r->quoted_uri */
  quoted: boolean;
  /** r->plus_in_uri */
  plus: boolean;
}

type State = 'usual' | 'slash' | 'dot' | 'dotdot';

/** The request line's own pass: is the URI complex, and the flags it sets before it stops looking. */
function lineFlags(target: string): { complex: boolean; quoted: boolean; plus: boolean; argsAt: number } {
  const complex = false;
  const quoted = false;
  let plus = false;
  let afterSlash = target.startsWith('/');
  for (let i = afterSlash ? 1 : 0; i < target.length; i++) {
    const ch = target[i]!;
    if (ch === '?') return { complex: complex || target.includes('#', i), quoted, plus, argsAt: i };
    if (ch === '#' || ch === '%' || (afterSlash && (ch === '.' || ch === '/'))) {
      // sw_uri from here on: only `#` is still noticed.
      return { complex: true, quoted: quoted || ch === '%', plus, argsAt: -1 };
    }
    if (ch === '+') plus = true;
    afterSlash = ch === '/';
  }
  return { complex, quoted, plus, argsAt: -1 };
}

/**
 * The URI and arguments of an origin-form target (`/p?a`), or null for nginx's
 * "client sent invalid request" (400). `emptyPath`: an absolute-form target without a path
 * (`http://host?a`), whose target here starts at the `?`.
 */
export function parseRequestUri(target: string, mergeSlashes: boolean, emptyPath = false): ParsedUri | null {
  const flags = lineFlags(target);
  if (!flags.complex && !flags.quoted && !emptyPath) {
    const q = flags.argsAt;
    return {
      uri: q >= 0 ? target.slice(0, q) : target,
      args: q >= 0 ? target.slice(q + 1) : '',
      hasArgs: q >= 0,
      quoted: false,
      plus: flags.plus,
    };
  }
  return complexUri(target, mergeSlashes, emptyPath, flags.quoted, flags.plus);
}

function complexUri(
  target: string,
  mergeSlashes: boolean,
  emptyPath: boolean,
  quotedBefore: boolean,
  plusBefore: boolean,
): ParsedUri | null {
  let quoted = quotedBefore;
  let plus = plusBefore;
  let u = emptyPath ? '/' : '';
  let state: State = 'usual';
  /** Removes `/..` and the segment before it; false above the root. */
  const upOne = (): boolean => {
    let end = u.length - 4;
    for (;;) {
      if (end < 0) return false;
      if (u[end] === '/') break;
      end--;
    }
    u = u.slice(0, end + 1);
    return true;
  };
  const withArgs = (i: number): ParsedUri => {
    const rest = target.slice(i + 1);
    const hash = rest.indexOf('#');
    return { uri: u, args: hash >= 0 ? rest.slice(0, hash) : rest, hasArgs: true, quoted, plus };
  };
  const done = (): ParsedUri => ({ uri: u, args: '', hasArgs: false, quoted, plus });

  let i = 0;
  while (i < target.length) {
    let ch = target[i]!;
    let decoded = false;
    if (ch === '%') {
      quoted = true;
      const hi = hexValue(target[i + 1]);
      const lo = hexValue(target[i + 2]);
      if (hi === null || lo === null) return null;
      const byte = (hi << 4) | lo;
      i += 3;
      if (byte === 0) return null;
      ch = String.fromCharCode(byte);
      if (ch === '+') plus = true;
      if (ch === '%' || ch === '#' || ch === '?') {
        // Written as they are, never acted on.
        u += ch;
        state = 'usual';
        continue;
      }
      decoded = true;
    } else {
      i++;
    }
    // Only the raw characters end the path: a decoded one is data.
    if (!decoded && ch === '?') {
      if (state === 'dot') u = u.slice(0, -1);
      else if (state === 'dotdot' && !upOne()) return null;
      return withArgs(i - 1);
    }
    if (!decoded && ch === '#') {
      if (state === 'dot') u = u.slice(0, -1);
      else if (state === 'dotdot' && !upOne()) return null;
      return done();
    }
    if (ch === '+') plus = true;
    if (ch === '/') {
      if (state === 'slash') {
        if (!mergeSlashes) u += ch;
      } else if (state === 'dot') {
        u = u.slice(0, -1);
      } else if (state === 'dotdot') {
        if (!upOne()) return null;
      } else {
        u += ch;
      }
      state = 'slash';
      continue;
    }
    if (ch === '.' && (state === 'slash' || state === 'dot')) {
      u += ch;
      state = state === 'slash' ? 'dot' : 'dotdot';
      continue;
    }
    u += ch;
    state = 'usual';
  }
  if (state === 'dot') u = u.slice(0, -1);
  else if (state === 'dotdot' && !upOne()) return null;
  return done();
}
