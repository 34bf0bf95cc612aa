import type { ExerciseCheck } from '../../../playground/src/index';

/** Messages between the exercise page and its check worker. */
export interface CheckRequest {
  id: number;
  /** The exercise file (YAML), as the page embeds it. */
  exercise: string;
  /** The config to check: the learner's, or the start config for the evidence panel. */
  config: string;
}

export type CheckResponse =
  | { id: number; ok: true; check: ExerciseCheck }
  | { id: number; ok: false; message: string };
