import { share } from '../../i18n/catalog';
import { pageLang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { diagramFileUrl, fetchDiagramFile, shownTheme } from '../guides/diagram-files';
import { imageMarkdown, shareMarkdown } from '../share/share-codes';
import { provideShare } from '../share/share-provider';
import { part } from './embed-dom';
import { postHeightOf } from './post-height';
import { followSystemTheme } from './theme';

/**
 * /{lang}/embed/diagram/<id>/ when the build drew the diagram: both themes' SVGs are in the
 * markup (CSS shows the one for the embed's theme), so nothing is drawn here. The page posts
 * its height, keeps following the OS theme when no theme was asked for, and shares the link
 * back, Markdown with the Mermaid source, and the build's SVG files (PNG from them).
 */
export function mountDrawnDiagramEmbed(root: HTMLElement): void {
  const lang = pageLang(root.dataset.lang);
  const st = translator(share[lang]);
  followSystemTheme();
  postHeightOf(part(document, 'embed-content'));
  const source = part(root, 'source').textContent ?? '';
  const title = root.dataset.title ?? '';
  const page = root.dataset.pageTitle ?? '';
  const href = root.dataset.href ?? `/${lang}/guides/`;
  const id = root.dataset.diagram ?? '';
  provideShare(root, () => ({
    link: (origin) => `${origin}${href}`,
    markdown: (origin) =>
      shareMarkdown({
        title,
        line: st('md.diagramLine', { page }),
        code: source,
        codeLang: 'mermaid',
        link: `${origin}${href}`,
        linkText: st('md.openGuide', { page }),
      }),
    // For wikis that strip iframes: the light drawing (readable on a wiki's usual white page)
    // and the diagram's source as text.
    imageMarkdown: (origin) =>
      imageMarkdown({
        title,
        image: `${origin}${diagramFileUrl(lang, id, 'light')}`,
        link: `${origin}${href}`,
        linkText: st('md.openGuide', { page }),
      }),
    text: async () => source,
    image: () => fetchDiagramFile(diagramFileUrl(lang, id, shownTheme())),
    fileBase: id,
    fileFallback: 'diagram',
  }));
}
