import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../../src/i18n/dictionaries.mjs';
import { renderMessage } from '../../../src/i18n/translate';
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
    ...run.results
      .filter((r) => !r.ok)
      .map((r) => `${r.goal}: ${renderMessage(dictionaries.en.goal, r.message)}`),
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

/** Tempting fixes that are wrong: each must leave at least one goal unmet. */
const wrongFixes: Array<[string, (start: string) => string, string]> = [
  // Plain requests lose Connection: close, but WebSocket loses its upgrade too (the `also` run).
  [
    'keepalive-upstream',
    (c) => c.replace('Connection $connection_upgrade', 'Connection ""'),
    'upstream_headers.connection',
  ],
  // A bit longer is not long enough: the tunnel still dies before 5.5 s.
  ['idle-timeout', (c) => c.replace('proxy_read_timeout 2s', 'proxy_read_timeout 3s'), 'alive_at'],
  // Timeout equal to the heartbeat interval: the first ping arrives as the timer fires.
  ['heartbeat-interval', (c) => c.replace('proxy_read_timeout 1s', 'proxy_read_timeout 1500ms'), 'alive_at'],
  // Dropping the trailing slash alone fixes the path, not the HTTP version or Host.
  ['capstone', (c) => c.replace('18081/;', '18081;'), 'upstream_request_line'],
  // Making the regex location come first changes nothing: regexes are checked after prefixes anyway.
  ['location-precedence', (c) => c.replace('location /ws/', 'location /ws/v2/'), 'upstream_backend'],
];

describe('tempting wrong fixes fail a goal', () => {
  it.each(wrongFixes)('%s', (id, change, goal) => {
    const exercise = files
      .map((f) => parseExercise(readFileSync(new URL(f, dir), 'utf8'), f).exercise)
      .find((e) => e?.id === id);
    const config = change(exercise!.start_config);
    expect(config).not.toBe(exercise!.start_config);
    const check = checkExercise(exercise!, config, engine);
    expect(check.solved).toBe(false);
    expect(check.runs.flatMap((r) => r.results).find((r) => r.goal === goal && !r.ok)).toBeDefined();
  });
});
