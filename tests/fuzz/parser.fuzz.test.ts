import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Directive } from '../../playground/src/index';
import { checkConfig, parseConfig, printConfig, toCrossplane } from '../../playground/src/index';
import { configText } from './arbitraries';
import { checkCase, fuzzParameters, propertyTimeout } from './harness';

/** The tree without line numbers (printing moves lines). */
function shape(list: Directive[] | undefined): unknown {
  return (list ?? []).map((d) => ({
    directive: d.directive,
    args: d.args,
    block: d.block && shape(d.block),
  }));
}

/** Parser and `nginx -t` analysis on nginx-shaped text and junk (see harness.ts for the rules). */
describe('fuzz: parser and check', () => {
  it(
    'parseConfig + checkConfig: never throw, deterministic, fast, errors carry a line or say why not',
    () => {
      fc.assert(
        fc.property(configText, (text) => {
          // checkConfig is parseConfig plus analysis, so this covers both.
          const checked = checkCase(text, (t) => checkConfig(t));
          expect(checked.status === 'ok').toBe(checked.errors.length === 0);
          for (const e of checked.errors) {
            expect(typeof e.error).toBe('string');
            expect(e.error.length).toBeGreaterThan(0);
            if (e.line !== null) expect(e.line).toBeGreaterThanOrEqual(1);
          }
          // A successful parse prints back to text that parses to the same tree.
          const parsed = parseConfig(text);
          if (parsed.status === 'ok') {
            const printed = printConfig(parsed);
            const reparsed = toCrossplane(parseConfig(printed));
            expect(shape(reparsed.config[0]?.parsed)).toEqual(shape(toCrossplane(parsed).config[0]?.parsed));
          }
        }),
        fuzzParameters(),
      );
    },
    propertyTimeout(),
  );
});
