import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerList, requestPath, wellFormedConfig } from '../../../tests/fuzz/arbitraries';
import { checkCase, fuzzParameters, propertyTimeout } from '../../../tests/fuzz/harness';
import { parseConfig } from '../config/parse';
import { type Evaluation, evaluate } from './evaluate';
import { buildModel } from './model';
import { defaultRegexRunner } from './regex';
import { firstListenPort } from './routing';
import { versionFeatures } from './version';

/**
 * Beside the evaluator rather than in tests/fuzz/ with the other fuzz targets: it drives the
 * evaluator's internals, which only the engine's own tests may import (the rest of the
 * repository sees the engine through playground/src/index.ts).
 *
 * The evaluator on parsed configs: server and location selection, maps, `set`/`return`,
 * proxy_pass and the upstream header list, for random requests. Each run parses and builds
 * the model again, so nothing is shared between the two runs `checkCase` compares.
 */
interface Case {
  config: string;
  method: string;
  path: string;
  httpVersion: '1.0' | '1.1';
  headers: Array<[string, string]>;
  port: number | null;
  version: string;
}

const request = fc.record({
  config: wellFormedConfig,
  method: fc.constantFrom('GET', 'POST', 'PATCH'),
  path: requestPath,
  httpVersion: fc.constantFrom<'1.0' | '1.1'>('1.1', '1.0'),
  headers: headerList,
  port: fc.option(fc.constantFrom(18080, 80, 8080, 443)),
  version: fc.constantFrom('1.22.1', '1.25.1', '1.30.0'),
});

function run(c: Case): Evaluation {
  const model = buildModel(parseConfig(c.config), defaultRegexRunner);
  const port = c.port ?? firstListenPort(model.servers) ?? 80;
  return evaluate(
    model,
    versionFeatures(c.version),
    { method: c.method, target: c.path, httpVersion: c.httpVersion, headers: c.headers },
    port,
    defaultRegexRunner,
  );
}

describe('fuzz: evaluator', () => {
  it(
    'routing, maps, headers and proxy_pass: never throw, deterministic, fast',
    () => {
      fc.assert(
        fc.property(request, (c) => {
          const ev = checkCase(c, run);
          if (ev.handling.kind === 'proxy') {
            // Header names and values go on the wire: no line breaks may get in.
            for (const [name, value] of ev.handling.headers) {
              expect(name).not.toMatch(/[\r\n]/);
              expect(value).not.toMatch(/[\r\n]/);
            }
          }
        }),
        fuzzParameters(),
      );
    },
    propertyTimeout(),
  );
});
