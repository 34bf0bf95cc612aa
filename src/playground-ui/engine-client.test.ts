import { describe, expect, it } from 'vitest';
import { EngineClient, type Timers, type WorkerLike } from './engine-client';
import type { SimRequest, SimResponse, WorkerMessage } from './protocol';

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
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  /** The worker has loaded its modules. */
  start() {
    this.onmessage?.({ data: { kind: 'ready' } } as unknown as MessageEvent<WorkerMessage>);
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
    } as unknown as MessageEvent<WorkerMessage>);
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
    const w = FakeWorker.made[0]!;
    expect(w.sent).toEqual([]); // still loading
    w.start();
    expect(w.sent.map((m) => m.scenario)).toEqual(['c']);
  });

  it('drops stale answers and delivers the newest', () => {
    const { client, results } = setup();
    client.send('a', '');
    const w = FakeWorker.made[0]!;
    w.start();
    client.send('b', '');
    w.answer(1);
    expect(results).toHaveLength(0);
    w.answer(2);
    expect(results.map((r) => r.id)).toEqual([2]);
  });

  it('terminates a stuck worker after the timeout and starts a new one for the next request', () => {
    const { client, clock, results, timeouts } = setup();
    client.send('runaway', '');
    FakeWorker.made[0]!.start();
    clock.fire(2000);
    expect(timeouts).toEqual([2000]);
    expect(FakeWorker.made[0]?.terminated).toBe(true);
    client.send('fine', '');
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[1]!.start();
    FakeWorker.made[1]!.answer(2);
    expect(results.map((r) => r.id)).toEqual([2]);
  });

  it('gives a loading worker the start-up allowance, not the 2 s limit', () => {
    const { client, clock, timeouts } = setup();
    client.send('a', '');
    clock.fire(2000);
    expect(timeouts).toEqual([]);
    clock.fire(20_000);
    expect(timeouts).toEqual([20_000]);
    expect(FakeWorker.made[0]?.terminated).toBe(true);
  });

  it('does not time out once answered', () => {
    const { client, clock, timeouts } = setup();
    client.send('a', '');
    FakeWorker.made[0]!.start();
    FakeWorker.made[0]!.answer(1);
    expect(clock.pending.size).toBe(0);
    clock.fire(2000);
    expect(timeouts).toEqual([]);
  });
});
