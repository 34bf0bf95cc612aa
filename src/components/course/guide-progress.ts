/**
 * Which guides of the course path a learner has marked as read, kept in localStorage next to
 * the exercise progress (which stays in its own key and format). Pure functions over a
 * Storage-like object; anything unreadable is dropped entry by entry.
 */
import type { StorageLike } from '../exercises/progress';

export const GUIDES_KEY = 'nginx-ws-lab:course:v1';

export interface GuideProgress {
  version: 1;
  /** Guide slug → ISO time it was marked read. */
  read: Record<string, string>;
}

export function loadGuideProgress(storage: StorageLike | null): GuideProgress {
  const progress: GuideProgress = { version: 1, read: {} };
  let raw: unknown = null;
  try {
    const text = storage?.getItem(GUIDES_KEY);
    raw = text ? JSON.parse(text) : null;
  } catch {
    raw = null;
  }
  const read = (raw as { read?: unknown } | null)?.read;
  if (typeof read === 'object' && read !== null && !Array.isArray(read)) {
    for (const [slug, when] of Object.entries(read)) {
      if (typeof when === 'string' && /^[a-z0-9-]+$/.test(slug)) progress.read[slug] = when;
    }
  }
  return progress;
}

function save(storage: StorageLike | null, progress: GuideProgress): void {
  try {
    storage?.setItem(GUIDES_KEY, JSON.stringify(progress));
  } catch {
    // Storage full or disabled: the mark then lasts for this page only.
  }
}

/** Marks a guide read (keeping the first time) or unread, and stores the result. */
export function markGuide(
  storage: StorageLike | null,
  progress: GuideProgress,
  slug: string,
  read: boolean,
  now: Date,
): GuideProgress {
  const next: GuideProgress = { version: 1, read: { ...progress.read } };
  if (read) next.read[slug] ??= now.toISOString();
  else delete next.read[slug];
  save(storage, next);
  return next;
}

export function resetGuideProgress(storage: StorageLike | null): GuideProgress {
  try {
    storage?.removeItem(GUIDES_KEY);
  } catch {
    // nothing stored, nothing to clear
  }
  return { version: 1, read: {} };
}
