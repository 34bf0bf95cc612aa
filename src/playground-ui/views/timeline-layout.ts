import type { Lane, TimelineEvent } from '../../../playground/src/index';

/**
 * Geometry of the timeline: three lanes on a virtual-time axis. Pure, so tests check where
 * things land without a browser. Timer bars run from arming to whichever comes first: the
 * deadline, a re-arming of the same timer, or the end of the run.
 */

export const LANES: readonly Lane[] = ['client', 'nginx', 'backend'];
export const LANE_Y: Record<Lane, number> = { client: 40, nginx: 140, backend: 250 };
export const LEFT = 84;
export const HEIGHT = 300;
/** Events at the same virtual instant are drawn this far apart, in order, so none hides another. */
export const SAME_TIME_GAP = 12;
const CHAR_WIDTH = 6.2;

export interface TimerBar {
  name: string;
  armedAt: number;
  deadline: number;
  /** Where the bar stops: the deadline, a re-arm, or the end of the run. */
  endsAt: number;
  fired: boolean;
  lane: Lane;
}

export interface TimelineLayout {
  width: number;
  maxTime: number;
  x: (t: number) => number;
  ticks: number[];
  bars: TimerBar[];
}

export function niceStep(span: number): number {
  const raw = span / 8;
  for (const step of [0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600]) if (step >= raw) return step;
  return Math.ceil(raw / 600) * 600;
}

export function layoutTimeline(events: readonly TimelineEvent[], width: number): TimelineLayout {
  const bars = timerBars(events);
  const times = events.map((e) => e.at);
  const lastEvent = times.length ? Math.max(...times) : 1;
  const maxTime = Math.max(1, lastEvent, ...bars.filter((b) => b.fired).map((b) => b.deadline)) * 1.05;
  const right = width - 24;
  const x = (t: number) => LEFT + (t / maxTime) * (right - LEFT);
  const step = niceStep(maxTime);
  const ticks: number[] = [];
  for (let t = 0; t <= maxTime + 1e-9 && ticks.length < 200; t += step)
    ticks.push(Math.round(t * 1000) / 1000);
  return { width, maxTime, x, ticks, bars };
}

export function timerBars(events: readonly TimelineEvent[]): TimerBar[] {
  const bars: TimerBar[] = [];
  const open = new Map<string, TimerBar>();
  const end = events.length ? Math.max(...events.map((e) => e.at)) : 0;
  for (const event of events) {
    if (!event.timer) continue;
    const name = event.timer.name;
    const current = open.get(name);
    if (event.kind === 'timer-armed') {
      if (current) current.endsAt = Math.min(current.deadline, event.at);
      const bar: TimerBar = {
        name,
        armedAt: event.at,
        deadline: event.timer.deadline,
        endsAt: event.timer.deadline,
        fired: false,
        lane: event.from,
      };
      bars.push(bar);
      open.set(name, bar);
    } else if (event.kind === 'timer-fired' && current) {
      current.fired = true;
      current.endsAt = event.at;
      open.delete(name);
    } else if (current) {
      // timer-cleared and the like
      current.endsAt = Math.min(current.deadline, event.at);
      open.delete(name);
    }
  }
  for (const bar of open.values()) bar.endsAt = Math.min(bar.deadline, Math.max(end, bar.armedAt));
  return bars;
}

/** x of each event: its time, nudged right behind earlier events at (nearly) the same spot. */
export function eventXs(events: readonly TimelineEvent[], x: (t: number) => number): number[] {
  const xs: number[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    const px = Math.max(x(event.at), last + SAME_TIME_GAP);
    xs.push(px);
    last = px;
  }
  return xs;
}

/** Label rows (y) of the band an event's label goes in: between two lanes, or above one. */
export function labelRows(from: Lane, to: Lane | null): number[] {
  if (to && to !== from) {
    // Below nginx the timer bars take the top of the band, so labels start lower there.
    if (from === 'client' || to === 'client') {
      const mid = (LANE_Y.client + LANE_Y.nginx) / 2;
      return [mid - 28, mid - 14, mid, mid + 14, mid + 28, mid + 42];
    }
    const mid = (LANE_Y.nginx + LANE_Y.backend) / 2 + 12;
    return [mid - 24, mid - 10, mid + 4, mid + 18, mid + 32];
  }
  // Over nginx: above its lane, higher up when that row is taken (below it run the timer bars).
  if (from === 'nginx') return [LANE_Y.nginx - 8, LANE_Y.nginx - 22, LANE_Y.nginx - 36];
  return [LANE_Y[from] - 8];
}

