import { describe, expect, it } from 'vitest';
import { countYamlValues } from './yaml-values';

/** The lexer's count of a scenario's YAML values (moved here from tests/hostile/engine.test.ts). */
describe('countYamlValues', () => {
  it('counts entries under any key, and stops one past the limit', () => {
    const extra = Array.from({ length: 30_000 }, () => '{a: 1, b: x}').join(', ');
    expect(countYamlValues(`extra: [${extra}]`, 100)).toBe(101);
  });

  it('counts a big block scalar as one value: it costs the lexer nothing', () => {
    expect(countYamlValues(`config: |\n${'  # comment\n'.repeat(20_000)}`)).toBe(2);
  });
});
