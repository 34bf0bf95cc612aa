/**
 * Where the cursor is in a block-style YAML text, as the path of keys and list items above it:
 * what the schema completer needs. Read from indentation line by line, not by a YAML parser,
 * because the text being typed is rarely valid YAML yet (`  requ` has no colon).
 */

export type PathSegment = string | number;

export interface YamlPlace {
  /** Keys and item indexes from the document's root to the mapping the cursor is in. */
  path: PathSegment[];
  /** `key`: the cursor is on a key (or an empty line where one may go); `value`: after `key:`. */
  kind: 'key' | 'value';
  /** For `value`: the key whose value is typed. */
  key?: string;
  /** What is typed so far, and where it starts. */
  prefix: string;
  from: number;
  /** Keys already present in the mapping (not offered again). */
  siblings: string[];
}

interface Line {
  /** Columns of `- ` markers before the key or value. */
  dashes: number[];
  /** Column where the key (or a plain item) starts. */
  col: number;
  key: string | null;
  /** The line ends after `key:` (its value is a block below). */
  opens: boolean;
  blank: boolean;
}

/** A mapping key: plain (`kind`, `127.0.0.1:18081`) or quoted, then `:` and a space or the end. */
const KEY = /^("[^"]*"|'[^']*'|[^\s#"'-][^#]*?)\s*:(?:\s|$)/;

function readLine(text: string): Line {
  let col = 0;
  const dashes: number[] = [];
  while (col < text.length) {
    if (text[col] === ' ') col++;
    else if (text[col] === '-' && (text[col + 1] === ' ' || col + 1 === text.length)) {
      dashes.push(col);
      col += 2;
    } else break;
  }
  const rest = text.slice(col);
  if (rest.trim() === '' && dashes.length === 0) return { dashes, col, key: null, opens: false, blank: true };
  if (rest.startsWith('#')) return { dashes, col, key: null, opens: false, blank: dashes.length === 0 };
  const m = KEY.exec(rest);
  const key = m ? (m[1] as string).replace(/^["']|["']$/g, '') : null;
  const after = m ? rest.slice(m[0].length).replace(/#.*$/, '').trim() : '';
  return { dashes, col, key, opens: key !== null && after === '', blank: false };
}

/** Ancestors of the mapping that has keys at column `col`, seen from line `index`. */
function pathTo(lines: Line[], index: number, col: number): PathSegment[] {
  const line = lines[index] as Line;
  // A key right after `- `: the mapping is a list item.
  const dash = line.dashes.at(-1);
  if (dash !== undefined && line.col === col)
    return [...listPath(lines, index, dash), itemIndex(lines, index, dash)];
  for (let j = index - 1; j >= 0; j--) {
    const above = lines[j] as Line;
    if (above.blank || above.key === null) {
      if (!above.blank && above.col < col && above.dashes.length === 0) return [];
      continue;
    }
    if (above.col === col) {
      const d = above.dashes.at(-1);
      if (d !== undefined) return [...listPath(lines, j, d), itemIndex(lines, j, d)];
      continue;
    }
    if (above.col < col) return [...pathTo(lines, j, above.col), above.key];
  }
  return [];
}

/** The path of the list whose item marker is at column `dash` on line `index`. */
function listPath(lines: Line[], index: number, dash: number): PathSegment[] {
  const line = lines[index] as Line;
  // Nested markers on one line (`- - x`): the outer one holds this list.
  const outer = line.dashes.length > 1 ? line.dashes.at(-2) : undefined;
  if (outer !== undefined && line.dashes.at(-1) === dash)
    return [...listPath(lines, index, outer), itemIndex(lines, index, outer)];
  for (let j = index - 1; j >= 0; j--) {
    const above = lines[j] as Line;
    if (above.blank) continue;
    const aboveDash = above.dashes[0];
    if (aboveDash !== undefined && aboveDash === dash) continue;
    if (
      above.key !== null &&
      (above.col < dash || (above.col === dash && above.opens && above.dashes.length === 0))
    )
      return [...pathTo(lines, j, above.col), above.key];
    if (above.col < dash && above.dashes.length === 0) return [];
  }
  return [];
}

/** Which item of its list the marker at column `dash` on line `index` opens (0-based). */
function itemIndex(lines: Line[], index: number, dash: number): number {
  let n = 0;
  for (let j = index - 1; j >= 0; j--) {
    const above = lines[j] as Line;
    if (above.blank) continue;
    if (above.dashes.includes(dash)) n++;
    else if (above.col <= dash && above.dashes.every((d) => d > dash)) break;
  }
  return n;
}

/** Keys present in the mapping at column `col` that line `index` belongs to. */
function siblingsOf(lines: Line[], index: number, col: number): string[] {
  const keys: string[] = [];
  const inItem = (lines[index] as Line).dashes.length > 0 && (lines[index] as Line).col === col;
  // Upward until the mapping starts (a shallower line, or this item's marker).
  for (let j = index - 1; j >= 0 && !inItem; j--) {
    const l = lines[j] as Line;
    if (l.blank || l.key === null) continue;
    if (l.col < col) break;
    if (l.col === col) {
      if (l.key) keys.push(l.key);
      if (l.dashes.length > 0) break;
    }
  }
  for (let j = index + 1; j < lines.length; j++) {
    const l = lines[j] as Line;
    if (l.blank || l.key === null) continue;
    if (l.col < col || (l.col === col && l.dashes.length > 0)) break;
    if (l.col === col && l.key) keys.push(l.key);
  }
  return keys;
}

export function yamlPlace(text: string, pos: number): YamlPlace | null {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const lineEnd = text.indexOf('\n', pos);
  const before = text.slice(lineStart, pos);
  const rawLines = text.split('\n');
  const index = text.slice(0, lineStart).split('\n').length - 1;
  // The cursor's own line as far as the cursor: a half-typed key has no colon yet.
  rawLines[index] = before;
  const lines = rawLines.map(readLine);
  const here = lines[index] as Line;
  if (/#/.test(before.slice(here.col)) && !/["']/.test(before)) return null;
  const valueMatch = /^("[^"]*"|'[^']*'|[^\s#"'-][^#]*?):[ \t]+(["']?)([^"'#:]*)$/.exec(
    before.slice(here.col),
  );
  if (valueMatch) {
    const [, quotedKey = '', , prefix = ''] = valueMatch;
    const key = quotedKey.replace(/^["']|["']$/g, '');
    return {
      path: pathTo(lines, index, here.col),
      kind: 'value',
      key,
      prefix,
      from: pos - prefix.length,
      siblings: [],
    };
  }
  const keyMatch = /^[A-Za-z_]?[\w.-]*$/.exec(before.slice(here.col));
  if (!keyMatch) return null;
  const prefix = keyMatch[0];
  const restOfLine = text.slice(pos, lineEnd === -1 ? text.length : lineEnd);
  if (/^[\w.-]*\s*:/.test(restOfLine) && prefix === '') return null;
  return {
    path: pathTo(lines, index, here.col),
    kind: 'key',
    prefix,
    from: pos - prefix.length,
    siblings: siblingsOf(lines, index, here.col).filter((k) => k !== prefix),
  };
}
