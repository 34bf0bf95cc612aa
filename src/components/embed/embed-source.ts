import { decodePermalink, stripInvisible } from '../../../playground/src/index';
import type { Keys } from '../../i18n/catalog';
import { type Lang, languages } from '../../i18n/languages';
import { readRest, splitScenario } from '../../playground-ui/scenario-text';

/**
 * Turns an embed's `s=` value into scenario text, or into the key of a message saying why
 * not. Never throws: the value comes from whatever page framed us.
 */
export type EmbedSource =
  | { ok: true; text: string; config: string; rest: string; title: string | null }
  | { ok: false; key: Keys<'embed'>; params?: Record<string, string> | undefined };

export function embedSource(value: string | null, lang: Lang): EmbedSource {
  if (value === null || value === '') return { ok: false, key: 'error.missing' };
  const decoded = decodePermalink(value);
  if (!decoded.ok) {
    const params =
      decoded.code === 'permalink-future-version' ? { version: String(decoded.version) } : undefined;
    return { ok: false, key: `error.${decoded.code}`, params };
  }
  const split = splitScenario(decoded.text);
  if (!split.ok) return { ok: false, key: 'error.not-scenario', params: { message: split.message } };
  return { ok: true, text: decoded.text, ...split.value, title: scenarioTitle(split.value.rest, lang) };
}

/** The scenario's `title`: a string, or `{ zh, en }` read in the page language (else another one). */
export function scenarioTitle(rest: string, lang: Lang): string | null {
  const title = readRest(rest)?.title;
  // A title shows in headings, document titles and share codes: invisible and bidi control
  // characters could only hide or reorder its text there.
  if (typeof title === 'string') return stripInvisible(title);
  if (title && typeof title === 'object') {
    for (const l of [lang, ...languages]) {
      const text = (title as Record<string, unknown>)[l];
      if (typeof text === 'string') return stripInvisible(text);
    }
  }
  return null;
}
