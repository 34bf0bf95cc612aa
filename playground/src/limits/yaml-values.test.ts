import { describe, expect, it } from 'vitest';
import { countYamlValues, tooManyYamlValues, yamlValuesOverflowLine } from './yaml-values';

/** The lexer's count of a scenario's YAML values (moved here from tests/hostile/engine.test.ts). */
describe('countYamlValues', () => {
  it('counts entries under any key, and stops one past the limit', () => {
    const extra = Array.from({ length: 30_000 }, () => '{a: 1, b: x}').join(', ');
    expect(countYamlValues(`extra: [${extra}]`, 100)).toBe(101);
  });

  it('counts a big block scalar as one value: it costs the lexer nothing', () => {
    expect(countYamlValues(`config: |\n${'  # comment\n'.repeat(20_000)}`)).toBe(2);
  });

  it('names the line on which the values pass the limit', () => {
    const text = `title: x\nconfig: |\n  server {}\nlist:\n${'  - a\n'.repeat(10)}`;
    // title, x, config, the block, list: 5 values on lines 1–4; the items start on line 5.
    expect(yamlValuesOverflowLine(text, 7)).toBe(7);
    expect(yamlValuesOverflowLine(text, 100)).toBeNull();
    expect(tooManyYamlValues(text, 7)).toBe(
      'the scenario has more than 7 YAML values (value 8 is on line 7); the simulator reads at most 7: fewer clients, requests or headers',
    );
  });
});
