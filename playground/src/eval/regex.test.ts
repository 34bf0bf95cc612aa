import { describe, expect, it } from 'vitest';
import { simulate } from '../sim/simulate';
import { scenario } from '../sim/test-helpers';
import {
  defaultRegexRunner,
  hasNestedQuantifier,
  MAX_SUBJECT_LENGTH,
  pcreToJs,
  type RegexRun,
  type RegexRunner,
  watchedRegexRunner,
} from './regex';

describe('PCRE to JS', () => {
  it('translates named groups, \\A \\z, POSIX classes and a leading (?i)', () => {
    expect(pcreToJs('(?P<id>\\d+)\\z', false)).toEqual({ source: '(?<id>\\d+)$', flags: '' });
    expect(pcreToJs('(?i)^[[:alpha:]]+', false)).toEqual({ source: '^[A-Za-z]+', flags: 'i' });
  });

  it('refuses what JS cannot express', () => {
    expect(pcreToJs('a++', false)).toHaveProperty('error');
    expect(pcreToJs('(?>a)', false)).toHaveProperty('error');
  });
});

describe('catastrophic patterns', () => {
  it('finds nested quantifiers and leaves ordinary patterns alone', () => {
    for (const p of ['(a+)+$', '(\\w*)*x', '((ab)*c)+', '(x|y+){2,}'])
      expect(hasNestedQuantifier(p)).toBe(true);
    for (const p of ['^/api/(\\w+)/(\\d+)$', '(a)+', '[(+]*', '\\(a+\\)+', '(ab){2}'])
      expect(hasNestedQuantifier(p)).toBe(false);
  });

  it('reports the line and does not run the pattern with the default runner', () => {
    const sim = simulate(
      scenario(
        `server {\n listen 18080;\n location ~ ^/(a+)+$ { return 200 "x"; }\n location / { return 204; }\n}`,
        {
          path: `/${'a'.repeat(40)}b`,
          headers: [['Host', 'h']],
        },
      ),
    );
    expect(sim.errors).toContainEqual(expect.objectContaining({ code: 'engine-regex-refused', line: 3 }));
    expect('response' in sim.outcome && sim.outcome.response?.status).toBe(204);
  });

  it('uses an injected runner instead', () => {
    const seen: string[] = [];
    const runner: RegexRunner = {
      compile(pattern) {
        seen.push(pattern);
        return { exec: (s) => (s.startsWith('/a') ? { captures: [s], groups: {} } : null) };
      },
    };
    const sim = simulate(
      scenario(`server { listen 18080; location ~ ^/(a+)+$ { return 200 "x"; } }`, {
        path: '/aaa',
        headers: [['Host', 'h']],
      }),
      { regex: runner },
    );
    expect(seen).toContain('^/(a+)+$');
    expect('response' in sim.outcome && sim.outcome.response?.status).toBe(200);
  });

  it('caps subject length', () => {
    const compiled = defaultRegexRunner.compile('b$', false);
    if ('error' in compiled) throw new Error(compiled.error);
    expect(compiled.exec(`${'a'.repeat(10000)}b`)).toBeNull();
  });
});

describe('watchedRegexRunner', () => {
  it('reports each regex with its config line and subject length before it runs, and null after', () => {
    const heard: Array<RegexRun | null> = [];
    const runner = watchedRegexRunner(defaultRegexRunner, (run) => heard.push(run));
    const compiled = runner.compile('^/chat/(.*)$', false, { file: 'conf.d/ws.conf', line: 12 });
    if ('error' in compiled) throw new Error(compiled.error);
    expect(heard).toEqual([]);
    expect(compiled.exec('/chat/room')?.captures).toEqual(['/chat/room', 'room']);
    expect(heard).toEqual([
      { pattern: '^/chat/(.*)$', origin: { file: 'conf.d/ws.conf', line: 12 }, subjectLength: 10 },
      null,
    ]);
  });

  it('counts the subject as the runner cuts it, and passes refusals through unwatched', () => {
    const heard: Array<RegexRun | null> = [];
    const runner = watchedRegexRunner(defaultRegexRunner, (run) => heard.push(run));
    const compiled = runner.compile('x', false);
    if ('error' in compiled) throw new Error(compiled.error);
    compiled.exec('y'.repeat(MAX_SUBJECT_LENGTH * 2));
    expect(heard[0]).toEqual({ pattern: 'x', origin: null, subjectLength: MAX_SUBJECT_LENGTH });
    expect(runner.compile('(a+)+', false)).toHaveProperty('error');
    expect(heard).toHaveLength(2);
  });
});
