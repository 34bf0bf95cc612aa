import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseExercise, scenarioText } from './exercise';

const valid = `
id: demo
level: 2
title: { zh: 标题, en: Title }
story: { zh: 故事, en: Story }
explanation: { zh: 解释, en: Explanation }
hints:
  - { zh: 提示, en: Hint }
start_config: "server { listen 18080; }"
config: "server { listen 18080; location / { proxy_pass http://127.0.0.1:18081; } }"
alternatives: ["server { listen 18080; }"]
evidence: transcript
backends: { "127.0.0.1:18081": { kind: http } }
client: { request: { path: / }, steps: [], until: 1 }
expect: { status: 200 }
also:
  - title: { zh: 第二次, en: Second }
    client: { request: { path: /b }, steps: [], until: 1 }
    backends: { "127.0.0.1:18081": { kind: websocket } }
    expect: { status: 426 }
`;

describe('parseExercise', () => {
  it('reads the exercise fields and keeps only scenario fields for the runs', () => {
    const { exercise, errors } = parseExercise(valid, 'demo.yaml');
    expect(errors).toEqual([]);
    expect(exercise).toMatchObject({
      id: 'demo',
      level: 2,
      evidence: 'transcript',
      alternatives: ['server { listen 18080; }'],
    });
    expect(Object.keys(exercise!.scenarioFields).sort()).toEqual([
      'backends',
      'client',
      'config',
      'expect',
      'title',
    ]);
    expect(exercise!.also).toHaveLength(1);
  });

  it('puts the learner config (and an extra run) into the scenario text', () => {
    const { exercise } = parseExercise(valid);
    const main = parse(scenarioText(exercise!, 'server { listen 18080; } # mine'));
    expect(main.config).toBe('server { listen 18080; } # mine');
    expect(main.id).toBeUndefined();
    expect(main.hints).toBeUndefined();
    const extra = parse(scenarioText(exercise!, 'x', exercise!.also[0]));
    expect(extra.client.request.path).toBe('/b');
    expect(extra.backends['127.0.0.1:18081'].kind).toBe('websocket');
    expect(extra.expect).toEqual({ status: 426 });
  });

  it('names the file and field of every problem', () => {
    const broken = valid
      .replace('level: 2', 'level: 4')
      .replace('story: { zh: 故事, en: Story }', 'story: { zh: 故事 }')
      .replace('evidence: transcript', 'evidence: pictures');
    const { exercise, errors } = parseExercise(broken, 'broken.yaml');
    expect(exercise).toBeNull();
    expect(errors.map((e) => e.field).sort()).toEqual(['evidence', 'level', 'story']);
    expect(errors.every((e) => e.file === 'broken.yaml')).toBe(true);
  });

  it('rejects text that is not a YAML mapping', () => {
    expect(parseExercise('- a\n- b').errors[0]?.message).toContain('mapping');
    expect(parseExercise('a: [').errors[0]?.message).toContain('not valid YAML');
  });
});
