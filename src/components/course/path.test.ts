import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExercise } from '../../../playground/src/index';
import { guidesInEveryLanguage } from './course';
import { hoursAndMinutes, minutesOf, parseCoursePath } from './path';

const root = new URL('../../../', import.meta.url);
const exercisesDir = new URL('content/scenarios/exercises/', root);
const exercises = readdirSync(exercisesDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parseExercise(readFileSync(new URL(f, exercisesDir), 'utf8'), f).exercise!);
const guideFiles = ['zh', 'en'].flatMap((lang) =>
  readdirSync(new URL(`content/docs/${lang}/guides/`, root)).map((f) => `/content/docs/${lang}/guides/${f}`),
);
const known = { exercises: new Set(exercises.map((e) => e.id)), guides: guidesInEveryLanguage(guideFiles) };
const source = readFileSync(new URL('content/course/path.yaml', root), 'utf8');

describe('the course path (content/course/path.yaml)', () => {
  const { path, errors } = parseCoursePath(source, known);

  it('names only exercises and guides that exist, each exercise exactly once', () => {
    expect(errors).toEqual([]);
    const ids = path.modules.flatMap((m) => m.steps.flatMap((s) => (s.kind === 'exercise' ? [s.id] : [])));
    expect(ids.sort()).toEqual([...known.exercises].sort());
  });

  it('teaches every guide but the reference pages, each before the exercises of its module', () => {
    const guides = new Set(
      path.modules.flatMap((m) => m.steps.flatMap((s) => (s.kind === 'guide' ? [s.slug] : []))),
    );
    const reference = new Set(['index', 'glossary', 'embedding']);
    expect([...known.guides].filter((g) => !reference.has(g) && !guides.has(g))).toEqual([]);
    for (const m of path.modules) {
      const kinds = m.steps.map((s) => s.kind);
      expect(kinds.indexOf('exercise') === -1 || kinds.lastIndexOf('guide') < kinds.indexOf('exercise')).toBe(
        true,
      );
    }
  });

  it('starts at level 1 and never steps back more than one level', () => {
    const level = new Map(exercises.map((e) => [e.id, e.level]));
    const levels = path.modules.flatMap((m) =>
      m.steps.flatMap((s) => (s.kind === 'exercise' ? [level.get(s.id)!] : [])),
    );
    expect(path.modules[0]!.steps.every((s) => s.kind === 'guide' || level.get(s.id) === 1)).toBe(true);
    let highest = 0;
    for (const l of levels) {
      expect(highest - l).toBeLessThanOrEqual(1);
      highest = Math.max(highest, l);
    }
  });

  it('ends with the final assessment, which holds level-3 exercises only', () => {
    const last = path.modules.at(-1)!;
    expect(last.assessment).toBe(true);
    expect(path.modules.filter((m) => m.assessment)).toHaveLength(1);
    const level = new Map(exercises.map((e) => [e.id, e.level]));
    for (const s of last.steps) expect(s.kind === 'exercise' && level.get(s.id)).toBe(3);
  });

  it('adds up the minutes', () => {
    const all = path.modules.flatMap((m) => m.steps);
    expect(minutesOf(all)).toBe(all.reduce((n, s) => n + s.minutes, 0));
    expect(hoursAndMinutes(800)).toEqual({ h: 13, m: 20 });
    expect(hoursAndMinutes(45)).toEqual({ h: 0, m: 45 });
  });
});

describe('parseCoursePath refuses a broken file, naming the place', () => {
  const small = { exercises: new Set(['a', 'b']), guides: new Set(['g']) };
  const module = (steps: string) =>
    `modules:\n  - id: m\n    title: { zh: 标题, en: Title }\n    goal: { zh: 目标, en: Goal }\n    steps:\n${steps}`;

  it('accepts a good one', () => {
    const { path, errors } = parseCoursePath(
      module(
        '      - { guide: g, minutes: 5 }\n      - { exercise: a, minutes: 5 }\n      - { exercise: b, minutes: 10 }\n',
      ),
      small,
    );
    expect(errors).toEqual([]);
    expect(path.modules[0]!.steps).toEqual([
      { kind: 'guide', slug: 'g', minutes: 5 },
      { kind: 'exercise', id: 'a', minutes: 5 },
      { kind: 'exercise', id: 'b', minutes: 10 },
    ]);
  });

  it.each([
    [
      'an unknown guide',
      '      - { guide: nope, minutes: 5 }\n',
      'modules[0].steps[0]: no guide "nope" in every language',
    ],
    [
      'an unknown exercise',
      '      - { exercise: zz, minutes: 5 }\n',
      'modules[0].steps[0]: no exercise with id "zz"',
    ],
    [
      'an exercise twice',
      '      - { exercise: a, minutes: 5 }\n      - { exercise: a, minutes: 5 }\n',
      'modules[0].steps[1]: exercise "a" is already in modules[0].steps[0]',
    ],
    [
      'no minutes',
      '      - { exercise: a }\n',
      'modules[0].steps[0]: needs minutes, a whole number from 1 to 240',
    ],
    ['a step of no kind', '      - { minutes: 5 }\n', 'modules[0].steps[0]: needs guide or exercise'],
    ['an exercise left out', '      - { exercise: a, minutes: 5 }\n', 'exercises not on the path: b'],
  ])('%s', (_, steps, message) => {
    expect(parseCoursePath(module(steps), small).errors).toContain(message);
  });

  it('says so for YAML that does not parse, or no modules', () => {
    expect(parseCoursePath('modules: [', small).errors[0]).toMatch(/^not valid YAML/);
    expect(parseCoursePath('title: x', small).errors).toEqual(['needs a non-empty list `modules`']);
  });

  it('needs both languages for a title', () => {
    const text = module('      - { exercise: a, minutes: 5 }\n      - { exercise: b, minutes: 5 }\n').replace(
      '{ zh: 标题, en: Title }',
      '{ en: Title }',
    );
    expect(parseCoursePath(text, small).errors).toEqual(['modules[0]: needs title { zh, en }']);
  });
});

describe('guidesInEveryLanguage', () => {
  it('keeps only guides present in both languages', () => {
    expect(
      guidesInEveryLanguage([
        '/content/docs/zh/guides/a.mdx',
        '/content/docs/en/guides/a.mdx',
        '/content/docs/en/guides/b.mdx',
      ]),
    ).toEqual(new Set(['a']));
  });
});
