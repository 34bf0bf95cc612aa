import { describe, expect, it } from 'vitest';
import { simulate } from '../../playground/src/index';
import { scenario } from '../../playground/src/sim/test-helpers';
import { lintProblem } from './lint-problem';
import { explain } from './strings';

describe('editor problems', () => {
  const config = `server {\n    listen 18080;\n    location /chat/ {\n        try_files $uri @ws;\n        proxy_pass http://127.0.0.1:18081;\n    }\n}\n`;
  const note = simulate(scenario(config)).errors.find((e) => e.code === 'engine-unmodelled')!;

  it("the simulator's own notes read in the page language, on their line", () => {
    const zh = lintProblem(note, (r) => explain('zh', r.code, r.params));
    expect(zh).toMatchObject({ line: 4, severity: 'warning' });
    expect(zh.message).toMatch(/^模拟器没有实现 "try_files"/);
    const en = lintProblem(note, (r) => explain('en', r.code, r.params));
    expect(en.message).toBe(note.error);
  });

  it("nginx's own messages stay as nginx words them", () => {
    const e = {
      file: 'nginx.conf',
      line: 3,
      error: 'unknown directive "proxy_pas"',
      code: 'unknown-directive',
    };
    expect(lintProblem(e, (r) => explain('zh', r.code, r.params)).message).toBe(
      '[emerg] unknown directive "proxy_pas" in nginx.conf:3',
    );
  });
});
