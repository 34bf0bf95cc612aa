/**
 * Decodes a text file as UTF-8 and says where it is not UTF-8. Node's `readFileSync(path,
 * 'utf8')` silently turns bad bytes into U+FFFD, so a scenario saved in GBK or Latin-1 would
 * load with mangled headers and no word of warning; callers decide whether that is an error
 * (scenario files: YAML must be Unicode) or worth a warning (nginx configs: nginx reads bytes).
 * Files are read by `config-files.ts`.
 */
export interface InvalidUtf8 {
  /** 1-based line and byte column of the first byte that is not valid UTF-8. */
  line: number;
  col: number;
  /** That byte, e.g. `0xff`. */
  byte: string;
}

export interface Utf8Text {
  /** The text, with U+FFFD where the bytes were not UTF-8. */
  text: string;
  invalid: InvalidUtf8 | null;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

export function decodeUtf8(bytes: Uint8Array): Utf8Text {
  const text = new TextDecoder('utf-8').decode(bytes);
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return { text, invalid: null };
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return {
    text,
    invalid: { line, col: at - lineStart + 1, byte: `0x${bytes[at]!.toString(16).padStart(2, '0')}` },
  };
}

/** `FILE:LINE:COL: not valid UTF-8 (byte 0xff)`, the start of a message. */
export function invalidUtf8Message(path: string, invalid: InvalidUtf8): string {
  return `${path}:${invalid.line}:${invalid.col}: not valid UTF-8 (byte ${invalid.byte})`;
}
