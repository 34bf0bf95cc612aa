import { describe, expect, it } from 'vitest';
import type { StorageLike } from '../exercises/progress';
import { GUIDES_KEY, loadGuideProgress, markGuide, resetGuideProgress } from './guide-progress';

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
    removeItem: (k) => {
      delete data[k];
    },
  };
}

describe('guide progress', () => {
  it('marks a guide read, keeps the first time, survives a reload and can be unmarked', () => {
    const storage = memoryStorage();
    let p = loadGuideProgress(storage);
    expect(p.read).toEqual({});
    p = markGuide(storage, p, 'handshake', true, new Date('2026-12-03T10:00:00Z'));
    p = markGuide(storage, p, 'handshake', true, new Date('2026-12-04T10:00:00Z'));
    expect(loadGuideProgress(storage).read).toEqual({ handshake: '2026-12-03T10:00:00.000Z' });
    p = markGuide(storage, p, 'handshake', false, new Date());
    expect(loadGuideProgress(storage).read).toEqual({});
  });

  it('drops unreadable entries one by one and ignores junk', () => {
    const storage = memoryStorage({
      [GUIDES_KEY]: JSON.stringify({
        read: { timeouts: '2026-12-01T00:00:00Z', capacity: 5, 'Bad Slug': 'x' },
      }),
    });
    expect(loadGuideProgress(storage).read).toEqual({ timeouts: '2026-12-01T00:00:00Z' });
    expect(loadGuideProgress(memoryStorage({ [GUIDES_KEY]: '{not json' })).read).toEqual({});
    expect(loadGuideProgress(null).read).toEqual({});
  });

  it('works without storage and when writing fails', () => {
    const full: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    const p = markGuide(full, loadGuideProgress(full), 'logging', true, new Date('2026-12-03T00:00:00Z'));
    expect(p.read.logging).toBe('2026-12-03T00:00:00.000Z');
    expect(markGuide(null, p, 'capacity', true, new Date()).read.capacity).toBeDefined();
  });

  it('resets', () => {
    const storage = memoryStorage();
    markGuide(storage, loadGuideProgress(storage), 'tls-wss', true, new Date());
    expect(resetGuideProgress(storage).read).toEqual({});
    expect(storage.data[GUIDES_KEY]).toBeUndefined();
  });
});
