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
    const mid = (LANE_Y[from] + LANE_Y[to]) / 2 + (from === 'client' || to === 'client' ? 0 : 12);
    return [mid - 24, mid - 10, mid + 4, mid + 18, mid + 32];
  }
  return [LANE_Y[from] - 8];
}

/**
 * Greedy label placement: each label takes the first row of its band where it does not
 * overlap an earlier label; when no row is free it is left out (hover and focus still show it).
 */
export function placeLabels(
  items: ReadonlyArray<{ x: number; text: string; rows: number[] }>,
  width: number,
): Array<number | null> {
  const taken = new Map<number, number>(); // row y -> right edge of its last label
  return items.map((item) => {
    const w = item.text.length * CHAR_WIDTH + 8;
    for (const row of item.rows) {
      const right = taken.get(row) ?? Number.NEGATIVE_INFINITY;
      if (item.x + 4 >= right && item.x + 4 + w <= width + 40) {
        taken.set(row, item.x + 4 + w);
        return row;
      }
    }
    return null;
  });
}
