import { parse } from 'yaml';
import { encodePermalink } from '../../../playground/src/index';
import type { Lang } from '../../i18n/languages';

/** What <ScenarioSnippet> shows for one scenario file. */
export interface Snippet {
  /** The nginx config, as the scenario's `config` holds it. */
  config: string;
  /** Title in the page language (the scenario's own title unless the page overrides it). */
  title: string;
  /** Link that opens the whole scenario in the playground. */
  playgroundHref: string;
  /** The scenario as a permalink value (`#s=` of the playground and the embed pages). */
  permalink: string;
}

/** Where a scenario named `guides/minimal` lives, relative to the project root. */
export function scenarioPath(name: string): string {
  return `content/scenarios/${name}.yaml`;
}

function titleIn(raw: unknown, lang: Lang): string | undefined {
  if (typeof raw === 'string') return raw;
  if (raw && typeof raw === 'object') {
    const value = (raw as Record<string, unknown>)[lang];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/**
 * Builds the snippet from the scenario's YAML text. Throws with the file name and a fix
 * when the file cannot serve as a snippet, so a broken guide fails the build loudly.
 */
export function buildSnippet(name: string, yamlText: string, lang: Lang, titleOverride?: string): Snippet {
  const file = scenarioPath(name);
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch (error) {
    throw new Error(`${file}: not valid YAML (${(error as Error).message}); fix the file.`);
  }
  if (!doc || typeof doc !== 'object') {
    throw new Error(`${file}: expected a scenario mapping with "config", "backends" and "client".`);
  }
  const scenario = doc as Record<string, unknown>;
  if (typeof scenario.config !== 'string' || !scenario.config.trim()) {
    throw new Error(`${file}: "config" must be a non-empty block string (config: |).`);
  }
  const title = titleOverride ?? titleIn(scenario.title, lang);
  if (!title) {
    throw new Error(`${file}: add "title: { zh: …, en: … }" or pass title="…" to <ScenarioSnippet>.`);
  }
  const permalink = encodePermalink(yamlText);
  return {
    config: scenario.config.replace(/\s+$/, ''),
    title,
    playgroundHref: `/${lang}/playground/#s=${permalink}`,
    permalink,
  };
}

/** Finds a scenario's text among files keyed by path (as import.meta.glob returns them). */
export function findScenarioText(name: string, files: Record<string, string>): string {
  const wanted = `/${scenarioPath(name)}`;
  const text = files[wanted];
  if (text === undefined) {
    const known = Object.keys(files)
      .map((key) => key.replace(/^\/content\/scenarios\//, '').replace(/\.yaml$/, ''))
      .sort();
    throw new Error(
      `<ScenarioSnippet name="${name}">: no file ${scenarioPath(name)}. Create it or use one of: ${known.join(', ')}`,
    );
  }
  return text;
}
