import { describe, expect, it } from 'vitest';
import { defaultBackend, type Scenario, simulate } from '../../playground/src/index';
import { reason } from '../i18n/catalog';
import en from '../i18n/en.json';
import { explainer } from '../i18n/translate';
import { lintProblem } from './lint-problem';

describe('editor problems', () => {
  const config = `server {\n    listen 18080;\n    location /chat/ {\n        auth_basic "team";\n        proxy_pass http://127.0.0.1:18081;\n    }\n}\n`;
  const scenario: Scenario = {
    title: 'unmodelled',
    config,
    backends: { '127.0.0.1:18081': defaultBackend() },
    client: {
      request: { method: 'GET', path: '/chat/', http_version: '1.1', headers: [['Host', 'example.com']] },
      steps: [],
      until: 5,
    },
  };
  const note = simulate(scenario).errors.find((e) => e.code === 'engine-unmodelled')!;

  it("the simulator's own notes read in the page language, on their line", () => {
    const zh = lintProblem(note, explainer(reason.zh));
    expect(zh).toMatchObject({ line: 4, severity: 'warning' });
    expect(zh.message).toMatch(/^模拟器没有实现 "auth_basic"/);
    expect(lintProblem(note, explainer(reason.en)).message).toBe(en.reason['unmodelled-auth_basic']);
    // Without a renderer the note shows its code, never another language's text.
    expect(lintProblem(note).message).toBe('unmodelled-auth_basic');
  });

  it("nginx's own messages stay as nginx words them", () => {
    const e = {
      file: 'nginx.conf',
      line: 3,
      error: 'unknown directive "proxy_pas"',
      code: 'unknown-directive',
    };
    expect(lintProblem(e, explainer(reason.zh)).message).toBe(
      '[emerg] unknown directive "proxy_pas" in nginx.conf:3',
    );
  });
});
