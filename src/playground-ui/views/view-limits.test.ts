import { describe, expect, it } from 'vitest';
import type { TranscriptLine } from '../../../playground/src/index';
import { MAX_VIEW_CHARS, MAX_VIEW_ROWS } from '../../../playground/src/index';
import { playground } from '../../i18n/catalog';
import { translator } from '../../i18n/translate';
import { cappedJson, cappedText, cappedTranscript, firstRows } from './view-limits';

const t = translator(playground.en);

describe('view limits (review F4: 80,000 events froze the Timeline for 6 s)', () => {
  it('keeps short lists whole and cuts long ones, counting the rest', () => {
    expect(firstRows([1, 2, 3])).toEqual({ shown: [1, 2, 3], hidden: 0 });
    const long = Array.from({ length: MAX_VIEW_ROWS + 7 }, (_, i) => i);
    const { shown, hidden } = firstRows(long);
    expect(shown).toHaveLength(MAX_VIEW_ROWS);
    expect(hidden).toBe(7);
  });

  it('ends a long transcript with one line saying how many more and from when', () => {
    const lines: TranscriptLine[] = Array.from({ length: MAX_VIEW_ROWS + 100 }, (_, i) => ({
      at: i / 1000,
      dir: '<',
      text: `[text] "tick ${i}"`,
    }));
    const capped = cappedTranscript(lines, t);
    expect(capped).toHaveLength(MAX_VIEW_ROWS + 1);
    expect(capped.at(-1)).toEqual({ at: 0.5, dir: '*', text: '100 more not shown (from 0.5 s).' });
    expect(cappedTranscript(lines.slice(0, 3), t)).toEqual(lines.slice(0, 3));
    expect(translator(playground.zh)('view.more', { count: 100, at: 0.5 })).toBe(
      '另有 100 项未显示（自 0.5 秒起）。',
    );
  });

  it('cuts error.log text and outcome JSON at a line end, counting the lines left out', () => {
    const log = Array.from({ length: MAX_VIEW_ROWS + 2 }, (_, i) => `[info] line ${i}`);
    expect(cappedText(log, t).split('\n').at(-1)).toBe('… 2 more lines not shown.');
    const json = JSON.stringify(
      { frames: Array.from({ length: 20_000 }, (_, i) => ({ at: i, data: 'x' })) },
      null,
      2,
    );
    const { text, hiddenLines } = cappedJson(json);
    expect(text.length).toBeLessThanOrEqual(MAX_VIEW_CHARS);
    expect(json.startsWith(text)).toBe(true);
    expect(json[text.length]).toBe('\n');
    expect(text.split('\n').length + hiddenLines).toBe(json.split('\n').length);
    expect(cappedJson('{}')).toEqual({ text: '{}', hiddenLines: 0 });
  });
});
