/**
 * ngx_http_validate_host (ngx_http_request.c): what nginx keeps of a Host header — without the
 * port, lower-case, without a final dot — or null when it answers 400 "client sent invalid host
 * header". Two generations: up to 1.29.3 only `/`, `\0`, control characters, space and `..` are
 * refused and everything after the first `:` (or after `]` of an IP literal) is the port, unread;
 * since 1.29.4 the host must be an RFC 3986 reg-name or IP literal and the port decimal ≤ 65535.
 */

const SUB_DELIMS = "!$&'()*+,;=";

/** unreserved, sub-delims and `%` (pct-encoded is not decoded), as 1.29.4+ accepts in a host. */
function hostChar(ch: string): boolean {
  return /[A-Za-z0-9\-._~%]/.test(ch) || SUB_DELIMS.includes(ch);
}

/** What nginx keeps: r->headers_in.server and r->port (0: none, or a version that does not read it). */
export interface ValidHost {
  host: string;
  port: number;
}

function finish(h: string, hostLen: number, dotPos: number, port = 0): ValidHost | null {
  let len = hostLen;
  if (dotPos === len - 1) len--;
  if (len <= 0) return null;
  return { host: h.slice(0, len).toLowerCase(), port };
}

/** 1.22.1 … 1.29.3. */
function validateLoose(h: string): ValidHost | null {
  let dotPos = h.length;
  let hostLen = h.length;
  let state: 'usual' | 'literal' | 'rest' = 'usual';
  for (let i = 0; i < h.length; i++) {
    const ch = h[i]!;
    const code = ch.charCodeAt(0);
    if (ch === '.') {
      if (dotPos === i - 1) return null;
      dotPos = i;
    } else if (ch === ':') {
      if (state === 'usual') {
        hostLen = i;
        state = 'rest';
      }
    } else if (ch === '[') {
      if (i === 0) state = 'literal';
    } else if (ch === ']') {
      if (state === 'literal') {
        hostLen = i + 1;
        state = 'rest';
      }
    } else if (ch === '/' || code <= 0x20 || code === 0x7f) {
      return null;
    }
  }
  return finish(h, hostLen, dotPos);
}

/** 1.29.4 and later. Bytes above 0x7f (raw UTF-8) are refused like any other character outside the set. */
function validateRfc3986(h: string): ValidHost | null {
  let dotPos = h.length;
  let hostLen = h.length;
  let port = 0;
  let state: 'start' | 'host' | 'literal' | 'end' | 'port' = 'start';
  for (let i = 0; i < h.length; i++) {
    const ch = h[i]!;
    if (state === 'start') {
      if (ch === '[') {
        state = 'literal';
        continue;
      }
      state = 'host';
    }
    if (state === 'host' || state === 'literal') {
      if (ch === ':') {
        if (state === 'host') {
          hostLen = i;
          state = 'port';
        }
      } else if (ch === ']' && state === 'literal') {
        hostLen = i + 1;
        state = 'end';
      } else if (ch === '.') {
        if (dotPos === i - 1) return null;
        dotPos = i;
      } else if (!hostChar(ch) || (ch === '%' && state === 'literal')) {
        return null;
      }
    } else if (state === 'end') {
      if (ch !== ':') return null;
      state = 'port';
    } else {
      if (ch < '0' || ch > '9') return null;
      const digit = ch.charCodeAt(0) - 48;
      if (port >= 6553 && (port > 6553 || digit > 5)) return null;
      port = port * 10 + digit;
    }
  }
  if (state === 'literal') return null;
  return finish(h, hostLen, dotPos, port);
}

/** The host (and port) nginx keeps of a Host header, or null: 400 "client sent invalid host header". */
export function parseHost(raw: string, rfc3986: boolean): ValidHost | null {
  return rfc3986 ? validateRfc3986(raw) : validateLoose(raw);
}

/** The host nginx keeps of a Host header, or null: 400 "client sent invalid host header". */
export function validateHost(raw: string, rfc3986: boolean): string | null {
  return parseHost(raw, rfc3986)?.host ?? null;
}
