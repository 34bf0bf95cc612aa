import { describe, expect, it, vi } from 'vitest';
import { loadScenario, simulate } from '../../playground/src/index';
import { configPresets } from './config-presets';
import { quickJoin, ScenarioLoader } from './scenario-loader';
import { joinScenario, splitScenario } from './scenario-text';

const scenarios = configPresets
  .filter((p) => p.kind === 'scenario')
  .map((p) => {
    const split = splitScenario(p.text);
    if (!split.ok) throw new Error(p.id);
    return { id: p.id, ...split.value };
  });

describe('ScenarioLoader', () => {
  it('reads what loading the joined text reads, also after config-only edits that reuse the rest', () => {
    expect(scenarios.length).toBeGreaterThan(5);
    const loader = new ScenarioLoader();
    for (const { id, config, rest } of scenarios) {
      // Typing into the config: the same rest with several configs, one after the other.
      for (const [i, edited] of [config, `${config}\n# a`, config.replace('60s', '5s'), ''].entries()) {
        const joined = joinScenario(edited, rest);
        if (!joined.ok) throw new Error(id);
        const direct = loadScenario(joined.text);
        const read = loader.read(edited, rest);
        expect(read.scenario, id).toEqual(direct.scenario);
        // The simulator gets the same scenario twice: it must not have changed the first.
        if (i === 2 && direct.scenario && read.scenario)
          expect(simulate(read.scenario).outcome, id).toEqual(simulate(direct.scenario).outcome);
      }
    }
  }, 60_000);

  it('parses the rest once while only the config changes, and again when the rest does', () => {
    const load = vi.fn(loadScenario);
    const loader = new ScenarioLoader(load);
    const { config, rest } = scenarios[0]!;
    loader.read(config, rest);
    loader.read(`${config}\n`, rest);
    loader.read(`${config}\n\n`, rest);
    expect(load).toHaveBeenCalledTimes(1);
    loader.read(config, `${rest}\n# changed\n`);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('says when the rest is no mapping, and reads again after a scenario with problems', () => {
    const loader = new ScenarioLoader();
    expect(loader.read('x;', '- a\n- b\n')).toEqual({
      scenario: null,
      errors: [{ line: null, path: '', message: 'the scenario must be a YAML mapping' }],
    });
    const load = vi.fn(loadScenario);
    const again = new ScenarioLoader(load);
    const bad = 'client:\n  request: {}\n';
    expect(again.read('x;', bad).scenario).toBeNull();
    expect(again.read('y;', bad).scenario).toBeNull();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('joins without parsing only what reads the same as joinScenario', () => {
    const configs = ['server { listen 80; }\n', 'a "q" \\ \'s\' # c\n\ttab\n', '', 'x\u0085y', '中文 ✓\n'];
    for (const { id, rest } of scenarios) {
      for (const config of configs) {
        const quick = quickJoin(config, rest);
        const joined = joinScenario(config, rest);
        if (quick === null || !joined.ok) continue;
        expect(loadScenario(quick).scenario, id).toEqual(loadScenario(joined.text).scenario);
      }
    }
    expect(quickJoin('x', 'client: {}\n')).not.toBeNull();
    expect(quickJoin('x\u0085y', 'client: {}\n')).toBeNull();
    expect(quickJoin('x', '{ client: {} }')).toBeNull();
    expect(quickJoin('x', '---\nclient: {}\n')).toBeNull();
    expect(quickJoin('x', 'config: y\nclient: {}\n')).toBeNull();
    expect(quickJoin('x', '- a\n')).toBeNull();
  }, 60_000);
});
