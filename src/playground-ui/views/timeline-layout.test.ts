import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../playground/src/index';
import {
  eventXs,
  labelRows,
  layoutTimeline,
  niceStep,
  placeLabels,
  SAME_TIME_GAP,
  timerBars,
} from './timeline-layout';

const ev = (at: number, kind: string, timer?: { name: string; deadline: number }): TimelineEvent => ({
  at,
  from: 'nginx',
  to: null,
  kind,
  label: kind,
  ...(timer ? { timer } : {}),
});

describe('timer bars', () => {
  it('a re-armed timer stops its old bar; a fired one ends where it fired', () => {
    const bars = timerBars([
      ev(0, 'timer-armed', { name: 'proxy_read_timeout', deadline: 2 }),
      ev(0.5, 'timer-armed', { name: 'proxy_read_timeout', deadline: 2.5 }),
      ev(2.5, 'timer-fired', { name: 'proxy_read_timeout', deadline: 2.5 }),
    ]);
    expect(bars).toEqual([
      { name: 'proxy_read_timeout', armedAt: 0, deadline: 2, endsAt: 0.5, fired: false, lane: 'nginx' },
      { name: 'proxy_read_timeout', armedAt: 0.5, deadline: 2.5, endsAt: 2.5, fired: true, lane: 'nginx' },
    ]);
  });
  it('an unfired timer ends at the last event', () => {
    const bars = timerBars([ev(0, 'timer-armed', { name: 't', deadline: 60 }), ev(6, 'close')]);
    expect(bars[0]).toMatchObject({ endsAt: 6, fired: false });
  });
});

describe('layout', () => {
  it('maps time 0 to the left edge and keeps every event inside the drawing', () => {
    const events = [ev(0, 'connect'), ev(2, 'close')];
    const layout = layoutTimeline(events, 800);
    expect(layout.x(0)).toBe(84);
    expect(layout.x(2)).toBeLessThan(800);
    expect(layout.ticks[0]).toBe(0);
    expect(layout.ticks.at(-1)!).toBeLessThanOrEqual(layout.maxTime);
  });
  it('picks readable tick steps', () => {
    expect(niceStep(2)).toBe(0.25);
    expect(niceStep(10)).toBe(2);
    expect(niceStep(420)).toBe(60);
  });
});

describe('crowding', () => {
  it('spreads events at the same instant apart, in order, and leaves later ones at their time', () => {
    const x = (t: number) => 100 + t * 100;
    expect(eventXs([ev(0, 'a'), ev(0, 'b'), ev(0, 'c'), ev(2, 'd')], x)).toEqual([
      100,
      100 + SAME_TIME_GAP,
      100 + 2 * SAME_TIME_GAP,
      300,
    ]);
  });
  it('puts overlapping labels on the next free row, and drops them when the band is full', () => {
    const rows = labelRows('client', 'nginx');
    const placed = placeLabels(
      Array.from({ length: rows.length + 1 }, (_, i) => ({ x: 100 + i, text: 'GET /chat/ HTTP/1.1', rows })),
      1000,
    );
    expect(placed.slice(0, rows.length)).toEqual(rows);
    expect(placed.at(-1)).toBeNull();
    expect(
      placeLabels(
        [
          { x: 100, text: 'a', rows },
          { x: 400, text: 'b', rows },
        ],
        1000,
      ),
    ).toEqual([rows[0], rows[0]]);
  });
});
