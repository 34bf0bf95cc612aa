import { PERMALINK_VALUE } from '../../../playground/src/index';
import { share } from '../../i18n/catalog';
import type { Lang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { iframeSnippet, imageMarkdown, scenarioEmbedHeight, shareMarkdown } from './share-codes';
import type { ShareProvider } from './share-provider';

/**
 * Providers for content known at build time, described by JSON in the menu's markup
 * (ShareMenu.astro `source`). Only the scenario snippet needs one today.
 */
export interface ScenarioShareSource {
  kind: 'scenario';
  /** `s=` value, made by encodePermalink at build time. */
  permalink: string;
  title: string;
  config: string;
  /** One line under the title in Markdown; the snippet's default line when absent. */
  line?: string;
  /**
   * Site path of the snippet's own embed page, where its static fallback lives
   * (transcript.svg, transcript.txt; src/components/embed/snippet-items.ts).
   */
  fallback?: string;
}

const FALLBACK_PATH = /^\/[a-z]{2}(?:-[a-z]+)?\/embed\/scenario\/[a-z0-9-]+\/$/;

export type StaticShareSource = ScenarioShareSource;

/** Permalinks go into URLs and markup: anything but the encoder's alphabet is refused. */
export function checkedPermalink(value: string): string {
  if (!value || !PERMALINK_VALUE.test(value))
    throw new Error('share: permalink must be a version mark and base64url');
  return value;
}

export function scenarioUrls(origin: string, lang: Lang, permalink: string) {
  const s = checkedPermalink(permalink);
  return {
    playground: `${origin}/${lang}/playground/#s=${s}`,
    embed: `${origin}/${lang}/embed/scenario/#s=${s}&view=transcript`,
  };
}

export function scenarioProvider(
  lang: Lang,
  source: ScenarioShareSource,
  openOptions?: () => void,
): ShareProvider {
  const t = translator(share[lang]);
  return {
    embedCode: (origin) =>
      iframeSnippet({
        src: scenarioUrls(origin, lang, source.permalink).embed,
        title: source.title,
        height: scenarioEmbedHeight(source.config),
      }),
    link: (origin) => scenarioUrls(origin, lang, source.permalink).playground,
    markdown: (origin) =>
      shareMarkdown({
        title: source.title,
        line: source.line ?? t('md.snippetLine'),
        code: source.config,
        codeLang: 'nginx',
        link: scenarioUrls(origin, lang, source.permalink).playground,
        linkText: t('md.openScenario'),
      }),
    options: openOptions,
    ...(source.fallback ? staticFallback(lang, source.title, source.permalink, source.fallback) : {}),
  };
}

/** "Copy as image" and "Copy as text" for a snippet: its transcript, drawn and written at build time. */
function staticFallback(lang: Lang, title: string, permalink: string, path: string): Partial<ShareProvider> {
  const t = translator(share[lang]);
  return {
    imageMarkdown: (origin) =>
      imageMarkdown({
        title,
        image: `${origin}${path}transcript.svg`,
        link: scenarioUrls(origin, lang, permalink).playground,
        linkText: t('md.openScenario'),
      }),
    text: async (origin) => {
      const response = await fetch(`${origin}${path}transcript.txt`);
      if (!response.ok) throw new Error(`${path}transcript.txt: HTTP ${response.status}`);
      return response.text();
    },
  };
}

export function parseStaticSource(json: string | undefined): StaticShareSource | null {
  if (!json) return null;
  const data = JSON.parse(json) as Partial<ScenarioShareSource>;
  if (data.kind !== 'scenario' || typeof data.permalink !== 'string' || typeof data.title !== 'string')
    return null;
  if (typeof data.config !== 'string') return null;
  if (
    data.fallback !== undefined &&
    (typeof data.fallback !== 'string' || !FALLBACK_PATH.test(data.fallback))
  )
    return null;
  return data as ScenarioShareSource;
}
