/**
 * Exercise progress, kept in localStorage so it survives reloads. Pure functions over a
 * Storage-like object, so tests need no browser. Anything unreadable in storage is ignored
 * field by field rather than wiping the learner's progress.
 */

export const STORAGE_KEY = 'nginx-ws-lab:exercises:v1';

export interface ExerciseProgress {
  solved: boolean;
  /** ISO time of the first successful check. */
  solvedAt: string | null;
  /** Number of checks run. */
  attempts: number;
  hintsShown: number;
  solutionShown: boolean;
  /** The learner's current config, so a reload keeps their edits. */
  draft: string | null;
  /** Goals met / total at the last check. */
  last: { passed: number; total: number } | null;
}

export interface Progress {
  version: 1;
  exercises: Record<string, ExerciseProgress>;
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function emptyEntry(): ExerciseProgress {
  return {
    solved: false,
    solvedAt: null,
    attempts: 0,
    hintsShown: 0,
    solutionShown: false,
    draft: null,
    last: null,
  };
}

function readEntry(raw: unknown): ExerciseProgress {
  const e = emptyEntry();
  if (typeof raw !== 'object' || raw === null) return e;
  const r = raw as Record<string, unknown>;
  if (typeof r.solved === 'boolean') e.solved = r.solved;
  if (typeof r.solvedAt === 'string') e.solvedAt = r.solvedAt;
  if (typeof r.attempts === 'number' && r.attempts >= 0) e.attempts = Math.floor(r.attempts);
  if (typeof r.hintsShown === 'number' && r.hintsShown >= 0) e.hintsShown = Math.floor(r.hintsShown);
  if (typeof r.solutionShown === 'boolean') e.solutionShown = r.solutionShown;
  if (typeof r.draft === 'string') e.draft = r.draft;
  const last = r.last as Record<string, unknown> | null | undefined;
  if (last && typeof last.passed === 'number' && typeof last.total === 'number') {
    e.last = { passed: last.passed, total: last.total };
  }
  return e;
}

export function loadProgress(storage: StorageLike | null): Progress {
  const progress: Progress = { version: 1, exercises: {} };
  let raw: unknown = null;
  try {
    const text = storage?.getItem(STORAGE_KEY);
    raw = text ? JSON.parse(text) : null;
  } catch {
    raw = null;
  }
  const exercises = (raw as { exercises?: unknown } | null)?.exercises;
  if (typeof exercises === 'object' && exercises !== null) {
    for (const [id, entry] of Object.entries(exercises)) progress.exercises[id] = readEntry(entry);
  }
  return progress;
}

export function saveProgress(storage: StorageLike | null, progress: Progress): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(progress));
  } catch {
    // Storage full or disabled (private mode): progress then lasts for this page only.
  }
}

export function entryOf(progress: Progress, id: string): ExerciseProgress {
  return progress.exercises[id] ?? emptyEntry();
}

function update(progress: Progress, id: string, change: (e: ExerciseProgress) => void): Progress {
  const entry = { ...entryOf(progress, id) };
  change(entry);
  return { ...progress, exercises: { ...progress.exercises, [id]: entry } };
}

/** Records one check. Once solved, an exercise stays solved even if later edits break it. */
export function recordCheck(
  progress: Progress,
  id: string,
  passed: number,
  total: number,
  now: Date,
): Progress {
  return update(progress, id, (e) => {
    e.attempts += 1;
    e.last = { passed, total };
    const solved = total > 0 && passed === total;
    if (solved && !e.solved) {
      e.solved = true;
      e.solvedAt = now.toISOString();
    }
  });
}

export function recordHint(progress: Progress, id: string, hintsShown: number): Progress {
  return update(progress, id, (e) => {
    e.hintsShown = Math.max(e.hintsShown, hintsShown);
  });
}

export function recordSolutionShown(progress: Progress, id: string): Progress {
  return update(progress, id, (e) => {
    e.solutionShown = true;
  });
}

export function recordDraft(progress: Progress, id: string, draft: string | null): Progress {
  return update(progress, id, (e) => {
    e.draft = draft;
  });
}

export function resetProgress(storage: StorageLike | null): Progress {
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored, nothing to clear
  }
  return { version: 1, exercises: {} };
}

export type Status = 'solved' | 'tried' | 'new';

export function statusOf(entry: ExerciseProgress): Status {
  return entry.solved ? 'solved' : entry.attempts > 0 ? 'tried' : 'new';
}

export interface CatalogueItem {
  id: string;
  level: 1 | 2 | 3;
  title: { zh: string; en: string };
}

/** The results a trainer downloads: one row per exercise, in course order, drafts left out. */
export function exportResults(progress: Progress, catalogue: readonly CatalogueItem[], now: Date) {
  const rows = catalogue.map((item) => {
    const e = entryOf(progress, item.id);
    return {
      id: item.id,
      level: item.level,
      title: item.title,
      status: statusOf(e),
      solvedAt: e.solvedAt,
      attempts: e.attempts,
      hintsShown: e.hintsShown,
      solutionShown: e.solutionShown,
      lastCheck: e.last,
    };
  });
  return {
    format: 'nginx-ws-lab-exercise-results@1',
    generatedAt: now.toISOString(),
    solved: rows.filter((r) => r.status === 'solved').length,
    total: rows.length,
    exercises: rows,
  };
}
