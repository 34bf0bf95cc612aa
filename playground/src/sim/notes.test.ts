import { describe, expect, it } from 'vitest';
import { simulate } from './simulate';
import { scenario } from './test-helpers';

describe('what the simulator says about itself', () => {
  it('a whole nginx.conf without events {} runs, with a note (the runner adds an empty one)', () => {
    const text = 'http {\n    server {\n        listen 18080;\n        return 204;\n    }\n}\n';
    const sim = simulate(scenario(text, { path: '/', headers: [['Host', 'a']] }));
    expect(sim.outcome).toMatchObject({ response: { status: 204 } });
    expect(sim.errors.find((e) => e.code === 'engine-note')?.explain?.code).toBe('events-added');
  });

  it('the outcome lists what was not modelled, with its line', () => {
    const text =
      'server {\n    listen 18080;\n    location / {\n        auth_basic "x";\n        return 204;\n    }\n}\n';
    const sim = simulate(scenario(text, { path: '/', headers: [['Host', 'a']] }));
    expect(sim.outcome).toMatchObject({ not_modelled: [{ code: 'unmodelled-auth_basic', line: 4 }] });
  });

  it('a run without such directives has no not_modelled field', () => {
    const text = 'server {\n    listen 18080;\n    return 204;\n}\n';
    const sim = simulate(scenario(text, { path: '/', headers: [['Host', 'a']] }));
    expect('not_modelled' in sim.outcome).toBe(false);
  });
});
