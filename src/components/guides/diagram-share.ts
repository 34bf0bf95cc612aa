import { share } from '../../i18n/catalog';
import { pageLang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { diagramEmbedHeight, iframeSnippet, imageMarkdown, shareMarkdown } from '../share/share-codes';
import { provideShare } from '../share/share-provider';
import type { StandaloneSvg } from '../share/standalone-svg';
import { diagramFileUrl } from './diagram-files';

/**
 * What the share menu of a guide diagram (<guide-mermaid>) hands out: embed code for
 * /{lang}/embed/diagram/<id>/, the link to the figure in the guide, Markdown with the Mermaid
 * source, and the drawing as a file from `image` (ready-made at build time, or drawn on the page).
 */
export function shareGuideDiagram(
  element: HTMLElement,
  image: () => Promise<StandaloneSvg | null>,
  shownSvg: () => SVGSVGElement | null,
): void {
  const id = element.dataset.diagram;
  const lang = pageLang(element.dataset.lang);
  if (!id) return;
  const t = translator(share[lang]);
  const title = element.dataset.title ?? id;
  const page = element.dataset.pageTitle ?? '';
  const source = () => element.querySelector('.guide-mermaid__source code')?.textContent ?? '';
  const href = () => element.dataset.href ?? location.pathname;
  provideShare(element, () => ({
    embedCode: (origin) => {
      const box = shownSvg()?.viewBox?.baseVal;
      return iframeSnippet({
        src: `${origin}/${lang}/embed/diagram/${id}/`,
        title,
        height: diagramEmbedHeight(box?.width ?? 0, box?.height ?? 0),
      });
    },
    link: (origin) => `${origin}${href()}`,
    markdown: (origin) =>
      shareMarkdown({
        title,
        line: page ? t('md.diagramLine', { page }) : null,
        code: source(),
        codeLang: 'mermaid',
        link: `${origin}${href()}`,
        linkText: t('md.openGuide', { page: page || t('site') }),
      }),
    // For wikis that strip iframes: the build's light drawing, and the source as text.
    imageMarkdown: (origin) =>
      imageMarkdown({
        title,
        image: `${origin}${diagramFileUrl(lang, id, 'light')}`,
        link: `${origin}${href()}`,
        linkText: t('md.openGuide', { page: page || t('site') }),
      }),
    text: async () => source() || null,
    image,
    fileBase: id,
  }));
}
