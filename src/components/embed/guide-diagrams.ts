import { parse as parseYaml } from 'yaml';
import { isLang, type Lang } from '../../i18n/languages';

/**
 * Finds every `<Mermaid id="…" code={`…`} caption="…" />` in the guides' MDX source, so the
 * diagram embed pages (/{lang}/embed/diagram/<id>/) can be generated at build time. MDX is
 * not executed here: the scanner reads the tag's attributes as literals (strings and
 * template literals without `${}`) and fails the build with file:line for anything else,
 * rather than guessing. Code fences are skipped, so a `<Mermaid` shown as an example is not
 * taken for a diagram.
 */

export interface ScannedDiagram {
  /** Null when the author has not given one yet (reported by collectGuideDiagrams). */
  id: string | null;
  code: string;
  caption: string | null;
  /** 1-based line of the `<Mermaid` tag. */
  line: number;
  /** The nearest heading above the diagram, as plain text. */
  section: string | null;
}

export interface GuideDiagram extends ScannedDiagram {
  id: string;
  lang: Lang;
  /** Page slug under guides/ ("" for the guides index). */
  page: string;
  pageTitle: string;
  /** Site path of the diagram inside its guide (the figure carries `id="diagram-<id>"`). */
  href: string;
  /** What to call the diagram: its caption, else its section, else the page title. */
  title: string;
  file: string;
}

export const DIAGRAM_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The element id a guide diagram gets in its page, so links can point at it. */
export function diagramAnchor(id: string): string {
  return `diagram-${id}`;
}

