/**
 * The guides' scenario snippets (content/scenarios/guides/*.yaml) as embeddable items, read at
 * build time: each gets an embed page of its own (/{lang}/embed/scenario/<name>/), an oEmbed
 * JSON and a static fallback (the transcript as text and as an SVG image), all computed here
 * by the engine in Node, from the same file the guide shows and conformance runs.
 */
import { embed } from '../../i18n/catalog';
import { type Lang, languages } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { engine, runScenario } from '../../playground-ui/run-scenario';
import { splitScenario } from '../../playground-ui/scenario-text';
import { transcriptPlainText } from '../../playground-ui/views/transcript-format';
import { cappedTranscript } from '../../playground-ui/views/view-limits';
import { scenarioFiles } from '../guides/scenario-files';
import { buildSnippet } from '../guides/scenario-snippet';
import { transcriptSvg } from './transcript-svg';

export interface SnippetItem {
  lang: Lang;
  /** File name without `.yaml`: the item's address under /{lang}/embed/scenario/. */
  name: string;
  title: string;
  permalink: string;
  config: string;
  /** Site path of the item's embed page, with the trailing slash. */
  path: string;
}

const GUIDES = '/content/scenarios/guides/';

export function snippetItems(): SnippetItem[] {
  const items: SnippetItem[] = [];
  for (const [file, text] of Object.entries(scenarioFiles).sort(([a], [b]) => a.localeCompare(b))) {
    if (!file.startsWith(GUIDES)) continue;
    const name = file.slice(GUIDES.length).replace(/\.yaml$/, '');
    if (name.includes('/')) continue;
    for (const lang of languages) {
      const snippet = buildSnippet(`guides/${name}`, text, lang);
      items.push({
        lang,
        name,
        title: snippet.title,
        permalink: snippet.permalink,
        config: snippet.config,
        path: `/${lang}/embed/scenario/${name}/`,
      });
    }
  }
  return items;
}

/** Where a snippet item's page is, from its guide's `<ScenarioSnippet name="guides/x">`. */
export function snippetItemPath(name: string, lang: Lang): string | null {
  const match = name.match(/^guides\/([a-z0-9-]+)$/);
  return match ? `/${lang}/embed/scenario/${match[1]}/` : null;
}

/** What the client sees, simulated here: the lines (capped like the views) or why not. */
function transcriptLines(item: SnippetItem) {
  const text = scenarioFiles[`${GUIDES}${item.name}.yaml`];
  if (text === undefined) throw new Error(`${GUIDES}${item.name}.yaml: not found`);
  const split = splitScenario(text);
  const config = split.ok ? split.value.config : '';
  const response = runScenario(engine, { id: 1, scenario: text, config });
  if (response.kind !== 'result' || !response.simulation)
    throw new Error(
      `content/scenarios/guides/${item.name}.yaml: the simulator gave no transcript (${
        response.kind === 'result' ? (response.scenarioErrors[0] ?? 'no simulation') : response.message
      })`,
    );
  const t = translator(embed[item.lang]);
  return cappedTranscript(response.simulation.transcript, (_key, p) => t('transcript.more', p));
}

export function snippetTranscriptText(item: SnippetItem): string {
  return `${transcriptPlainText(transcriptLines(item))}\n`;
}

export function snippetTranscriptSvg(item: SnippetItem): string {
  return transcriptSvg(transcriptLines(item), item.title);
}
