import { guideDiagrams } from './guide-diagram-files';
import { snippetItems } from './snippet-items';

/**
 * The embeddable items a guide page shows, in page order: its diagrams (as the diagram scan
 * found them) and its `<ScenarioSnippet name="guides/…">` snippets, each with the site path
 * of its oembed.json and its title. Code fences are skipped, so an example of the syntax is
 * not taken for an item.
 */
export interface PageItem {
  oembed: string;
  title: string;
}

export function guidePageItems(mdx: string, lang: string, pagePath: string): PageItem[] {
  const text = mdx.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const found: Array<PageItem & { at: number }> = [];
  for (const d of guideDiagrams()) {
    if (d.lang !== lang || !d.href.startsWith(`${pagePath}#`)) continue;
    const at = text.indexOf(`id="${d.id}"`);
    if (at < 0) continue;
    found.push({
      at,
      oembed: `/${lang}/embed/diagram/${d.id}/oembed.json`,
      title: d.title,
    });
  }
  const snippets = snippetItems().filter((s) => s.lang === lang);
  for (const m of text.matchAll(/<ScenarioSnippet\b[^>]*?\bname="guides\/([a-z0-9-]+)"/g)) {
    const item = snippets.find((s) => s.name === m[1]);
    if (!item || found.some((f) => f.oembed === `${item.path}oembed.json`)) continue;
    found.push({ at: m.index ?? 0, oembed: `${item.path}oembed.json`, title: item.title });
  }
  return found.sort((a, b) => a.at - b.at).map(({ oembed, title }) => ({ oembed, title }));
}
