import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The structure of a guide that must match between its zh and en versions. */
export interface GuideOutline {
  h2: number;
  h3: number;
  codeBlocks: number;
  mermaid: number;
  snippets: string[];
}

/**
 * Reads the outline of an MDX/Markdown page. Headings inside fenced code blocks do not
 * count; a fence closes only with the same marker at least as long as the opener.
 */
export function outlineOf(text: string): GuideOutline {
  const outline: GuideOutline = { h2: 0, h3: 0, codeBlocks: 0, mermaid: 0, snippets: [] };
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker)
        fence = null;
      continue;
    }
    if (marker) {
      fence = marker;
      outline.codeBlocks++;
      continue;
    }
    if (/^##\s/.test(line)) outline.h2++;
    else if (/^###\s/.test(line)) outline.h3++;
  }
  outline.mermaid = (text.match(/<Mermaid[\s/>]/g) ?? []).length;
  for (const match of text.matchAll(/<ScenarioSnippet\b[^>]*?\bname=["']([^"']+)["']/g)) {
    outline.snippets.push(match[1]!);
  }
  return outline;
}

/** Every .md/.mdx page under a directory, as paths relative to it. */
export function pagesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const full = join(current, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.mdx?$/.test(entry)) out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

export function readPage(dir: string, page: string): string {
  return readFileSync(join(dir, page), 'utf8');
}
