// @ts-check
import { createHash } from 'node:crypto';

/**
 * Finds what a hash-based CSP must know about a built HTML page: the SHA-256 of every inline
 * script the browser would run, and anything no hash can allow (inline event handlers such as
 * onclick=, javascript: URLs), which must be fixed in the source instead.
 */

/** Script types the browser executes; others (application/json, …) are data, outside CSP. */
const EXECUTABLE = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/ecmascript']);

const SCRIPT = /<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/script\s*>/gi;
const ATTR = (/** @type {string} */ name) =>
  new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');

const TAG = /<([a-z][a-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/gi;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

/** URL parsers drop spaces, tabs, newlines and other control characters: "java\tscript:" still runs. */
const withoutControls = (/** @type {string} */ value) =>
  [...value].filter((c) => c.charCodeAt(0) > 0x20).join('');

/** @param {string} text @param {number} index */
const lineAt = (text, index) => text.slice(0, index).split('\n').length;

/**
 * @param {string} html a built page
 * @param {string} file its path, for messages
 * @returns {{ hashes: string[], problems: string[] }} base64 SHA-256 digests, and "file:line: …" problems
 */
export function scanInlineScripts(html, file) {
  // The HTML parser turns CRLF and lone CR into LF before a script's text exists; hash that text.
  const text = html.replace(/\r\n?/g, '\n');
  /** @type {string[]} */
  const hashes = [];
  /** @type {string[]} */
  const problems = [];
  for (const m of text.matchAll(SCRIPT)) {
    const attrs = m[1] ?? '';
    if (ATTR('src').test(attrs)) continue;
    const typeMatch = ATTR('type').exec(attrs);
    const type = (typeMatch?.[1] ?? typeMatch?.[2] ?? typeMatch?.[3] ?? '').trim().toLowerCase();
    if (!EXECUTABLE.has(type)) continue;
    hashes.push(
      createHash('sha256')
        .update(m[2] ?? '', 'utf8')
        .digest('base64'),
    );
  }
  // Attributes of every tag outside scripts: inline handlers and javascript: URLs.
  const outside = text.replace(SCRIPT, (s) => s.replace(/[^\n]/g, ' '));
  for (const tag of outside.matchAll(TAG)) {
    for (const attr of (tag[2] ?? '').matchAll(ATTRIBUTE)) {
      const name = (attr[1] ?? '').toLowerCase();
      const value = (attr[2] ?? attr[3] ?? attr[4] ?? '').trim();
      // Counted only for a problem: counting lines for every attribute made big pages quadratic.
      const where = () => `${file}:${lineAt(outside, tag.index ?? 0)}`;
      if (name.startsWith('on')) {
        problems.push(
          `${where()}: <${tag[1]} ${name}=…> is an inline event handler, which the CSP blocks; attach it with addEventListener in a bundled <script>`,
        );
      } else if (URL_ATTRIBUTES.has(name) && /^javascript:/i.test(withoutControls(value))) {
        problems.push(
          `${where()}: <${tag[1]} ${name}="javascript:…"> is blocked by the CSP; use a button with a listener in a bundled <script>`,
        );
      }
    }
  }
  return { hashes, problems };
}
