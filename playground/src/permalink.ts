import { deflateSync, Inflate, strToU8 } from 'fflate';

/**
 * Playground permalinks: `#s=` + base64url(raw-deflate(scenario YAML)). Everything a
 * permalink decodes to is untrusted text; callers parse it as a scenario and never insert
 * it into the page as HTML.
 */

/** Decoded permalinks larger than this are refused, so a crafted link cannot exhaust memory. */
export const MAX_PERMALINK_BYTES = 512 * 1024;

export type PermalinkResult =
  | { ok: true; text: string }
  | {
      ok: false;
      code: 'permalink-not-base64' | 'permalink-not-deflate' | 'permalink-too-large' | 'permalink-not-utf8';
    };

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
  return toBase64Url(deflateSync(strToU8(text), { level: 9 }));
}

/** Decodes the value that follows `#s=`; never throws. */
export function decodePermalink(value: string): PermalinkResult {
  const bytes = fromBase64Url(value.trim());
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
