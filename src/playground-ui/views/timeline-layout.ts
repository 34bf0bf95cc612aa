import type { Lane, TimelineEvent } from '../../../playground/src/index';

/**
 * Geometry of the timeline: three lanes on a virtual-time axis. Pure, so tests check where
 * things land without a browser. Timer bars run from arming to whichever comes first: the
 * deadline, a re-arming of the same timer, or the end of the run.
 */

export const LANES: readonly Lane[] = ['client', 'nginx', 'backend'];
export const LANE_Y: Record<Lane, number> = { client: 40, nginx: 110, backend: 180 };
export const LEFT = 84;
export const HEIGHT = 230;

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
