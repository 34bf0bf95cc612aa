import { deflateSync, Inflate, strToU8 } from 'fflate';

/**
 * Playground permalinks: `#s=` + `<version>.` + base64url(raw-deflate(scenario YAML)).
 * Links live for years in wikis, so the encoding is versioned: every link says which
 * encoding made it, this module keeps a decoder for each version it ever wrote, and a link
 * from a newer release is refused with its own code instead of being misread.
 * Links written before versions were marked (no `<n>.` prefix) are version 1.
 * Everything a permalink decodes to is untrusted text; callers parse it as a scenario and
 * never insert it into the page as HTML.
 */

/** Decoded permalinks larger than this are refused, so a crafted link cannot exhaust memory. */
export const MAX_PERMALINK_BYTES = 512 * 1024;

/** The encoding this release writes. Bump it only together with a new entry in `decoders`. */
export const PERMALINK_VERSION = 1;

interface DamagedPermalink {
  ok: false;
  code: 'permalink-not-base64' | 'permalink-not-deflate' | 'permalink-too-large' | 'permalink-not-utf8';
}

export type PermalinkResult =
  | { ok: true; text: string; version: number }
  | DamagedPermalink
  /** Made by a newer release than this page: the reader's copy of the site is older than the link. */
  | { ok: false; code: 'permalink-future-version'; version: number };

type DecodeResult = { ok: true; text: string } | DamagedPermalink;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Encodes scenario text as the value that follows `#s=`. */
export function encodePermalink(text: string): string {
  return `${PERMALINK_VERSION}.${toBase64Url(deflateSync(strToU8(text), { level: 9 }))}`;
}

/** Matches a permalink value: an optional version mark, then base64url. */
export const PERMALINK_VALUE = /^(?:[0-9]{1,6}\.)?[A-Za-z0-9_-]*$/;

/** Decoders for every encoding ever released, by version. Never remove one. */
const decoders: Record<number, (payload: string) => DecodeResult> = {
  1: decodeDeflateBase64Url,
};

/** Decodes the value that follows `#s=`; never throws. */
export function decodePermalink(value: string): PermalinkResult {
  const trimmed = value.trim();
  const mark = /^([0-9]{1,6})\.(.*)$/s.exec(trimmed);
  const version = mark ? Number(mark[1]) : 1;
  const decode = decoders[version];
  if (!decode) {
    return version > PERMALINK_VERSION
      ? { ok: false, code: 'permalink-future-version', version }
      : { ok: false, code: 'permalink-not-base64' };
  }
  const result = decode(mark ? (mark[2] ?? '') : trimmed);
  return result.ok ? { ...result, version } : result;
}

/** Version 1: base64url(raw-deflate(UTF-8 text)). */
function decodeDeflateBase64Url(payload: string): DecodeResult {
  const bytes = fromBase64Url(payload);
  if (!bytes) return { ok: false, code: 'permalink-not-base64' };
  // Inflate in slices and stop as soon as the output passes the cap, so a deflate bomb
  // costs at most MAX_PERMALINK_BYTES of memory.
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > MAX_PERMALINK_BYTES) tooLarge = true;
    else chunks.push(chunk);
  });
  try {
    for (let i = 0; i < bytes.length && !tooLarge; i += 4096) {
      inflater.push(bytes.subarray(i, i + 4096), i + 4096 >= bytes.length);
    }
  } catch {
    return { ok: false, code: 'permalink-not-deflate' };
  }
  if (tooLarge) return { ok: false, code: 'permalink-too-large' };
  const inflated = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    inflated.set(chunk, offset);
    offset += chunk.length;
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(inflated) };
  } catch {
    return { ok: false, code: 'permalink-not-utf8' };
  }
}

/** Reads the scenario from a location hash like `#s=…`; null when the hash has none. */
export function permalinkFromHash(hash: string): PermalinkResult | null {
  const match = /(?:^#|&)s=([^&]*)/.exec(hash);
  return match ? decodePermalink(match[1] ?? '') : null;
}
