import { describe, expect, it } from 'vitest';
import { exercises } from '../../i18n/catalog';
import { translator } from '../../i18n/translate';
import {
  BACKUP_KEY,
  entryOf,
  exportResults,
  loadProgress,
  readProgress,
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
import { progressNotice } from './progress-notice';

const en = translator(exercises.en);
const zh = translator(exercises.zh);

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

describe('corrupt stored progress (review F10)', () => {
  const corrupt = {
    exercises: {
      a: {
        solved: true,
        solvedAt: '<img src=x onerror=alert(1)>',
        hintsShown: 1e308,
        attempts: -5,
        last: { passed: 'x', total: 1e308 },
        solutionShown: true,
      },
      b: { solved: true, solvedAt: '2026-01-02T03:04:05.000Z', attempts: 2, hintsShown: 1 },
    },
  };

  it('drops each bad value, says which, keeps the rest, and backs up the original first', () => {
    const text = JSON.stringify(corrupt);
    const storage = memoryStorage({ [STORAGE_KEY]: text });
    const loaded = readProgress(storage);
    expect(entryOf(loaded.progress, 'a')).toEqual({
      solved: true,
      solvedAt: null,
      attempts: 0,
      hintsShown: 0,
      solutionShown: true,
      draft: null,
      last: null,
    });
    expect(entryOf(loaded.progress, 'b')).toMatchObject({
      solvedAt: '2026-01-02T03:04:05.000Z',
      attempts: 2,
    });
    expect(loaded.problems).toEqual([
      { id: 'a', field: 'solvedAt', value: '"<img src=x onerror=alert(1)>"' },
      { id: 'a', field: 'attempts', value: '-5' },
      { id: 'a', field: 'hintsShown', value: '1e+308' },
      { id: 'a', field: 'last', value: '{"passed":"x","total":1e+308}' },
    ]);
    expect(loaded.backupKey).toBe(BACKUP_KEY);
    expect(storage.data[BACKUP_KEY]).toBe(text);
    // The next save writes the repaired progress; the backup still holds what was there.
    expect(saveProgress(storage, recordHint(loaded.progress, 'a', 1))).toBe(true);
    expect(readProgress(storage).problems).toEqual([]);
    expect(storage.data[BACKUP_KEY]).toBe(text);
    expect(progressNotice(loaded, en, 'a')).toBe(
      'Some saved progress values were not valid and were reset; the rest was kept: solvedAt = "<img src=x onerror=alert(1)>"; attempts = -5; hintsShown = 1e+308; last = {"passed":"x","total":1e+308}. The original was copied to the localStorage key “nginx-ws-lab:exercises:v1:backup”.',
    );
    expect(progressNotice(loaded, zh, 'b')).toBeNull();
    expect(progressNotice(loaded, zh)).toContain('a: hintsShown = 1e+308');
  });

  it('drops a draft the simulator would refuse, naming its size, and keeps the entry', () => {
    const storage = memoryStorage({
      [STORAGE_KEY]: JSON.stringify({
        exercises: { a: { attempts: 3, draft: 'x'.repeat(3 * 1024 * 1024) } },
      }),
    });
    const loaded = readProgress(storage);
    expect(entryOf(loaded.progress, 'a')).toMatchObject({ attempts: 3, draft: null });
    expect(loaded.problems).toEqual([{ id: 'a', field: 'draft', value: '3 MB' }]);
  });

  it('never overwrites progress that is not JSON without a copy (it used to be lost at the first check)', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: '{{{' });
    const loaded = readProgress(storage);
    expect(loaded.progress.exercises).toEqual({});
    expect(loaded.backupKey).toBe(BACKUP_KEY);
    expect(progressNotice(loaded, en)).toBe(
      'The exercise progress saved in this browser could not be read ("{{{" is not progress data). It was copied unchanged to the localStorage key “nginx-ws-lab:exercises:v1:backup”; new progress is recorded from now on.',
    );
    expect(saveProgress(storage, recordCheck(loaded.progress, 'a', 1, 1, t0))).toBe(true);
    expect(storage.data[BACKUP_KEY]).toBe('{{{');
    expect(entryOf(loadProgress(storage), 'a').solved).toBe(true);
  });

  it('a second, different unreadable store gets its own backup key; an older backup is kept', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: 'not json 2', [BACKUP_KEY]: 'not json 1' });
    expect(readProgress(storage).backupKey).toBe(`${BACKUP_KEY}:2`);
    expect(storage.data[BACKUP_KEY]).toBe('not json 1');
    expect(storage.data[`${BACKUP_KEY}:2`]).toBe('not json 2');
  });

  it('refuses to save when no backup can be made (storage full), leaving the old text as it was', () => {
    const data: Record<string, string> = { [STORAGE_KEY]: '{{{' };
    const full: StorageLike = {
      getItem: (k) => data[k] ?? null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    const loaded = readProgress(full);
    expect(loaded.backupKey).toBeNull();
    expect(progressNotice(loaded, en)).toMatch(/will not save new progress/);
    expect(saveProgress(full, recordCheck(loaded.progress, 'a', 1, 1, t0))).toBe(false);
    expect(data[STORAGE_KEY]).toBe('{{{');
  });

  it('ids such as __proto__ stay plain entries', () => {
    const storage = memoryStorage({
      [STORAGE_KEY]: '{"exercises":{"__proto__":{"attempts":1},"constructor":{"attempts":2}}}',
    });
    const p = loadProgress(storage);
    expect(Object.keys(p.exercises).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(p.exercises)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).attempts).toBeUndefined();
  });
});

describe('a store too large to copy (review F10: a 3 MB draft)', () => {
  it('is moved aside: the repaired progress is written first, then the old text to the backup key', () => {
    const draft = 'x'.repeat(3 * 1024 * 1024);
    const original = JSON.stringify({ exercises: { a: { attempts: 2, draft } } });
    // A quota of about twice the store: the original and its copy do not fit together.
    const data: Record<string, string> = { [STORAGE_KEY]: original };
    const quota = original.length * 1.5;
    const storage: StorageLike = {
      getItem: (k) => data[k] ?? null,
      setItem: (k, v) => {
        const used = Object.entries(data).reduce((n, [key, value]) => n + (key === k ? 0 : value.length), 0);
        if (used + v.length > quota) throw new Error('QuotaExceededError');
        data[k] = v;
      },
      removeItem: (k) => {
        delete data[k];
      },
    };
    const loaded = readProgress(storage);
    expect(loaded.backupKey).toBe(BACKUP_KEY);
    expect(data[BACKUP_KEY]).toBe(original);
    expect(entryOf(loadProgress(storage), 'a')).toMatchObject({ attempts: 2, draft: null });
    expect(readProgress(storage).problems).toEqual([]);
  });
});
