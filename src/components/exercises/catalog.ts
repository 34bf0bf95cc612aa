import { type Exercise, parseExercise } from '../../../playground/src/index';

/**
 * The course: every file in content/scenarios/exercises, read at build time, in file-name
 * order (files are named l<level>-<nn>-<id>.yaml). A broken file fails the build with its
 * name and field rather than publishing a half-working exercise.
 */
const files = import.meta.glob<string>('/content/scenarios/exercises/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export interface CatalogueEntry {
  exercise: Exercise;
  /** The file text, embedded in the page for the check worker. */
  text: string;
  file: string;
}

/** Paths that are pages of their own under /exercises/, so no exercise may take them. */
const RESERVED = new Set(['report']);

function build(): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.replace(/^\//, '');
    const { exercise, errors } = parseExercise(text, file);
    if (!exercise) {
      throw new Error(errors.map((e) => `${e.file}: ${e.field}: ${e.message}`).join('\n'));
    }
    if (RESERVED.has(exercise.id)) throw new Error(`${file}: id "${exercise.id}" is reserved for a page`);
    if (entries.some((e) => e.exercise.id === exercise.id))
      throw new Error(`${file}: duplicate id "${exercise.id}"`);
    entries.push({ exercise, text, file });
  }
  return entries.sort((a, b) => a.exercise.level - b.exercise.level);
}

export const catalogue: readonly CatalogueEntry[] = build();

/** What the client-side course and report need: ids, levels and titles, in course order. */
export const catalogueSummary = catalogue.map(({ exercise }) => ({
  id: exercise.id,
  level: exercise.level,
  title: exercise.title,
}));

/** JSON for a <script type="application/json"> island; `<` escaped so text can never end the tag. */
export function jsonIsland(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