class ScanError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Heading text without the inline Markdown a reader does not see. */
export function plainHeading(raw: string): string {
  return raw
    .replace(/\s+#+\s*$/, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, '$1$2')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s*\{#[^}]*\}\s*$/, '')
    .trim();
}

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Reads one JavaScript escape at text[i] (just after the backslash); returns [value, next index]. */
function jsEscape(text: string, i: number): [string, number] {
  const c = text[i];
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
  if (c === undefined) return ['', i];
  if (c in simple) return [simple[c] as string, i + 1];
  if (c === '\n') return ['', i + 1];
  if (c === 'u') {
    if (text[i + 1] === '{') {
      const end = text.indexOf('}', i);
      return [String.fromCodePoint(Number.parseInt(text.slice(i + 2, end), 16)), end + 1];
    }
    return [String.fromCharCode(Number.parseInt(text.slice(i + 1, i + 5), 16)), i + 5];
  }
  if (c === 'x') return [String.fromCharCode(Number.parseInt(text.slice(i + 1, i + 3), 16)), i + 3];
  return [c, i + 1];
}

interface Cursor {
  text: string;
  i: number;
  file: string;
}

function fail(cur: Cursor, message: string): never {
  throw new ScanError(cur.file, lineAt(cur.text, cur.i), message);
}

function skipSpace(cur: Cursor): void {
  while (cur.i < cur.text.length && /\s/.test(cur.text[cur.i] as string)) cur.i++;
}

/** A JS string or template literal starting at cur.i (the quote); no `${}` allowed. */
function jsLiteral(cur: Cursor, name: string): string {
  const quote = cur.text[cur.i];
  let out = '';
  cur.i++;
  while (cur.i < cur.text.length) {
    const c = cur.text[cur.i] as string;
    if (c === quote) {
      cur.i++;
      return out;
    }
    if (c === '\\') {
      const [value, next] = jsEscape(cur.text, cur.i + 1);
      out += value;
      cur.i = next;
      continue;
    }
    if (quote === '`' && c === '$' && cur.text[cur.i + 1] === '{') {
      fail(cur, `<Mermaid ${name}={…}> uses \${…}; write the value out so the embed pages can read it.`);
    }
    if (quote !== '`' && c === '\n') fail(cur, `<Mermaid ${name}>: string not closed on its line.`);
    out += c;
    cur.i++;
  }
  return fail(cur, `<Mermaid ${name}>: the ${quote} literal is never closed.`);
}

function attributeValue(cur: Cursor, name: string): string {
  const c = cur.text[cur.i];
  if (c === '"' || c === "'") {
    const end = cur.text.indexOf(c, cur.i + 1);
    if (end < 0) fail(cur, `<Mermaid ${name}=…>: the quote is never closed.`);
    const value = decodeEntities(cur.text.slice(cur.i + 1, end));
    cur.i = end + 1;
    return value;
  }
  if (c === '{') {
    cur.i++;
    skipSpace(cur);
    const q = cur.text[cur.i];
    if (q !== '`' && q !== '"' && q !== "'") {
      fail(
        cur,
        `<Mermaid ${name}={…}>: only a string or a template literal can be read for the embed pages.`,
      );
    }
    const value = jsLiteral(cur, name);
    skipSpace(cur);
    if (cur.text[cur.i] !== '}') fail(cur, `<Mermaid ${name}={…}>: expected "}" right after the literal.`);
    cur.i++;
    return value;
  }
  return fail(cur, `<Mermaid ${name}=…>: expected a quoted string or {\`…\`}.`);
}

/** Reads the attributes of a `<Mermaid` tag starting at `start` (the "<"). */
function readTag(text: string, start: number, file: string): { attrs: Map<string, string>; end: number } {
  const cur: Cursor = { text, i: start + '<Mermaid'.length, file };
  const attrs = new Map<string, string>();
  for (;;) {
    skipSpace(cur);
    if (cur.i >= text.length) fail({ ...cur, i: start }, '<Mermaid …: the tag is never closed with "/>".');
    if (text.startsWith('/>', cur.i)) return { attrs, end: cur.i + 2 };
    if (text[cur.i] === '>')
      fail(cur, '<Mermaid> must be self-closing (<Mermaid … />); put the source in code={`…`}.');
    const name = /^[A-Za-z_][\w:-]*/.exec(text.slice(cur.i, cur.i + 64))?.[0];
    if (!name) fail(cur, `<Mermaid …>: unexpected "${text[cur.i]}" among the attributes.`);
    cur.i += name.length;
    skipSpace(cur);
    if (text[cur.i] !== '=') {
      attrs.set(name, 'true');
      continue;
    }
    cur.i++;
    skipSpace(cur);
    if (attrs.has(name)) fail(cur, `<Mermaid>: attribute "${name}" is given twice.`);
    attrs.set(name, attributeValue(cur, name));
  }
}

function frontmatterTitle(text: string, file: string): { title: string | null; bodyStart: number } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!m) return { title: null, bodyStart: 0 };
  let data: unknown;
  try {
    data = parseYaml(m[1] as string);
  } catch (error) {
    throw new ScanError(file, 1, `frontmatter is not valid YAML: ${(error as Error).message}`);
  }
  const title = data && typeof data === 'object' ? (data as Record<string, unknown>).title : null;
  return { title: typeof title === 'string' ? title : null, bodyStart: m[0].length };
}

/** Every `<Mermaid>` of one MDX file, in order. */
export function scanDiagrams(file: string, text: string): ScannedDiagram[] {
  const found: ScannedDiagram[] = [];
  const { bodyStart } = frontmatterTitle(text, file);
  let section: string | null = null;
  let fence: string | null = null;
  let offset = bodyStart;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(offset, lineEnd);
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (
        fenceMark &&
        fenceMark[0] === fence[0] &&
        fenceMark.length >= fence.length &&
        !/\S/.test(line.slice(line.indexOf(fenceMark) + fenceMark.length))
      )
        fence = null;
      offset = lineEnd + 1;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      offset = lineEnd + 1;
      continue;
    }
    const heading = /^(#{1,6})\s+(.+)$/.exec(line);
    if (heading) section = plainHeading(heading[2] as string);
    const tag = /^\s*<Mermaid(?=[\s/>]|$)/.exec(line);
    if (tag) {
      const start = offset + line.indexOf('<Mermaid');
      const lineNo = lineAt(text, start);
      const { attrs, end } = readTag(text, start, file);
      const id = attrs.get('id');
      if (id !== undefined && !DIAGRAM_ID.test(id))
        throw new ScanError(
          file,
          lineNo,
          `<Mermaid id="${id}">: use lowercase letters, digits and "-" only.`,
        );
      const code = (attrs.get('code') ?? '').replace(/^\n+/, '').replace(/\s+$/, '');
      if (!code) throw new ScanError(file, lineNo, `<Mermaid id="${id}">: code={\`…\`} is empty.`);
      found.push({ id: id ?? null, code, caption: attrs.get('caption') ?? null, line: lineNo, section });
      const after = text.indexOf('\n', end);
      offset = after < 0 ? text.length : after + 1;
      continue;
    }
    offset = lineEnd + 1;
  }
  return found;
}

