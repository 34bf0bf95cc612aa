/**
 * Exercise progress, kept in localStorage so it survives reloads. Pure functions over a
 * Storage-like object, so tests need no browser. Anything unreadable in storage is dropped
 * field by field (and reported) rather than wiping the learner's progress, and the stored
 * text is copied to a backup key before anything is written over it.
 */
import { exceedsBytes, formatBytes, MAX_CONFIG_BYTES, utf8Bytes } from '../../../playground/src/index';

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

/** Hints an exercise can have at most (they hold two or three); more is a corrupt count. */
export const MAX_HINTS = 20;

/** A value found in storage that could not be used, and what was kept instead. */
export interface ProgressProblem {
  /** Exercise id; `''` for the store as a whole. */
  id: string;
  /** The field (`hintsShown`, `solvedAt`…), or `''` when the store could not be read at all. */
  field: string;
  /** What was there, shortened for display. */
  value: string;
}

export interface LoadedProgress {
  progress: Progress;
  /** Values that were dropped (each field falls back to its empty value; the rest is kept). */
  problems: ProgressProblem[];
  /** Where the stored text was copied before anything is written over it; null when intact. */
  backupKey: string | null;
}

function shown(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

const isCount = (v: unknown, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/** An ISO date as `recordCheck` writes it, and nothing else (no HTML, no "tomorrow"). */
function isIsoDate(v: unknown): v is string {
  return (
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(v) &&
    !Number.isNaN(Date.parse(v))
  );
}

/** One exercise's entry, field by field; a bad field falls back and is reported. */
function readEntry(id: string, raw: unknown, problems: ProgressProblem[]): ExerciseProgress {
  const e = emptyEntry();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ id, field: '', value: shown(raw) });
    return e;
  }
  const r = raw as Record<string, unknown>;
  const take = <K extends keyof ExerciseProgress>(
    field: K,
    ok: (v: unknown) => boolean,
    set: (v: never) => void,
  ) => {
    const v = r[field];
    if (v === undefined || (v === null && e[field] === null)) return;
    if (ok(v)) set(v as never);
    else problems.push({ id, field, value: shown(v) });
  };
  take(
    'solved',
    (v) => typeof v === 'boolean',
    (v: boolean) => (e.solved = v),
  );
  take('solvedAt', isIsoDate, (v: string) => (e.solvedAt = v));
  take(
    'attempts',
    (v) => isCount(v, MAX_COUNT),
    (v: number) => (e.attempts = v),
  );
  take(
    'hintsShown',
    (v) => isCount(v, MAX_HINTS),
    (v: number) => (e.hintsShown = v),
  );
  take(
    'solutionShown',
    (v) => typeof v === 'boolean',
    (v: boolean) => (e.solutionShown = v),
  );
  // A draft the simulator would refuse is no use to the learner and slows every load.
  if (typeof r.draft === 'string' && exceedsBytes(r.draft, MAX_CONFIG_BYTES)) {
    problems.push({ id, field: 'draft', value: formatBytes(utf8Bytes(r.draft)) });
  } else
    take(
      'draft',
      (v) => typeof v === 'string',
      (v: string) => (e.draft = v),
    );
  take(
    'last',
    (v) => {
      const l = v as Record<string, unknown> | null;
      return (
        typeof l === 'object' &&
        l !== null &&
        isCount(l.total, MAX_COUNT) &&
        isCount(l.passed, l.total as number)
      );
    },
    (v: { passed: number; total: number }) => (e.last = { passed: v.passed, total: v.total }),
  );
  return e;
}

/** Attempts and goal counts above this are corrupt, not keen. */
const MAX_COUNT = 1_000_000;

type Parsed = { ok: true; progress: Progress; problems: ProgressProblem[] } | { ok: false; value: string };

function parseStored(text: string | null): Parsed {
  const progress: Progress = { version: 1, exercises: {} };
  if (text === null) return { ok: true, progress, problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, value: shown(text) };
  }
  const exercises = (raw as { exercises?: unknown } | null)?.exercises;
  if (typeof exercises !== 'object' || exercises === null || Array.isArray(exercises)) {
    return { ok: false, value: shown(raw) };
  }
  const problems: ProgressProblem[] = [];
  for (const [id, entry] of Object.entries(exercises)) {
    // Object.entries never yields inherited keys; a literal `__proto__` key is just an id here.
    Object.defineProperty(progress.exercises, id, {
      value: readEntry(id, entry, problems),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { ok: true, progress, problems };
}

function storedText(storage: StorageLike | null): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/**
 * Copies a stored text that loading could not use in full to a backup key, before anything
 * is written over it: unreadable progress is never lost silently. Returns the key (an
 * existing backup of the same text counts), or null when no copy could be made.
 */
function backUp(storage: StorageLike, text: string): string | null {
  for (let n = 1; n <= 5; n++) {
    const key = n === 1 ? BACKUP_KEY : `${BACKUP_KEY}:${n}`;
    try {
      const existing = storage.getItem(key);
      if (existing === text) return key;
      if (existing !== null) continue;
      storage.setItem(key, text);
      return key;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * When storage is too full for a second copy (a 3 MB draft next to its own copy), the store
 * is moved instead: the repaired progress is written first, which frees the space, then the
 * old text goes to the backup key; if even that fails, the old text is put back as it was.
 */
function moveAside(storage: StorageLike, text: string, repaired: Progress): string | null {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(repaired));
  } catch {
    return null;
  }
  const key = backUp(storage, text);
  if (key !== null) return key;
  try {
    storage.setItem(STORAGE_KEY, text);
  } catch {
    // It fitted a moment ago; nothing more can be done without losing something.
  }
  return null;
}

/** Where a store that could not be read in full is copied (`…:backup`, then `…:backup:2`…). */
export const BACKUP_KEY = `${STORAGE_KEY}:backup`;

/**
 * Reads the stored progress field by field: what is valid is kept, each value that is not
 * is reported and falls back to its empty value, and a store that is not even JSON reads as
 * empty. Either way the stored text is first copied to a backup key.
 */
export function readProgress(storage: StorageLike | null): LoadedProgress {
  const text = storedText(storage);
  const parsed = parseStored(text);
  const problems = parsed.ok ? parsed.problems : [{ id: '', field: '', value: parsed.value }];
  const progress = parsed.ok ? parsed.progress : { version: 1 as const, exercises: {} };
  const backupKey =
    problems.length > 0 && storage && text !== null
      ? (backUp(storage, text) ?? moveAside(storage, text, progress))
      : null;
  return { progress, problems, backupKey };
}

export function loadProgress(storage: StorageLike | null): Progress {
  return readProgress(storage).progress;
}

/**
 * Writes the progress. Refuses (false) when the stored text could not be read in full and
 * could not be copied to a backup key first: the learner's old progress is never replaced
 * without a copy.
 */
export function saveProgress(storage: StorageLike | null, progress: Progress): boolean {
  if (!storage) return false;
  const text = storedText(storage);
  const parsed = parseStored(text);
  if (text !== null && (!parsed.ok || parsed.problems.length > 0) && backUp(storage, text) === null)
    return false;
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(progress));
    return true;
  } catch {
    // Storage full or disabled (private mode): progress then lasts for this page only.
    return false;
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
