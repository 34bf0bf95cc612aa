/**
 * Size limits for text the engine is handed by people (a paste, a file, a link). The engine
 * is linear or close to it, but a multi-megabyte paste would still keep a browser worker busy
 * for seconds and make every keystroke re-encode megabytes; refusing early with a message
 * that names both sizes is kinder than a watchdog timeout. nginx itself has no such limits.
 */

/** Largest config (main file plus included files) the simulator runs: 1 MiB of UTF-8. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Largest scenario text (YAML or JSON, config included) `loadScenario` reads: 2 MiB of UTF-8. */
export const MAX_SCENARIO_BYTES = 2 * 1024 * 1024;

/**
 * Largest single file the command line reads from disk (a config, an included file or a
 * scenario's YAML): real configs are kilobytes, and without a cap `include /dev/zero;` or a
 * stray multi-gigabyte log named by a glob would exhaust memory before any check ran.
 */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Largest total the command line reads for one config and everything it includes. */
export const MAX_CONFIG_TREE_BYTES = 64 * 1024 * 1024;

/** UTF-8 length of a string, without allocating the encoded bytes. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // A surrogate half counts 2 so that a pair adds up to 4 (a lone half becomes U+FFFD, 3).
    else if (code >= 0xd800 && code <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

/** True when `text` is certainly longer than `limit` bytes, checked cheaply first. */
export function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return utf8Bytes(text) > limit;
}

/** `5.3 MB`, `700 KB`, `12 bytes`: 1 KB = 1024 bytes, as the limits above are written. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The message for a text over its limit, e.g. `the config is 5.3 MB; the simulator reads at most 1 MB`. */
export function tooLargeMessage(what: string, bytes: number, limit: number): string {
  return `${what} is ${formatBytes(bytes)}; the simulator reads at most ${formatBytes(limit)}`;
}