/** A label's box: `x`..`x + width` across, `y - LABEL_ASCENT`..`y + LABEL_DESCENT` down (y: baseline). */
export interface LabelBox {
  x: number;
  y: number;
  width: number;
}

export interface PlacedLabel extends LabelBox {
  /** What is drawn: the whole label, or its start and an ellipsis when the space ends first. */
  text: string;
  truncated: boolean;
}

export interface LabelItem {
  /** Lower goes first (run-wide events before messages, messages before timer labels); ties keep their order. */
  priority?: number;
  /** Where the label belongs (the event's x): it is drawn right of it, or left when the edge is near. */
  x: number;
  text: string;
  /** Candidate baselines, best first. */
  rows: number[];
}

/** Text height above and below the baseline at the timeline's 11 px font (a CJK glyph box is 14 px: 11 + 3). */
export const LABEL_ASCENT = 11;
export const LABEL_DESCENT = 3;
const GAP = 4;
/** A label shorter than this is not worth drawing cut: it is left to hover and focus. */
const MIN_WIDTH = 48;

/** Width of `text` at 11 px: CJK and full-width forms are about one em, the rest about 0.6 em. */
export function estimateWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 11.5 : CHAR_WIDTH;
  return w;
}

export function overlaps(a: LabelBox, b: LabelBox): boolean {
  return (
    a.x < b.x + b.width &&
    b.x < a.x + a.width &&
    a.y - LABEL_ASCENT < b.y + LABEL_DESCENT &&
    b.y - LABEL_ASCENT < a.y + LABEL_DESCENT
  );
}

/** The longest start of `text` (with "…") that fits in `width`, or null if not even a few letters do. */
function fitText(text: string, width: number, measure: (s: string) => number): string | null {
  if (measure(text) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${chars.slice(0, mid).join('')}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo >= 3 ? `${chars.slice(0, lo).join('')}…` : null;
}

/**
 * Greedy label placement: each label, in order, takes the first of its rows where its box meets
 * no box placed before it (nor a `reserved` one) and stays inside `left`..`right`. It is drawn
 * right of its event; near the right edge, left of it; where neither fits whole, cut with "…".
 * A label with no free row is left out: hover and focus show every label in full.
 */
export function placeLabels(
  items: readonly LabelItem[],
  right: number,
  options: {
    left?: number;
    reserved?: readonly LabelBox[];
    measure?: (text: string) => number;
  } = {},
): Array<PlacedLabel | null> {
  const left = options.left ?? 0;
  const measure = options.measure ?? estimateWidth;
  const placed: LabelBox[] = [...(options.reserved ?? [])];
  const free = (box: LabelBox) =>
    box.x >= left && box.x + box.width <= right && !placed.some((p) => overlaps(p, box));
  const order = items
    .map((_, i) => i)
    .sort((a, b) => (items[a]?.priority ?? 0) - (items[b]?.priority ?? 0) || a - b);
  const result: Array<PlacedLabel | null> = new Array(items.length).fill(null);
  for (const i of order) result[i] = place(items[i]!);
  return result;

  function place(item: LabelItem): PlacedLabel | null {
    const whole = measure(item.text);
    for (const y of item.rows) {
      const candidates: PlacedLabel[] = [
        { x: item.x + GAP, y, width: whole, text: item.text, truncated: false },
        { x: item.x - GAP - whole, y, width: whole, text: item.text, truncated: false },
      ];
      // Cut to the room right of the event (up to the next label in this row or the edge).
      const room =
        Math.min(
          right,
          ...placed
            .filter((p) => p.x >= item.x + GAP && overlaps(p, { x: p.x, y, width: p.width }))
            .map((p) => p.x - 1),
        ) -
        (item.x + GAP);
      if (room >= MIN_WIDTH && room < whole) {
        const text = fitText(item.text, room, measure);
        if (text) candidates.push({ x: item.x + GAP, y, width: measure(text), text, truncated: true });
      }
      const box = candidates.find(free);
      if (box) {
        placed.push(box);
        return box;
      }
    }
    return null;
  }
}
