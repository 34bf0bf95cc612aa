import { encodePermalink, exceedsBytes, MAX_PERMALINK_BYTES } from '../../playground/src/index';
import { openEmbedDialog } from '../components/embed/embed-share';
import { scenarioTitle } from '../components/embed/embed-source';
import { iframeSnippet } from '../components/share/share-codes';
import { provideShare } from '../components/share/share-provider';
import { scenarioProvider } from '../components/share/static-providers';
import { mermaidImage, styledSvgImage } from '../components/share/svg-export';
import { embedDialog, share } from '../i18n/catalog';
import type { Lang } from '../i18n/languages';
import { translator } from '../i18n/translate';
import type { ResultsPanel } from './results-panel';
import type { ScenarioTexts } from './scenario-state';
import { joinScenario } from './scenario-text';

/** The embed view that shows what a result tab shows. */
const EMBED_VIEWS: Record<string, string> = {
  timeline: 'timeline',
  sequence: 'diagram',
  headers: 'headers',
  outcome: 'outcome',
};

/**
 * The share menus (components/share): the toolbar's, for the whole scenario (link, Markdown,
 * embed code on the view the reader has open), and the image downloads of the timeline and the
 * sequence diagram. Returns the function that stops answering them.
 */
export function provideScenarioShare(
  root: HTMLElement,
  lang: Lang,
  current: () => ScenarioTexts,
  results: ResultsPanel,
  /** Writes the scenario's link to the address bar (and says when it is too large for one). */
  writeLink: (scenarioText: string) => void,
): () => void {
  const st = translator(share[lang]);
  return provideShare(root, (menu) => {
    const { config, rest } = current();
    const joined = joinScenario(config, rest);
    const title = scenarioTitle(rest, lang) ?? '';
    if (menu.dataset.share === 'timeline') {
      const drawing = results.timelineDrawing();
      return {
        image: async () => (drawing ? styledSvgImage(drawing, `${st('title.timeline')} · ${title}`) : null),
        fileBase: `timeline ${title}`,
        fileFallback: 'timeline',
      };
    }
    if (menu.dataset.share === 'sequence') {
      const source = results.sequenceSource;
      return {
        image: async () =>
          source
            ? mermaidImage(
                source,
                document.documentElement.dataset.theme === 'light' ? 'default' : 'dark',
                `${st('title.sequence')} · ${title}`,
              )
            : null,
        fileBase: `sequence ${title}`,
        fileFallback: 'sequence',
      };
    }
    if (!joined.ok) return null;
    writeLink(joined.text);
    // Past the permalink cap no link could open it (writeLink has said so): nothing to share,
    // and no megabytes deflated on the main thread.
    if (exceedsBytes(joined.text, MAX_PERMALINK_BYTES)) return null;
    const permalink = encodePermalink(joined.text);
    const shareTitle = title || st('title.playground');
    const base = scenarioProvider(lang, {
      kind: 'scenario',
      permalink,
      title: shareTitle,
      config,
      line: st('md.playgroundLine'),
    });
    return {
      ...base,
      reproduce: () => ({ scenario: joined.text, fileBase: shareTitle }),
      // The live playground, on the view the reader has open.
      embedCode: (origin) =>
        iframeSnippet({
          src: `${origin}/${lang}/embed/playground/#s=${permalink}&view=${EMBED_VIEWS[results.selectedTab()] ?? 'terminal'}`,
          title: shareTitle,
          height: 560,
        }),
      options: () =>
        openEmbedDialog(
          {
            lang,
            kind: 'playground',
            permalink,
            title: title || translator(embedDialog[lang])('defaultTitle'),
          },
          lang,
        ),
    };
  });
}
