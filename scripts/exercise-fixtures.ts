/**
 * Records what real nginx does with every variant of an exercise (start config, reference
 * solution, each alternative, over the main run and every `also` run) into
 * playground/src/exercises/fixtures/real/<id>--<variant>[--also<N>].json (nginx 1.22.1) and
 * fixtures/real/<version>/… (every other pinned version of scripts/nginx-versions/), the fixtures
 * that playground/src/exercises/real-outcomes.test.ts judges the goals on. An exercise pinned to a
 * version (`nginx_version`) is recorded on that version only.
 *
 *   npx tsx scripts/exercise-fixtures.ts [ID…]     # default: every exercise, every version
 *
 * Each variant is played by `nginx-ws-lab conformance` (which also compares it with the
 * simulator: a disagreement fails this script, so no fixture is written from a run the
 * simulator cannot predict). The main scenario's own outcome, for the recorded-scenario test,
 * is recorded separately: `npx nginx-ws-lab conformance content/scenarios/exercises/FILE --record
 * content/scenarios/exercises/recorded`.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DEFAULT_NGINX_VERSION, type Exercise, parseExercise, scenarioText } from '../playground/src/index';

const root = resolve(import.meta.dirname, '..');
const exercisesDir = join(root, 'content/scenarios/exercises');
const fixturesDir = join(root, 'playground/src/exercises/fixtures/real');

function variants(ex: Exercise): Array<[string, string]> {
  return [
    ['ref', ex.solution],
    ['start', ex.start_config],
    ...ex.alternatives.map((a, i): [string, string] => [`alt${i}`, a]),
  ];
}

/** Scenario text without the goals: a start config misses them on purpose, which is no error here. */
function withoutGoals(text: string): string {
  const doc = parseYaml(text) as Record<string, unknown>;
  delete doc.expect;
  return stringifyYaml(doc);
}

const wanted = new Set(process.argv.slice(2));
const exercises = readdirSync(exercisesDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const { exercise, errors } = parseExercise(readFileSync(join(exercisesDir, f), 'utf8'), f);
    if (!exercise) throw new Error(errors.map((e) => `${e.file}: ${e.field}: ${e.message}`).join('\n'));
    return exercise;
  })
  .filter((ex) => wanted.size === 0 || wanted.has(ex.id));
const unknown = [...wanted].filter((id) => !exercises.some((ex) => ex.id === id));
if (unknown.length) throw new Error(`no exercise with id ${unknown.join(', ')}`);

const work = mkdtempSync(join(tmpdir(), 'exercise-fixtures-'));
try {
  const scenarios = join(work, 'scenarios');
  const outcomes = join(work, 'outcomes');
  const configs = new Map<string, string>();
  spawnSync('mkdir', ['-p', scenarios, outcomes]);
  for (const ex of exercises) {
    for (const [variant, config] of variants(ex)) {
      const runs = [undefined, ...ex.also];
      runs.forEach((run, i) => {
        const name = `${ex.id}--${variant}${run ? `--also${i - 1}` : ''}`;
        configs.set(name, config);
        writeFileSync(join(scenarios, `${name}.yaml`), withoutGoals(scenarioText(ex, config, run)));
      });
    }
  }
  const cli = join(root, 'bin/nginx-ws-lab.mjs');
  const run = spawnSync(
    process.execPath,
    [cli, 'conformance', scenarios, '--versions', 'all', '--record', outcomes, '--jobs', '4'],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) throw new Error(`conformance exited with ${run.status}: no fixture written`);
  let written = 0;
  for (const version of readdirSync(outcomes)) {
    const target = version === DEFAULT_NGINX_VERSION ? fixturesDir : join(fixturesDir, version);
    mkdirSync(target, { recursive: true });
    for (const [name, config] of configs) {
      const recorded = join(outcomes, version, `${name}.json`);
      // A pinned exercise plays on its version only.
      if (!existsSync(recorded)) continue;
      const outcome = JSON.parse(readFileSync(recorded, 'utf8'));
      writeFileSync(join(target, `${name}.json`), `${JSON.stringify({ config, outcome }, null, 2)}\n`);
      written++;
    }
  }
  console.log(`${written} fixtures written under ${fixturesDir}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
