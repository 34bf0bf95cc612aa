import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { ParseOptions } from '../config/parse';
import type { ConfigTree } from '../config/tree';
import type { AnyScenario, Expectation } from '../scenario/types';
import type { SimulateOptions } from '../sim/simulate';
import type { Simulation } from '../sim/types';
import { allPassed, checkExpectations, type GoalResult } from './goals';

/**
 * Text the exercise's author wrote in each site language (`{ zh, en }` in the YAML file):
 * content, kept with the exercise, not UI text.
 */
export interface ExerciseText {
  zh: string;
  en: string;
}

/**
 * An exercise is a scenario v1 file whose `config` is the reference solution, plus the fields
 * a learner needs (story, start config, hints, explanation). Checking runs the learner's config
 * through the same scenario — and through any extra `also` runs — and judges the goals.
 */

export type Level = 1 | 2 | 3;

/** A second client run against the same config, e.g. "a plain request still works". */
export interface ExtraRun {
  title: ExerciseText;
  client: unknown;
  backends?: unknown;
  expect: Expectation;
}

export interface Exercise {
  id: string;
  level: Level;
  title: ExerciseText;
  story: ExerciseText;
  start_config: string;
  hints: ExerciseText[];
  explanation: ExerciseText;
  /** The reference solution (the scenario's `config`). */
  solution: string;
  /** Other correct configs; unit tests prove they pass too. */
  alternatives: string[];
  /**
   * Symptom shown with the story, produced by simulating the start config (never hand-written,
   * so it is what nginx would print): the client's transcript or nginx's error.log.
   */
  evidence?: 'transcript' | 'error_log';
  expect: Expectation;
  also: ExtraRun[];
  /** The parsed scenario fields (title, backends, client, files …) used to build each run. */
  scenarioFields: Record<string, unknown>;
}

export interface ExerciseError {
  file: string;
  field: string;
  message: string;
}

/** The engine functions a check needs, passed in so this module stays a thin layer over them. */
export interface ExerciseEngine {
  loadScenario(text: string): { scenario: AnyScenario | null | undefined; errors: readonly unknown[] };
  simulate(scenario: AnyScenario, options?: SimulateOptions): Simulation;
  parseConfig(text: string, options?: ParseOptions): ConfigTree;
}

/** Fields that belong to the scenario format; everything else in the file is exercise data. */
const SCENARIO_KEYS = [
  'title',
  'config',
  'backends',
  'client',
  'nginx_version',
  'description',
  'expect',
  'files',
  // Scenario v2: several clients, run-wide events and the window.
  'clients',
  'events',
  'until',
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bilingual(v: unknown): ExerciseText | null {
  if (!isRecord(v)) return null;
  const { zh, en } = v;
  return typeof zh === 'string' && typeof en === 'string' && zh.trim() && en.trim() ? { zh, en } : null;
}

/** Reads and validates an exercise file; the scenario part is validated later by the engine. */
export function parseExercise(
  text: string,
  file = 'exercise.yaml',
): { exercise: Exercise | null; errors: ExerciseError[] } {
  const errors: ExerciseError[] = [];
  const fail = (field: string, message: string) => errors.push({ file, field, message });
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    fail('(file)', `not valid YAML: ${e instanceof Error ? e.message : String(e)}`);
    return { exercise: null, errors };
  }
  if (!isRecord(doc)) {
    fail('(file)', 'an exercise must be a YAML mapping');
    return { exercise: null, errors };
  }

  const id = doc.id;
  if (typeof id !== 'string' || !/^[a-z0-9-]+$/.test(id))
    fail('id', 'needs an id of lower-case letters, digits and "-"');
  const level = doc.level;
  if (level !== 1 && level !== 2 && level !== 3) fail('level', 'must be 1, 2 or 3');
  const need = (field: string): ExerciseText => {
    const b = bilingual(doc[field]);
    if (!b) fail(field, 'needs non-empty { zh, en } text');
    return b ?? { zh: '', en: '' };
  };
  const title = need('title');
  const story = need('story');
  const explanation = need('explanation');
  const hints = Array.isArray(doc.hints) ? doc.hints.map(bilingual) : [];
  if (hints.length === 0 || hints.some((h) => h === null)) fail('hints', 'needs a list of { zh, en } hints');
  if (typeof doc.config !== 'string' || !doc.config.trim()) fail('config', 'needs the reference solution');
  if (typeof doc.start_config !== 'string' || !doc.start_config.trim())
    fail('start_config', 'needs a start config');
  if (!isRecord(doc.expect) || Object.keys(doc.expect).length === 0)
    fail('expect', 'needs at least one goal');
  const alternatives = doc.alternatives ?? [];
  if (!Array.isArray(alternatives) || alternatives.some((a) => typeof a !== 'string')) {
    fail('alternatives', 'must be a list of config texts');
  }
  const also: ExtraRun[] = [];
  for (const [i, run] of (Array.isArray(doc.also) ? doc.also : []).entries()) {
    const t = isRecord(run) ? bilingual(run.title) : null;
    if (!isRecord(run) || !t || !isRecord(run.client) || !isRecord(run.expect)) {
      fail(`also[${i}]`, 'needs title { zh, en }, client and expect');
      continue;
    }
    also.push({ title: t, client: run.client, backends: run.backends, expect: run.expect as Expectation });
  }
  let evidence: Exercise['evidence'];
  if (doc.evidence !== undefined) {
    if (doc.evidence === 'transcript' || doc.evidence === 'error_log') evidence = doc.evidence;
    else fail('evidence', 'must be "transcript" or "error_log"');
  }
  if (errors.length > 0) return { exercise: null, errors };

  const scenarioFields: Record<string, unknown> = {};
  for (const key of SCENARIO_KEYS) if (doc[key] !== undefined) scenarioFields[key] = doc[key];
  return {
    exercise: {
      id: id as string,
      level: level as Level,
      title,
      story,
      start_config: doc.start_config as string,
      hints: hints as ExerciseText[],
      explanation,
      solution: doc.config as string,
      alternatives: alternatives as string[],
      ...(evidence ? { evidence } : {}),
      expect: doc.expect as Expectation,
      also,
      scenarioFields,
    },
    errors,
  };
}

