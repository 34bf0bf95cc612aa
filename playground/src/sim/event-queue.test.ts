import { describe, expect, it } from 'vitest';
import { defaultBackend } from '../scenario/load';
import { EventQueue } from './event-queue';
import { Recorder } from './recorder';
import { runTunnel } from './tunnel';

/** The tunnel's event queue: a heap, so a long client script costs linear time (moved here from tests/hostile/engine.test.ts). */
describe('event queue', () => {
  it('30,000 client steps go through the tunnel in linear time (they used to take 25 s)', () => {
    const steps = Array.from({ length: 30_000 }, (_, i) => ({ at: i / 1000, send: `m${i}` }));
    const rec = new Recorder(Number.POSITIVE_INFINITY);
    const result = runTunnel(0, 60_000, steps, defaultBackend(), { ms: 60_000, source: null }, rec);
    expect(result.end).toEqual({ at: 60, by: 'client', reason: 'until' });
    expect(rec.frames).toHaveLength(60_000);
    expect(rec.frames.at(-1)).toEqual({ at: 29.999, from: 'backend', kind: 'text', data: 'm29999' });
  });

  it('hands out events in time order, same-time events in the order pushed', () => {
    const queue = new EventQueue<{ at: number; seq: number }>((a, b) => a.at - b.at || a.seq - b.seq);
    const times = Array.from({ length: 2000 }, (_, i) => (i * 7919) % 101);
    for (const [seq, at] of times.entries()) queue.push({ at, seq });
    const out: Array<{ at: number; seq: number }> = [];
    for (let e = queue.shift(); e; e = queue.shift()) out.push(e);
    expect(out).toEqual(times.map((at, seq) => ({ at, seq })).sort((a, b) => a.at - b.at || a.seq - b.seq));
  });
});
