import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../playground/src/index';
import {
  defaultRegexRunner,
  type RegexRunner,
  renderMermaid,
  renderTranscript,
  simulate,
} from '../../playground/src/index';
import { scenarioObject } from './arbitraries';
import { checkCase, fuzzParameters, propertyTimeout } from './harness';

/**
 * The whole simulation (check, evaluate, exchange, tunnel, timers) plus its two renderings,
 * on scenarios with nginx-shaped configs and random clients and backends, and on values that
 * are not scenarios at all. (Replaces playground/src/sim/properties.test.ts, which ran the
 * same two properties 300 times on a fixed list of config fragments.)
 */

/** A runner of its own makes `simulate` skip the config cache the first run filled. */
function uncachedRunner(): RegexRunner {
  return { compile: (pattern, caseless) => defaultRegexRunner.compile(pattern, caseless) };
}

function run(s: Scenario, regex?: RegexRunner) {
  const sim = simulate(s, regex ? { regex } : {});
  return { sim, mermaid: renderMermaid(sim), transcript: renderTranscript(sim) };
}

describe('fuzz: simulator', () => {
  it(
    'simulate + renderers: never throw, no internal failure, deterministic, fast',
    () => {
      fc.assert(
        fc.property(scenarioObject, (s) => {
          const { sim, mermaid } = checkCase(
            s as Scenario,
            (x) => run(x),
            (x) => run(x, uncachedRunner()),
          );
          expect(mermaid.startsWith('sequenceDiagram\n')).toBe(true);
          // simulate() turns a thrown error into `engine-internal`: that is a bug found.
          expect(sim.errors.filter((e) => e.code === 'engine-internal')).toEqual([]);
          const times = sim.timeline.map((e) => e.at);
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }),
        fuzzParameters(),
      );
    },
    propertyTimeout(),
  );

  it(
    'simulate on arbitrary values (not scenarios at all): an outcome, never an exception',
    () => {
      fc.assert(
        fc.property(fc.anything(), (value) => {
          const { sim } = checkCase(value as Scenario, (x) => run(x));
          expect(sim.outcome.format).toBe('outcome@1');
        }),
        fuzzParameters(),
      );
    },
    propertyTimeout(),
  );
});