/** Scenario text for one run of the exercise with `config` in place of the solution. */
export function scenarioText(exercise: Exercise, config: string, run?: ExtraRun): string {
  const fields: Record<string, unknown> = { ...exercise.scenarioFields, config };
  if (run) {
    fields.client = run.client;
    if (run.backends !== undefined) fields.backends = run.backends;
    fields.expect = run.expect;
  }
  // Scenario v2 has no `expect` field: its goals stay with the exercise.
  if (fields.clients !== undefined || fields.events !== undefined) delete fields.expect;
  return stringifyYaml(fields);
}

export interface RunReport {
  /** null for the main run; the extra run's title otherwise. */
  title: ExerciseText | null;
  results: GoalResult[];
  simulation: Simulation | null;
  /** Scenario errors (a learner's config never causes these; a broken exercise file does). */
  errors: string[];
}

export interface ExerciseCheck {
  solved: boolean;
  runs: RunReport[];
}

function runOne(
  exercise: Exercise,
  config: string,
  expect: Expectation,
  engine: ExerciseEngine,
  run?: ExtraRun,
): RunReport {
  const title = run ? run.title : null;
  const loaded = engine.loadScenario(scenarioText(exercise, config, run));
  if (!loaded.scenario || loaded.errors.length > 0) {
    const errors = loaded.errors.map((e) =>
      isRecord(e) && typeof e.message === 'string' ? e.message : JSON.stringify(e),
    );
    return {
      title,
      results: [],
      simulation: null,
      errors: errors.length ? errors : ['scenario did not load'],
    };
  }
  const simulation = engine.simulate(loaded.scenario);
  const files = isRecord(exercise.scenarioFields.files) ? exercise.scenarioFields.files : {};
  const parsed = engine.parseConfig(config, {
    resolveInclude: (pattern) => {
      const text = files[pattern];
      return typeof text === 'string' ? [{ file: pattern, text }] : null;
    },
  });
  const nginxVersion =
    typeof loaded.scenario.nginx_version === 'string' ? loaded.scenario.nginx_version : undefined;
  const results = checkExpectations(expect, simulation, {
    parsed,
    ...(nginxVersion ? { nginxVersion } : {}),
  });
  return { title, results, simulation, errors: [] };
}

/** Runs the learner's config through every run of the exercise and judges all goals. */
export function checkExercise(exercise: Exercise, config: string, engine: ExerciseEngine): ExerciseCheck {
  const runs = [runOne(exercise, config, exercise.expect, engine)];
  for (const run of exercise.also) runs.push(runOne(exercise, config, run.expect, engine, run));
  const solved = runs.every((r) => r.errors.length === 0 && allPassed(r.results));
  return { solved, runs };
}
