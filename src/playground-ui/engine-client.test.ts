import { describe, expect, it } from 'vitest';
import { EngineClient, type Timers, type WorkerLike } from './engine-client';
import type { SimRequest, SimResponse } from './protocol';

/** Manual timers: the test decides when time passes, so nothing here depends on the clock. */
function manualTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: Timers = {
    set: (fn, ms) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clear: (h) => pending.delete(h as number),
  };
  const fire = (ms: number) => {
    for (const [h, t] of [...pending]) {
      if (t.ms !== ms) continue;
      pending.delete(h);
      t.fn();
    }
  };
  return { timers, fire, pending };
}

class FakeWorker implements WorkerLike {
  static made: FakeWorker[] = [];
  sent: SimRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<SimResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(m: SimRequest) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  answer(id: number) {
    this.onmessage?.({
      data: { id, kind: 'missing', names: [], configErrors: [] },
    } as unknown as MessageEvent<SimResponse>);
  }
}

function setup() {
  FakeWorker.made = [];
  const clock = manualTimers();
  const results: SimResponse[] = [];
  const timeouts: number[] = [];
  const client = new EngineClient({
    createWorker: () => new FakeWorker(),
    onResult: (r) => results.push(r),
    onTimeout: (ms) => timeouts.push(ms),
    onCrash: () => {},
    timers: clock.timers,
  });
  return { client, clock, results, timeouts };
}

describe('EngineClient', () => {
  it('debounces: only the last of quick edits is sent', () => {
    const { client, clock } = setup();
    client.request('a', '');
    client.request('b', '');
    client.request('c', '');
    expect(FakeWorker.made).toHaveLength(0);
    clock.fire(300);
    expect(FakeWorker.made[0]?.sent.map((m) => m.scenario)).toEqual(['c']);
  });

  it('drops stale answers and delivers the newest', () => {
    const { client, results } = setup();
    client.send('a', '');
    client.send('b', '');
    const w = FakeWorker.made[0]!;
    w.answer(1);
    expect(results).toHaveLength(0);
    w.answer(2);
    expect(results.map((r) => r.id)).toEqual([2]);
  });

  it('terminates a stuck worker after the timeout and starts a new one for the next request', () => {
    const { client, clock, results, timeouts } = setup();
    client.send('runaway', '');
    clock.fire(2000);
    expect(timeouts).toEqual([2000]);
    expect(FakeWorker.made[0]?.terminated).toBe(true);
    client.send('fine', '');
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[1]!.answer(2);
    expect(results.map((r) => r.id)).toEqual([2]);
  });

  it('does not time out once answered', () => {
    const { client, clock, timeouts } = setup();
    client.send('a', '');
    FakeWorker.made[0]!.answer(1);
    expect(clock.pending.size).toBe(0);
    clock.fire(2000);
    expect(timeouts).toEqual([]);
  });
});
