import { describe, expect, it } from 'vitest';
import type { WorkerNote } from '../../playground-ui/watchdog-worker';
import { CheckClient, type Timers, type WorkerLike } from './check-client';
import type { CheckRequest, CheckResponse } from './protocol';

type Message = CheckResponse | WorkerNote;

/** A worker whose script is already loaded: it announces `ready` as soon as the page listens. */
class FakeWorker implements WorkerLike {
  sent: CheckRequest[] = [];
  terminated = false;
  onerror: ((event: ErrorEvent) => void) | null = null;
  private listener: ((event: MessageEvent<Message>) => void) | null = null;
  constructor(private readonly loaded = true) {}
  get onmessage() {
    return this.listener;
  }
  set onmessage(fn: ((event: MessageEvent<Message>) => void) | null) {
    this.listener = fn;
    if (this.loaded) this.start();
  }
  start(): void {
    this.listener?.({ data: { kind: 'ready' } } as MessageEvent<Message>);
  }
  postMessage(message: CheckRequest): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(response: CheckResponse): void {
    this.listener?.({ data: response } as MessageEvent<Message>);
  }
}

/** Timers driven by hand: no real waiting in unit tests. */
function manualTimers(): Timers & { fire(): void; delays: number[] } {
  let pending: Array<{ fn: () => void; live: boolean }> = [];
  const delays: number[] = [];
  return {
    delays,
    set(fn, ms) {
      const h = { fn, live: true };
      pending.push(h);
      delays.push(ms);
      return h;
    },
    clear(handle) {
      (handle as { live: boolean }).live = false;
    },
    fire() {
      const due = pending.filter((h) => h.live);
      pending = [];
      for (const h of due) h.fn();
    },
  };
}

describe('CheckClient', () => {
  it('resolves with the worker answer for the current check', async () => {
    const workers: FakeWorker[] = [];
    const client = new CheckClient(
      () => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      },
      2000,
      manualTimers(),
    );
    const result = client.check('exercise', 'config');
    const request = workers[0]!.sent[0]!;
    expect(request).toMatchObject({ exercise: 'exercise', config: 'config' });
    workers[0]!.answer({ id: request.id, ok: false, message: 'boom' });
    await expect(result).resolves.toMatchObject({ ok: false, message: 'boom' });
  });

  it('terminates a worker that outlives the watchdog and starts a fresh one next time', async () => {
    const timers = manualTimers();
    const workers: FakeWorker[] = [];
    const client = new CheckClient(
      () => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      },
      2000,
      timers,
    );
    const slow = client.check('e', 'c');
    timers.fire();
    await expect(slow).resolves.toMatchObject({ ok: false, timeout: true });
    expect(workers[0]!.terminated).toBe(true);
    void client.check('e', 'c2');
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent[0]!.config).toBe('c2');
  });

  it('gives a loading worker the start-up allowance, then only the timeout once it is ready', async () => {
    const timers = manualTimers();
    const w = new FakeWorker(false);
    const client = new CheckClient(() => w, 2000, timers, 20_000);
    const first = client.check('e', 'one');
    expect(w.sent).toEqual([]);
    w.start();
    expect(w.sent.map((r) => r.config)).toEqual(['one']);
    w.answer({ id: w.sent[0]!.id, ok: false, message: 'done' });
    await first;
    void client.check('e', 'two');
    expect(timers.delays).toEqual([20_000, 2000, 2000]);
  });

  it('drops a late answer to a superseded check', async () => {
    const w = new FakeWorker();
    const client = new CheckClient(() => w, 2000, manualTimers());
    const first = client.check('e', 'one');
    const second = client.check('e', 'two');
    await expect(first).resolves.toMatchObject({ message: 'superseded' });
    w.answer({ id: w.sent[0]!.id, ok: false, message: 'late' });
    w.answer({ id: w.sent[1]!.id, ok: false, message: 'current' });
    await expect(second).resolves.toMatchObject({ message: 'current' });
  });
});
