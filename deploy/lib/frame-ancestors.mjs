// @ts-check
/**
 * Reads deploy/frame-ancestors.txt: the origins allowed to frame the embed pages, one CSP
 * source expression per line. Anything else is refused with the file and line, because a typo
 * here would either break every wiki embed or silently allow the wrong sites.
 */

/** `*`, 'self', 'none', a scheme (https:), or scheme://host[:port] with an optional leading `*.`. */
const SOURCE =
  /^(?:\*|'self'|'none'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?)$/i;

/**
 * @param {string} text the file's content
 * @param {string} file its path, for error messages
 * @returns {string[]} the sources, in file order, without duplicates
 */
export function parseFrameAncestors(text, file) {
  /** @type {string[]} */
  const sources = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    for (const source of line.split(/\s+/)) {
      if (!SOURCE.test(source) || /[;,"]/.test(source)) {
        throw new Error(
          `${file}:${i + 1}: "${source}" is not a frame-ancestors source; write one origin such as https://wiki.example.com, or *`,
        );
      }
      if (!sources.includes(source)) sources.push(source);
    }
  });
  if (sources.length === 0) {
    throw new Error(
      `${file}: lists no origin; write * to let any site frame the embeds, or 'none' to forbid it`,
    );
  }
  if (sources.includes("'none'") && sources.length > 1) {
    throw new Error(`${file}: 'none' cannot be combined with other origins; keep one or the other`);
  }
  return sources;
}
