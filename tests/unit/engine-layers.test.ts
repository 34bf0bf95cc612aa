import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from './imports';

/**
 * The engine's layers import only downward, so that each can be understood (and changed)
 * without the ones above it:
 *
 *   message                  the {code, params} shape every layer speaks in
 *   limits, explain          size limits; reason codes
 *   config, scenario         the config tree (parse, nginx -t, inheritance); scenario files
 *   eval                     the model and request evaluation
 *   sim | diagnostics        the simulator; the WebSocket diagnostics (siblings: neither imports the other)
 *   render                   transcript and diagram of a simulation
 *   exercises, permalink     consumers
 *   codes                    every code table, for the callers' dictionaries
 *   index.ts                 the one public entry
 *
 * A module may import its own layer and any lower one; never a higher one or a sibling at its
 * own rank. Tests (`*.test.ts`) are exempt: they may drive the engine from the top.
 */

const ENGINE = resolve(import.meta.dirname, '../../playground/src');

const RANK: Record<string, number> = {
  limits: 0,
  message: -1,
  explain: 0,
  config: 1,
  scenario: 1,
  eval: 2,
  sim: 3,
  diagnostics: 3,
  render: 4,
  exercises: 5,
  permalink: 5,
  codes: 6,
  index: 7,
};

/** The layer of a path relative to the engine: its top folder, or the root file's name. */
function layerOf(path: string): string {
  const [head, ...rest] = path.split('/');
  return rest.length > 0 ? head! : head!.replace(/\.(d\.)?ts$/, '');
}

interface Violation {
  file: string;
  line: number;
  specifier: string;
  message: string;
}

/** The layering problems of one engine file (`file` relative to the engine root). */
function checkFile(file: string, text: string): Violation[] {
  const from = layerOf(file);
  const violations: Violation[] = [];
  for (const { specifier, line } of importsOf(text)) {
    if (!specifier.startsWith('.')) continue;
    const target = relative(ENGINE, resolve(ENGINE, dirname(file), specifier));
    if (target.startsWith('..')) {
      violations.push({
        file,
        line,
        specifier,
        message: 'the engine imports nothing outside playground/src',
      });
      continue;
    }
    const to = layerOf(target);
    if (to === from) continue;
    const own = RANK[from];
    const theirs = RANK[to];
    if (own === undefined || theirs === undefined) {
      violations.push({
        file,
        line,
        specifier,
        message: `"${own === undefined ? from : to}" has no place in the layer order`,
      });
    } else if (theirs >= own) {
      violations.push({
        file,
        line,
        specifier,
        message: `${from} (layer ${own}) may not import ${to} (layer ${theirs}): layers import only downward`,
      });
    }
  }
  return violations;
}

function engineFiles(dir = ENGINE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return engineFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [relative(ENGINE, path)] : [];
  });
}

describe('engine layers', () => {
  it('every engine module imports only its own layer and lower ones', () => {
    const files = engineFiles();
    expect(files.length).toBeGreaterThan(50);
    const violations = files.flatMap((file) => checkFile(file, readFileSync(join(ENGINE, file), 'utf8')));
    expect(violations.map((v) => `${v.file}:${v.line}: ${v.specifier}: ${v.message}`)).toEqual([]);
  });

  it('every folder of the engine has a layer', () => {
    const folders = readdirSync(ENGINE, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'permalink-fixtures')
      .map((e) => e.name);
    expect(folders.filter((f) => RANK[f] === undefined)).toEqual([]);
  });

  it('reports an upward import, a sibling import and one leaving the engine', () => {
    const upward = checkFile('eval/headers.ts', "import { reasonCodes } from '../sim/reasons';\n");
    expect(upward).toEqual([
      {
        file: 'eval/headers.ts',
        line: 1,
        specifier: '../sim/reasons',
        message: 'eval (layer 2) may not import sim (layer 3): layers import only downward',
      },
    ]);
    expect(
      checkFile('diagnostics/rules/x.ts', "import type { Simulation } from '../../sim/types';"),
    ).toHaveLength(1);
    expect(checkFile('config/x.ts', "export { y } from '../scenario/types';")).toHaveLength(1);
    expect(checkFile('config/x.ts', "const m = await import('../eval/model');")).toHaveLength(1);
    expect(checkFile('sim/x.ts', "import { a } from '../../../src/i18n/ui';")[0]?.message).toBe(
      'the engine imports nothing outside playground/src',
    );
  });

  it('lets a layer import itself and anything below it', () => {
    const text = [
      "import type { ConfigNode } from '../config/tree';",
      "import { explain } from '../explain/reasons';",
      "import { buildModel } from './model';",
      "import { parse } from 'yaml';",
    ].join('\n');
    expect(checkFile('eval/evaluate.ts', text)).toEqual([]);
    expect(checkFile('index.ts', "export { simulate } from './sim/simulate';")).toEqual([]);
  });
});
