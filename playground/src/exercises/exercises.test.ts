import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseConfig, simulate } from '../index';
import { checkExercise, type ExerciseEngine, parseExercise } from './exercise';

/**
 * Every exercise in content/scenarios/exercises is played through the engine: the reference
 * solution and each listed alternative must meet every goal (so goals judge outcomes, not
 * text), and the start config must miss at least one (so there is something to fix).
 */
const dir = new URL('../../../content/scenarios/exercises/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const engine: ExerciseEngine = { loadScenario, simulate, parseConfig };

const failedGoals = (check: ReturnType<typeof checkExercise>) =>
  check.runs.flatMap((run) => [
    ...run.errors.map((e) => `scenario error: ${e}`),
    ...run.results.filter((r) => !r.ok).map((r) => `${r.goal}: ${r.message.en}`),
  ]);

describe('exercise catalogue', () => {
  it('has at least 15 exercises over three levels, with unique ids', () => {
    const parsed = files.map((f) => parseExercise(readFileSync(new URL(f, dir), 'utf8'), f));
    for (const p of parsed) expect(p.errors).toEqual([]);
    const exercises = parsed.map((p) => p.exercise!);
    expect(exercises.length).toBeGreaterThanOrEqual(15);
    expect(new Set(exercises.map((e) => e.level))).toEqual(new Set([1, 2, 3]));
    expect(new Set(exercises.map((e) => e.id)).size).toBe(exercises.length);
  });
});

describe.each(files)('%s', (file) => {
  const { exercise, errors } = parseExercise(readFileSync(new URL(file, dir), 'utf8'), file);

  it('is a valid exercise', () => {
    expect(errors).toEqual([]);
  });

  it('reference solution meets every goal', () => {
    const check = checkExercise(exercise!, exercise!.solution, engine);
    expect(failedGoals(check)).toEqual([]);
    expect(check.solved).toBe(true);
  });

  it('start config misses at least one goal', () => {
    const check = checkExercise(exercise!, exercise!.start_config, engine);
    expect(check.runs.every((r) => r.errors.length === 0)).toBe(true);
    expect(check.solved).toBe(false);
  });

  it('every alternative solution meets every goal', () => {
    for (const alternative of exercise!.alternatives) {
      expect(failedGoals(checkExercise(exercise!, alternative, engine))).toEqual([]);
    }
  });
});
