import type { TranscriptLine } from '../../../playground/src/index';
import { MAX_VIEW_CHARS, MAX_VIEW_ROWS } from '../../../playground/src/index';
import type { Translate } from '../../i18n/translate';

/** The texts the caps need: any namespace's translator that has these keys will do. */
export type MoreTexts = Translate<'view.more' | 'view.moreLines'>;

/**
 * What a view draws of a long result: the first `MAX_VIEW_ROWS` rows, then one visible line
 * counting the rest. Drawing 80,000 timeline events froze a tab for 6 s (review F4); the
 * engine caps a run at 10,000 events, and no one reads more than a few hundred on screen.
 */

export function firstRows<T>(
  items: readonly T[],
  max = MAX_VIEW_ROWS,
): { shown: readonly T[]; hidden: number } {
  return items.length <= max
    ? { shown: items, hidden: 0 }
    : { shown: items.slice(0, max), hidden: items.length - max };
}

/** A `<p>` saying how many rows are not shown (and from when, for timed rows). */
export function moreLine(t: MoreTexts, hidden: number, at?: number): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = 'pg-more';
  p.dataset.role = 'more';
  p.textContent =
    at === undefined ? t('view.moreLines', { count: hidden }) : t('view.more', { count: hidden, at });
  return p;
}

/** The transcript's first rows, and a last `*` line counting the rest. */
export function cappedTranscript(lines: readonly TranscriptLine[], t: MoreTexts): readonly TranscriptLine[] {
  const { shown, hidden } = firstRows(lines);
  if (hidden === 0) return lines;
  const next = lines[shown.length]!;
  return [...shown, { at: next.at, dir: '*', text: t('view.more', { count: hidden, at: next.at }) }];
}

/** Text lines (error.log) capped the same way, the count as the last line. */
export function cappedText(lines: readonly string[], t: MoreTexts): string {
  const { shown, hidden } = firstRows(lines);
  return hidden === 0 ? lines.join('\n') : `${shown.join('\n')}\n… ${t('view.moreLines', { count: hidden })}`;
}

/** Long JSON cut at a line end before `MAX_VIEW_CHARS`, and how many lines were left out. */
export function cappedJson(json: string, max = MAX_VIEW_CHARS): { text: string; hiddenLines: number } {
  if (json.length <= max) return { text: json, hiddenLines: 0 };
  const cut = json.lastIndexOf('\n', max);
  const end = cut > 0 ? cut : max;
  let hiddenLines = 1;
  for (let i = json.indexOf('\n', end + 1); i >= 0; i = json.indexOf('\n', i + 1)) hiddenLines++;
  return { text: json.slice(0, end), hiddenLines };
}
