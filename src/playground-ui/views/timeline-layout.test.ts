import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, simulate, type TimelineEvent } from '../../../playground/src/index';
import { dictionaries } from '../../i18n/dictionaries.mjs';
import { translator } from '../../i18n/translate';
import { localTimeline } from './timeline-labels';
import {
  estimateWidth,
  eventXs,
  LANES,
  labelRows,
  layoutTimeline,
  niceStep,
  overlaps,
  type PlacedLabel,
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
    expect(placed.slice(0, rows.length).map((p) => p?.y)).toEqual(rows);
    expect(placed.at(-1)).toBeNull();
    expect(
      placeLabels(
        [
          { x: 100, text: 'a', rows },
          { x: 400, text: 'b', rows },
        ],
        1000,
      ).map((p) => p?.y),
    ).toEqual([rows[0], rows[0]]);
  });
  it('draws a label near the right edge left of its event, or cut with "…", never past the edge', () => {
    const rows = [50];
    const [left] = placeLabels([{ x: 990, text: 'c1: proxy_read_timeout → 60 s', rows }], 1000);
    expect(left).not.toBeNull();
    expect(left!.x + left!.width).toBeLessThanOrEqual(990);
    expect(left!.truncated).toBe(false);
    // A label to its left fills the row, so the second can only be cut to the room it has.
    const [first, second] = placeLabels(
      [
        { x: 10, text: 'x'.repeat(20), rows },
        { x: 150, text: 'a long label that does not fit before the edge', rows },
      ],
      300,
    );
    expect(first!.truncated).toBe(false);
    expect(second!.truncated).toBe(true);
    expect(second!.text.endsWith('…')).toBe(true);
    expect(second!.x + second!.width).toBeLessThanOrEqual(300);
  });
  it('measures Chinese wider than Latin text', () => {
    expect(estimateWidth('客户端断开 TCP')).toBeGreaterThan(estimateWidth('client drops'));
  });
  it('keeps clear of reserved boxes', () => {
    const reserved = [{ x: 0, y: 50, width: 200 }];
    const [p] = placeLabels([{ x: 100, text: 'connect', rows: [50, 80] }], 1000, { reserved });
    expect(p!.y).toBe(80);
  });
});

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function assertLaidOut(placed: ReadonlyArray<PlacedLabel | null>, left: number, right: number): void {
  const boxes = placed.filter((p): p is PlacedLabel => p !== null);
  for (const [i, a] of boxes.entries()) {
    expect(a.x).toBeGreaterThanOrEqual(left);
    expect(a.x + a.width).toBeLessThanOrEqual(right);
    for (const b of boxes.slice(i + 1)) expect(overlaps(a, b), `${a.text} / ${b.text}`).toBe(false);
  }
}

describe('label layout properties', () => {
  const words = [
    'c1: 连接 127.0.0.1:18081',
    'GET /chat/ HTTP/1.1',
    'c2: 101 Switching Protocols',
    '关闭',
    'x',
  ];
  it.each([360, 640, 1440])(
    'no two labels overlap and none passes either edge (%i px, random runs)',
    (width) => {
      const next = random(width);
      for (let run = 0; run < 50; run++) {
        const items = Array.from({ length: 5 + Math.floor(next() * 60) }, () => {
          const lanes = LANES[Math.floor(next() * 3)]!;
          const to = next() < 0.7 ? (LANES[Math.floor(next() * 3)] ?? null) : null;
          return {
            x: Math.floor(next() * width),
            text: words[Math.floor(next() * words.length)]!.repeat(1 + Math.floor(next() * 2)),
            rows: labelRows(lanes, to),
          };
        });
        assertLaidOut(placeLabels(items, width - 4, { left: 2 }), 2, width - 4);
      }
    },
  );
});

describe('label layout on the v2 presets', () => {
  const dir = join(import.meta.dirname, '../../../content/scenarios/v2');
  const presets = [
    'upstream-keepalive-reuse',
    'reload-tunnel-survives',
    'worker-connections-500',
    'balance-round-robin',
    'client-keepalive-requests',
    'backend-stops-reading-tunnel',
  ];
  for (const lang of ['zh', 'en'] as const) {
    const t = translator(dictionaries[lang].playground);
    it.each(presets)(`%s (${lang}): at 360 and 1440 px every label is inside and apart`, (name) => {
      const { scenario } = loadScenario(readFileSync(join(dir, `${name}.yaml`), 'utf8'));
      const sim = simulate(scenario!);
      const clients = new Set('clients' in sim.outcome ? sim.outcome.clients.map((c) => c.name) : []);
      const events = localTimeline(sim.timeline, t, clients);
      for (const host of [360, 1440]) {
        // As the view: at least 640 px of drawing (a phone scrolls it), room after the last event.
        const base = Math.max(640, host - 2);
        let layout = layoutTimeline(events, base);
        let xs = eventXs(events, layout.x);
        for (let i = 0; i < 3; i++) {
          const over = (xs.at(-1) ?? 0) + 24 - base;
          if (over <= 0) break;
          layout = layoutTimeline(events, layout.width - Math.ceil(over) - 1);
          xs = eventXs(events, layout.x);
        }
        const width = Math.max(base, (xs.at(-1) ?? 0) + 24);
        expect(width).toBe(base);
        const placed = placeLabels(
          events.map((e, i) => ({ x: xs[i]!, text: e.label, rows: labelRows(e.from, e.to) })),
          width - 4,
          { left: 2 },
        );
        assertLaidOut(placed, 2, width - 4);
        // The last event (the run's end) always gets its label.
        expect(placed.at(-1)).not.toBeNull();
        expect(placed.filter(Boolean).length).toBeGreaterThan(events.length / 3);
      }
    });
  }
});
