import { describe, expect, it } from 'vitest';
import type { RegexRun } from '../../playground/src/index';
import { EngineClient, type Timers, type WorkerLike } from './engine-client';
import type { SimRequest, SimResponse, WorkerMessage } from './protocol';
import { regexTimeoutParams } from './watchdog-worker';

/** Manual timers: the test decides when time passes, so nothing here depends on the clock. */
function manualTimers() {
  let next = 1;
  let clock = 0;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: Timers = {
    set: (fn, ms) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clear: (h) => pending.delete(h as number),
  };
  /** The timers set for `ms` fire, `elapsed` (default `ms`) after the last `advance`. */
  const fire = (ms: number, elapsed = ms) => {
    clock += elapsed;
    for (const [h, t] of [...pending]) {
      if (t.ms !== ms) continue;
      pending.delete(h);
      t.fn();
    }
  };
  const now = () => clock;
  const advance = (ms: number) => {
    clock += ms;
  };
  return { timers, fire, pending, now, advance };
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
  /** The worker's regex runner reports a regex starting (or, with null, finishing). */
  regex(id: number, run: RegexRun | null) {
    this.onmessage?.({ data: { kind: 'regex', id, run } } as unknown as MessageEvent<WorkerMessage>);
  }
  answer(id: number) {
    this.onmessage?.({
      data: { id, kind: 'error', message: `answer ${id}` },
    } as unknown as MessageEvent<WorkerMessage>);
  }
}

function setup() {
  FakeWorker.made = [];
  const clock = manualTimers();
  const results: SimResponse[] = [];
  const timeouts: number[] = [];
  const blamed: Array<RegexRun | null> = [];
  const client = new EngineClient({
    createWorker: () => new FakeWorker(),
    onResult: (r) => results.push(r),
    onTimeout: (ms, regex) => {
      timeouts.push(ms);
      blamed.push(regex);
    },
    onCrash: () => {},
    timers: clock.timers,
    now: clock.now,
  });
  return { client, clock, results, timeouts, blamed };
}

describe('EngineClient', () => {
  it('sends an edit at once when the worker is idle: no debounce', () => {
    const { client, clock } = setup();
    client.request('a', '');
    const w = FakeWorker.made[0]!;
    w.start();
    expect(w.sent.map((m) => m.scenario)).toEqual(['a']);
    w.answer(1);
    client.request('b', '');
    expect(w.sent.map((m) => m.scenario)).toEqual(['a', 'b']);
    // No timer but the watchdog's.
    expect([...clock.pending.values()].map((t) => t.ms)).toEqual([2000]);
  });

  it('while the worker is busy, only the newest edit waits, and goes when the answer is in', () => {
    const { client, results } = setup();
    client.request('a', '');
    const w = FakeWorker.made[0]!;
    w.start();
    client.request('b', '');
    client.request('c', '');
    expect(w.sent.map((m) => m.scenario)).toEqual(['a']);
    w.answer(1);
    expect(results.map((r) => r.id)).toEqual([1]);
    expect(w.sent.map((m) => m.scenario)).toEqual(['a', 'c']);
    w.answer(2);
    expect(results.map((r) => r.id)).toEqual([1, 2]);
    expect(w.sent).toHaveLength(2);
  });

  it('an edit made while a stuck worker runs goes to a fresh worker after the timeout', () => {
    const { client, clock, timeouts } = setup();
    client.request('runaway', '');
    FakeWorker.made[0]!.start();
    client.request('fixed', '');
    clock.fire(2000);
    expect(timeouts).toEqual([2000]);
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[1]!.start();
    expect(FakeWorker.made[1]!.sent.map((m) => m.scenario)).toEqual(['fixed']);
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

  it('names the regex that was running when the watchdog fired, with its line and subject length', () => {
    const { client, clock, blamed } = setup();
    const slow: RegexRun = {
      pattern: '^.*a.*a.*a.*a.*a.*b$',
      origin: { file: 'nginx.conf', line: 7 },
      subjectLength: 500,
    };
    client.send('runaway', '');
    const w = FakeWorker.made[0]!;
    w.start();
    w.regex(1, { pattern: '^/chat/', origin: { file: 'nginx.conf', line: 5 }, subjectLength: 6 });
    w.regex(1, null);
    w.regex(1, slow);
    clock.fire(2000);
    expect(blamed).toEqual([slow]);
    expect(regexTimeoutParams(slow, 2000)).toEqual({
      file: 'nginx.conf',
      line: 7,
      pattern: '^.*a.*a.*a.*a.*a.*b$',
      length: 500,
      seconds: 2,
    });
  });

  it('blames no regex when the last one had finished, or when the report was for an older request', () => {
    const { client, clock, blamed } = setup();
    client.send('a', '');
    const w = FakeWorker.made[0]!;
    w.start();
    w.regex(1, { pattern: 'x', origin: { file: 'nginx.conf', line: 3 }, subjectLength: 1 });
    w.regex(1, null);
    clock.fire(2000);
    client.send('b', '');
    // A regex reported for an older request does not count either.
    const fresh = FakeWorker.made[1]!;
    fresh.start();
    fresh.regex(1, { pattern: 'old', origin: null, subjectLength: 1 });
    clock.fire(2000);
    expect(blamed).toEqual([null, null]);
  });

  it('blames a regex that started late but has been running for a while (a busy machine)', () => {
    const { client, clock, blamed } = setup();
    client.send('late', '');
    const w = FakeWorker.made[0]!;
    w.start();
    clock.advance(1500);
    const late: RegexRun = {
      pattern: '^.*a.*a.*b$',
      origin: { file: 'nginx.conf', line: 4 },
      subjectLength: 500,
    };
    w.regex(1, late);
    clock.fire(2000, 500);
    expect(blamed).toEqual([late]);
  });

  it('blames no regex that started just before the watchdog fired (the last of many quick ones)', () => {
    const { client, clock, blamed } = setup();
    client.send('many rewrites', '');
    const w = FakeWorker.made[0]!;
    w.start();
    clock.advance(1900);
    w.regex(1, { pattern: '^(.*)$', origin: { file: 'nginx.conf', line: 9 }, subjectLength: 4096 });
    clock.fire(2000, 100);
    expect(blamed).toEqual([null]);
  });
});
