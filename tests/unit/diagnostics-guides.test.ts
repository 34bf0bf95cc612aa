import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleGuides, ruleScenarios } from '../../playground/src/index';

describe('diagnostics point at real guide sections and scenarios', () => {
  for (const [rule, target] of Object.entries(ruleGuides)) {
    it(`${rule} → ${target}`, () => {
      const [path, anchor] = target.split('#');
      const page = path!.replace(/^\/guides\//, '').replace(/\/$/, '');
      for (const lang of ['zh', 'en']) {
        const file = `content/docs/${lang}/guides/${page}.mdx`;
        expect(existsSync(file), file).toBe(true);
        if (anchor)
          expect(readFileSync(file, 'utf8'), `${file} has id="${anchor}"`).toContain(`id="${anchor}"`);
      }
    });
  }
  for (const [rule, scenario] of Object.entries(ruleScenarios)) {
    it(`${rule} is backed by ${scenario}`, () => {
      expect(existsSync(`content/scenarios/${scenario}`)).toBe(true);
    });
  }
});
