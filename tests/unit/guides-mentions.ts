/** Directive mentions in a guide's running text, for the reference-link test. */

/** Lines of running text: no front matter, fenced code, headings, imports or component props. */
export function proseLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  const lines = text.split('\n');
  let front = lines[0] === '---';
  let fence = false;
  let component = false;
  for (const [i, line] of lines.entries()) {
    if (front) {
      if (i > 0 && line === '---') front = false;
      continue;
    }
    if (/^\s*```/.test(line)) {
      fence = !fence;
      continue;
    }
    if (fence) continue;
    if (component) {
      if (line.trimEnd().endsWith('/>')) component = false;
      continue;
    }
    if (line.startsWith('import ') || line.startsWith('#')) continue;
    if (/^<(?:Mermaid|LinkCard|ScenarioSnippet|Sources)\b/.test(line)) {
      if (!line.trimEnd().endsWith('/>')) component = true;
      continue;
    }
    if (line.startsWith('<')) continue;
    out.push({ line: i + 1, text: line });
  }
  return out;
}

/** Log lines and nginx's messages quoted in code, which start with a directive's name by chance. */
const MESSAGE = /\b(?:while|timed out|failed|temporarily|not allowed|not enough|exceed)\b/;

export interface Mention {
  line: number;
  directive: string;
  /** The link the inline code is wrapped in, as `[`code`](url)`; null when it is bare. */
  url: string | null;
}

/**
 * Inline code naming a directive (`proxy_pass`, `keepalive 64`, `least_conn;`), in page order.
 * Code inside a longer link text (a table's symptom link, say) is not a mention: it cannot carry a
 * link of its own.
 */
export function directiveMentions(text: string, isDirective: (name: string) => boolean): Mention[] {
  const out: Mention[] = [];
  for (const { line, text: prose } of proseLines(text)) {
    const links = [...prose.matchAll(/\[((?:[^[\]]|\[[^\]]*\])*)\]\(([^)\s]*)\)/g)];
    for (const code of prose.matchAll(/`([^`\n]+)`/g)) {
      const start = code.index;
      const link = links.find((l) => l.index <= start && start < l.index + l[0].length);
      const wholeLink = link !== undefined && link[1] === code[0];
      if (link && !wholeLink) continue;
      if (MESSAGE.test(code[1]!)) continue;
      const name = code[1]!.trim().replace(/;$/, '').split(/\s+/)[0] ?? '';
      if (!isDirective(name)) continue;
      out.push({ line, directive: name, url: wholeLink ? link[2]! : null });
    }
  }
  return out;
}
