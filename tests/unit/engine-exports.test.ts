import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as engine from '../../playground/src/index';

/**
 * The engine's public API is what playground/src/index.ts exports. Its names, each marked type or
 * value, are kept in engine-exports.txt beside this test, so adding, renaming or removing one is a
 * visible line in the diff a reviewer reads. After a deliberate change, refresh the list with
 * `npx vitest run tests/unit/engine-exports.test.ts -u` and commit it with the change.
 */

const ENTRY = resolve(import.meta.dirname, '../../playground/src/index.ts');

/** `type Name` or `value Name` for every name the entry exports, read from its source. */
function exportedNames(source: string): string[] {
  const file = ts.createSourceFile(ENTRY, source, ts.ScriptTarget.Latest);
  const names: string[] = [];
  for (const statement of file.statements) {
    const exported = ts.canHaveModifiers(statement)
      ? ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const spec of statement.exportClause.elements) {
        const kind = statement.isTypeOnly || spec.isTypeOnly ? 'type' : 'value';
        names.push(`${kind} ${spec.name.text}`);
      }
    } else if (ts.isExportDeclaration(statement) || exported) {
      // `export *` or a declaration in the entry itself would hide what it exports from this list.
      throw new Error(
        `index.ts line ${file.getLineAndCharacterOfPosition(statement.getStart(file)).line + 1}: list exports by name`,
      );
    }
  }
  return names.sort((a, b) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!, 'en'));
}

describe('engine exports', () => {
  const names = exportedNames(readFileSync(ENTRY, 'utf8'));

  it('match the reviewed list', async () => {
    await expect(`${names.join('\n')}\n`).toMatchFileSnapshot(
      join(import.meta.dirname, 'engine-exports.txt'),
    );
  });

  it('the values in the list are what the module really exports at run time', () => {
    const values = names.filter((n) => n.startsWith('value ')).map((n) => n.slice('value '.length));
    expect(Object.keys(engine).sort()).toEqual([...values].sort());
  });

  it('refuses an entry whose exports cannot be listed by name', () => {
    expect(() => exportedNames("export * from './sim/simulate';\n")).toThrow(/line 1: list exports by name/);
    expect(() => exportedNames('export const x = 1;\n')).toThrow(/line 1/);
  });
});
