import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from './imports';

/**
 * The engine is a package with one public entry, playground/src/index.ts: the site (src/), the
 * CLI (playground/cli/), scripts and tests import it there and nowhere else, so everything not
 * exported by the entry can change without breaking them. Only the engine's own modules and
 * colocated tests (inside playground/src/) import its internals. Biome says the same in the
 * editor (noRestrictedImports in biome.json); this test resolves every relative import, so it
 * also catches what a pattern cannot see (`../src/x` from the CLI is the engine, from the site
 * it is not).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const ENGINE = join(ROOT, 'playground/src');
const ENTRY = ['index', 'index.ts'];
/** Installed or generated, not written here. */
const SKIP = new Set([
  'node_modules',
  'dist',
  '.astro',
  '.git',
  '.nginx',
  'test-results',
  'out',
  'tmp',
  '.vitest',
]);
const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs|tsx|astro|mdx)$/;

interface Violation {
  file: string;
  line: number;
  specifier: string;
}

/** Deep imports into the engine from one file outside it (`file` relative to the repository). */
function deepImports(file: string, text: string): Violation[] {
  const violations: Violation[] = [];
  for (const { specifier, line } of importsOf(text)) {
    if (!specifier.startsWith('.')) continue;
    const target = resolve(ROOT, dirname(file), specifier.replace(/\?.*$/, ''));
    const inEngine = relative(ENGINE, target);
    if (inEngine.startsWith('..') || inEngine === '' || ENTRY.includes(inEngine)) continue;
    violations.push({ file, line, specifier });
  }
  return violations;
}

/** Every source file of the repository outside the engine. */
function filesOutsideEngine(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) || path === ENGINE ? [] : filesOutsideEngine(path);
    return SOURCE.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

describe('engine boundary', () => {
  it('nothing outside playground/src imports the engine except through index.ts', () => {
    const files = filesOutsideEngine();
    // The walk really covers the site, the CLI, scripts and tests.
    for (const folder of ['src/', 'playground/cli/', 'scripts/', 'tests/']) {
      expect(files.some((f) => f.startsWith(folder))).toBe(true);
    }
    const violations = files.flatMap((file) => deepImports(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(
      violations.map(
        (v) => `${v.file}:${v.line}: ${v.specifier}: import the engine from playground/src/index.ts`,
      ),
    ).toEqual([]);
  });

  it('reports a deep import with its file and line, from the site, the CLI and a test', () => {
    // Built from parts so that this file's own text holds no deep import.
    const deep = ['../../playground/src', 'sim/simulate'].join('/');
    const text = `import { simulate } from '../../playground/src/index';\nimport { x } from '${deep}';\n`;
    expect(deepImports('src/playground-ui/x.ts', text)).toEqual([
      { file: 'src/playground-ui/x.ts', line: 2, specifier: '../../playground/src/sim/simulate' },
    ]);
    expect(
      deepImports(
        'playground/cli/commands/x.ts',
        "import type { Scenario } from '../../src/scenario/types';",
      ),
    ).toHaveLength(1);
    expect(deepImports('playground/cli/x.ts', "const m = await import('../src/permalink');")).toHaveLength(1);
    expect(
      deepImports('tests/e2e/x.e2e.ts', `new Worker(new URL('${deep}.ts', import.meta.url));`),
    ).toHaveLength(1);
  });

  it('allows the entry (with or without its extension or a query), the site itself and packages', () => {
    const text = [
      "import { simulate } from '../../playground/src/index';",
      "import * as engine from '../../playground/src/index.ts';",
      "import { t } from '../i18n/translate';",
      "import { parse } from 'yaml';",
    ].join('\n');
    expect(deepImports('src/playground-ui/x.ts', text)).toEqual([]);
    // From the CLI, ../../src/ is the site (its dictionaries), not the engine.
    expect(
      deepImports(
        'playground/cli/i18n.ts',
        "import { dictionaries } from '../../src/i18n/dictionaries.mjs';",
      ),
    ).toEqual([]);
    expect(
      deepImports('playground/cli/commands/x.ts', "import { simulate } from '../../src/index';"),
    ).toEqual([]);
  });
});
