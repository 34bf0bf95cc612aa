import { describe, expect, it } from 'vitest';
import {
  entryOf,
  exportResults,
  loadProgress,
  recordCheck,
  recordDraft,
  recordHint,
  recordSolutionShown,
  resetProgress,
  STORAGE_KEY,
  type StorageLike,
  saveProgress,
  statusOf,
} from './progress';

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

const t0 = new Date('2026-01-02T03:04:05Z');
const t1 = new Date('2026-01-03T00:00:00Z');

describe('exercise progress', () => {
  it('round-trips through storage, as a reload would', () => {
    const storage = memoryStorage();
    let p = loadProgress(storage);
    p = recordCheck(p, 'a', 1, 3, t0);
    p = recordHint(p, 'a', 2);
    p = recordDraft(p, 'a', 'server {}');
    saveProgress(storage, p);
    const again = loadProgress(storage);
    expect(entryOf(again, 'a')).toMatchObject({
      attempts: 1,
      hintsShown: 2,
      draft: 'server {}',
      solved: false,
    });
    expect(statusOf(entryOf(again, 'a'))).toBe('tried');
    expect(statusOf(entryOf(again, 'b'))).toBe('new');
  });

  it('marks an exercise solved at the first full pass and keeps it solved', () => {
    let p = loadProgress(null);
    p = recordCheck(p, 'a', 3, 3, t0);
    p = recordCheck(p, 'a', 1, 3, t1);
    expect(entryOf(p, 'a')).toMatchObject({ solved: true, solvedAt: t0.toISOString(), attempts: 2 });
    expect(entryOf(p, 'a').last).toEqual({ passed: 1, total: 3 });
    // zero goals is never a pass
    expect(entryOf(recordCheck(p, 'z', 0, 0, t0), 'z').solved).toBe(false);
  });

  it('never lowers the hint count and remembers a viewed solution', () => {
    let p = recordHint(loadProgress(null), 'a', 2);
    p = recordHint(p, 'a', 1);
    p = recordSolutionShown(p, 'a');
    expect(entryOf(p, 'a')).toMatchObject({ hintsShown: 2, solutionShown: true });
  });

  it('ignores broken storage instead of throwing, keeping readable entries', () => {
    expect(loadProgress(memoryStorage({ [STORAGE_KEY]: '{not json' })).exercises).toEqual({});
    const mixed = memoryStorage({
      [STORAGE_KEY]: JSON.stringify({ exercises: { a: { solved: true, attempts: 'x' }, b: 7 } }),
    });
    const p = loadProgress(mixed);
    expect(entryOf(p, 'a')).toMatchObject({ solved: true, attempts: 0 });
    expect(entryOf(p, 'b').solved).toBe(false);
  });

  it('reset removes everything from storage', () => {
    const storage = memoryStorage();
    saveProgress(storage, recordCheck(loadProgress(storage), 'a', 1, 1, t0));
    expect(storage.data[STORAGE_KEY]).toBeDefined();
    expect(resetProgress(storage).exercises).toEqual({});
    expect(storage.data[STORAGE_KEY]).toBeUndefined();
  });

  it('exports one row per exercise in course order, without drafts', () => {
    let p = recordCheck(loadProgress(null), 'b', 2, 2, t0);
    p = recordDraft(p, 'b', 'secret draft');
    const catalogue = [
      { id: 'a', level: 1, title: { zh: '甲', en: 'A' } },
      { id: 'b', level: 2, title: { zh: '乙', en: 'B' } },
    ] as const;
    const out = exportResults(p, catalogue, t1);
    expect(out).toMatchObject({ solved: 1, total: 2, generatedAt: t1.toISOString() });
    expect(out.exercises.map((r) => [r.id, r.status])).toEqual([
      ['a', 'new'],
      ['b', 'solved'],
    ]);
    expect(JSON.stringify(out)).not.toContain('secret draft');
  });
});