/** `/content/docs/en/guides/timeouts.mdx` → { lang: 'en', page: 'timeouts' }. */
export function guideOf(path: string): { lang: Lang; page: string } | null {
  const m = /(?:^|\/)content\/docs\/([^/]+)\/guides\/([^/]+)\.mdx?$/.exec(path);
  if (!m || !isLang(m[1])) return null;
  return { lang: m[1], page: m[2] === 'index' ? '' : (m[2] as string) };
}

export interface GuideDiagramScan {
  diagrams: GuideDiagram[];
  /**
   * Diagrams without an id, or without their twin in another language: the build warns and
   * goes on (a guide being written must still build), the unit test over the real guides fails.
   */
  problems: string[];
}

/**
 * All guide diagrams of all languages, checked: ids unique per language (a hard error:
 * two pages would have one route), and every id in the same guide page in every language
 * (an embed link must not change meaning when the reader switches language).
 */
export function collectGuideDiagrams(files: Record<string, string>): GuideDiagramScan {
  const all: GuideDiagram[] = [];
  const problems: string[] = [];
  const byLang = new Map<Lang, Map<string, GuideDiagram>>();
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const guide = guideOf(path);
    if (!guide) continue;
    if (!byLang.has(guide.lang)) byLang.set(guide.lang, new Map());
    const file = path.replace(/^\//, '');
    const pageTitle = frontmatterTitle(text, file).title ?? guide.page;
    for (const d of scanDiagrams(file, text)) {
      if (d.id === null) {
        problems.push(
          `${file}:${d.line}: <Mermaid> needs id="…" (lowercase words joined by "-"), the same in zh and en; without it the diagram has no embed page and no share menu.`,
        );
        continue;
      }
      const id = d.id;
      const pagePath = `/${guide.lang}/guides/${guide.page ? `${guide.page}/` : ''}`;
      all.push({
        ...d,
        id,
        ...guide,
        pageTitle,
        file,
        href: `${pagePath}#${diagramAnchor(id)}`,
        title: d.caption ?? d.section ?? pageTitle,
      });
    }
  }
  for (const d of all) {
    const seen = byLang.get(d.lang) ?? new Map<string, GuideDiagram>();
    const twin = seen.get(d.id);
    if (twin)
      throw new ScanError(
        d.file,
        d.line,
        `<Mermaid id="${d.id}"> is also used at ${twin.file}:${twin.line}; ids must be unique.`,
      );
    seen.set(d.id, d);
  }
  const langs = [...byLang.keys()];
  for (const a of langs) {
    for (const b of langs) {
      if (a === b) continue;
      for (const d of byLang.get(a)?.values() ?? []) {
        const other = byLang.get(b)?.get(d.id);
        if (!other) {
          problems.push(
            `${d.file}:${d.line}: <Mermaid id="${d.id}"> has no twin in the ${b} guides; give the ${b} diagram the same id.`,
          );
        } else if (other.page !== d.page) {
          problems.push(
            `${d.file}:${d.line}: <Mermaid id="${d.id}"> is in guide "${d.page}" here but in "${other.page}" in ${b} (${other.file}:${other.line}).`,
          );
        }
      }
    }
  }
  return { diagrams: all, problems };
}
