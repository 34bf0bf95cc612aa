import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../playground/src/index';
import { layoutTimeline, niceStep, timerBars } from './timeline-layout';

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
