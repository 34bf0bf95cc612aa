import { parse as parseYaml } from 'yaml';

/**
 * The course path (content/course/path.yaml): modules in order, each a few guides to read and
 * the exercises that practise them, with an estimated time per step. Read at build time; a
 * broken file fails the build with the field that is wrong, never a half-drawn page.
 */

export interface PathText {
  zh: string;
  en: string;
}

export type PathStep =
  | { kind: 'guide'; slug: string; minutes: number }
  | { kind: 'exercise'; id: string; minutes: number };

export interface PathModule {
  id: string;
  title: PathText;
  goal: PathText;
  assessment: boolean;
  steps: PathStep[];
}

export interface CoursePath {
  modules: PathModule[];
}

/** What the path may name: the exercises' ids and the guides present in every language. */
export interface Known {
  exercises: ReadonlySet<string>;
  guides: ReadonlySet<string>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): PathText | null {
  if (!isRecord(v)) return null;
  const { zh, en } = v;
  return typeof zh === 'string' && typeof en === 'string' && zh.trim() && en.trim() ? { zh, en } : null;
}

/** Reads and checks the path; `errors` name the module and step that is wrong. */
export function parseCoursePath(source: string, known: Known): { path: CoursePath; errors: string[] } {
  const errors: string[] = [];
  const path: CoursePath = { modules: [] };
  let doc: unknown;
  try {
    doc = parseYaml(source);
  } catch (e) {
    return { path, errors: [`not valid YAML: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const modules = isRecord(doc) ? doc.modules : undefined;
  if (!Array.isArray(modules) || modules.length === 0) {
    return { path, errors: ['needs a non-empty list `modules`'] };
  }
  const seenModules = new Set<string>();
  const seenExercises = new Map<string, string>();
  for (const [i, raw] of modules.entries()) {
    const where = `modules[${i}]`;
    if (!isRecord(raw)) {
      errors.push(`${where}: must be a mapping`);
      continue;
    }
    const id = typeof raw.id === 'string' && /^[a-z0-9-]+$/.test(raw.id) ? raw.id : null;
    if (!id) errors.push(`${where}: needs an id of lower-case letters, digits and "-"`);
    else if (seenModules.has(id)) errors.push(`${where}: duplicate module id "${id}"`);
    else seenModules.add(id);
    const title = text(raw.title);
    const goal = text(raw.goal);
    if (!title) errors.push(`${where}: needs title { zh, en }`);
    if (!goal) errors.push(`${where}: needs goal { zh, en }`);
    const steps: PathStep[] = [];
    const rawSteps = Array.isArray(raw.steps) ? raw.steps : [];
    if (rawSteps.length === 0) errors.push(`${where}: needs a non-empty list of steps`);
    for (const [j, step] of rawSteps.entries()) {
      const at = `${where}.steps[${j}]`;
      const minutes = isRecord(step) ? step.minutes : undefined;
      if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
        errors.push(`${at}: needs minutes, a whole number from 1 to 240`);
        continue;
      }
      if (isRecord(step) && typeof step.guide === 'string') {
        if (!known.guides.has(step.guide)) errors.push(`${at}: no guide "${step.guide}" in every language`);
        else steps.push({ kind: 'guide', slug: step.guide, minutes });
      } else if (isRecord(step) && typeof step.exercise === 'string') {
        const ex = step.exercise;
        if (!known.exercises.has(ex)) errors.push(`${at}: no exercise with id "${ex}"`);
        else if (seenExercises.has(ex))
          errors.push(`${at}: exercise "${ex}" is already in ${seenExercises.get(ex)}`);
        else {
          seenExercises.set(ex, at);
          steps.push({ kind: 'exercise', id: ex, minutes });
        }
      } else errors.push(`${at}: needs guide or exercise`);
    }
    if (id && title && goal) {
      path.modules.push({ id, title, goal, assessment: raw.assessment === true, steps });
    }
  }
  const missing = [...known.exercises].filter((ex) => !seenExercises.has(ex));
  if (missing.length) errors.push(`exercises not on the path: ${missing.sort().join(', ')}`);
  return { path, errors };
}

/** Minutes of a list of steps. */
export function minutesOf(steps: readonly PathStep[]): number {
  return steps.reduce((sum, s) => sum + s.minutes, 0);
}

/** Hours and minutes of a duration, for `{h} h {m} min` style texts. */
export function hoursAndMinutes(minutes: number): { h: number; m: number } {
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}

/** A stable key for a step, used in the DOM and in stored progress. */
export function stepKey(step: PathStep): string {
  return step.kind === 'guide' ? `guide:${step.slug}` : `exercise:${step.id}`;
}
