import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../playground/src/index';
import { configPresets, DEFAULT_PRESET_ID } from './config-presets';
import { splitScenario } from './scenario-text';

describe('config presets', () => {
  it('has the default scenario and an empty one, both loadable', () => {
    for (const id of [DEFAULT_PRESET_ID, 'basic/empty']) {
      const preset = configPresets.find((p) => p.id === id);
      expect(preset, id).toBeDefined();
      expect(splitScenario(preset!.text).ok, id).toBe(true);
    }
  });
  it('every scenario preset splits into config and rest', () => {
    for (const p of configPresets.filter((p) => p.kind === 'scenario')) {
      expect(splitScenario(p.text).ok, p.id).toBe(true);
      expect(p.title('en').length, p.id).toBeGreaterThan(0);
    }
  });
  it('every scenario preset (basic and from the guides) loads in the engine without problems', () => {
    for (const p of configPresets.filter((p) => p.kind === 'scenario')) {
      const loaded = loadScenario(p.text);
      expect(loaded.errors, p.id).toEqual([]);
      expect(loaded.scenario, p.id).not.toBeNull();
    }
  });

  it('every seed config has a title in each language, names its source and the path a client should ask for', () => {
    const seeds = configPresets.filter((p) => p.group === 'seeds');
    expect(seeds.length).toBeGreaterThanOrEqual(5);
    for (const p of seeds) {
      expect(p.title('zh'), p.id).not.toBe(p.id.split('/')[1]);
      expect(p.title('en'), p.id).not.toBe(p.title('zh'));
      // The source is named by its title, never by a file of the machine that built the site.
      expect(p.text, p.id).toMatch(/^# Source: (an?|the) [^/]+\S/m);
      expect(p.text, p.id).not.toMatch(/\.txt\b/);
      expect(p.clientPath, p.id).toMatch(/^\//);
      // Adapted to run here: only loopback upstreams.
      const directives = p.text.replace(/#.*$/gm, '');
      expect(directives, p.id).not.toMatch(/192\.168\.|\b10\.\d+\.|example\.com/);
    }
  });
});
