import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { effective, inheritanceChain, listOf, mergeOf, nearest, nearestOf } from './inherit';
import { parseConfig } from './parse';
import { type ConfigNode, descendants } from './tree';

const text = [
  'proxy_read_timeout 30s;',
  'proxy_set_header Host $host;',
  'proxy_set_header X-Real-IP $remote_addr;',
  'add_header X-Site 1;',
  'server {',
  '    listen 80;',
  '    proxy_read_timeout 40s;',
  '    location /a/ {',
  '        proxy_pass http://127.0.0.1:1;',
  '        proxy_set_header Upgrade $http_upgrade;',
  '        location /a/b/ {',
  '            root /srv;',
  '        }',
  '        if ($x) {',
  '            add_header X-If 1;',
  '        }',
  '    }',
  '}',
  '',
].join('\n');
const tree = parseConfig(text);
const byLine = (line: number): ConfigNode => descendants(tree.root).find((n) => n.span.line === line)!;
const lines = (nodes: ConfigNode[]) => nodes.map((n) => n.span.line);
const server = byLine(5);
const a = byLine(8);
const b = byLine(11);
const ifBlock = byLine(14);

describe('inheritance through the config tree', () => {
  it('merges a block with every enclosing level up to http, innermost first', () => {
    expect(inheritanceChain(b)).toEqual([b, a, server, tree.root]);
    expect(inheritanceChain(ifBlock)).toEqual([ifBlock, a, server, tree.root]);
    expect(inheritanceChain(tree.root)).toEqual([tree.root]);
  });

  it('takes the nearest setting of a scalar directive', () => {
    expect(nearest(b, 'proxy_read_timeout')?.args).toEqual(['40s']);
    expect(nearest(tree.root, 'proxy_read_timeout')?.args).toEqual(['30s']);
    expect(nearest(b, 'proxy_connect_timeout')).toBeUndefined();
    expect(mergeOf('proxy_read_timeout')).toBe('nearest');
  });

  it('takes an array directive all or nothing from the innermost level that has any', () => {
    expect(lines(listOf(server, 'proxy_set_header'))).toEqual([2, 3]);
    const inA = effective(b, 'proxy_set_header')!;
    expect(inA.level).toBe(a);
    expect(lines(inA.nodes)).toEqual([10]);
    expect(inA.hidden).toEqual([server, tree.root]);
    expect(lines(listOf(a, 'add_header'))).toEqual([4]);
    expect(lines(listOf(ifBlock, 'add_header'))).toEqual([15]);
    expect(mergeOf('add_header')).toBe('list');
  });

  it('gives the content handler to the location and its if, never to a nested location', () => {
    expect(lines([nearest(a, 'proxy_pass')!])).toEqual([9]);
    expect(lines([nearest(ifBlock, 'proxy_pass')!])).toEqual([9]);
    expect(nearest(b, 'proxy_pass')).toBeUndefined();
    expect(mergeOf('proxy_pass')).toBe('handler');
  });

  it('treats directives that set one thing together (root and alias)', () => {
    expect(nearestOf(b, ['root', 'alias'])?.args).toEqual(['/srv']);
    expect(nearestOf(a, ['root', 'alias'])).toBeUndefined();
  });
});

describe('typed directive names', () => {
  /** Type-checks snippets placed next to inherit.ts (one program); the compiler's messages per snippet. */
  function typeErrors(sources: string[]): string[][] {
    const files = sources.map((_, i) => resolve(import.meta.dirname, `__typed_names_${i}__.ts`));
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts'],
      types: [],
      skipLibCheck: true,
    };
    const host = ts.createCompilerHost(options);
    const virtual = (f: string) => sources[files.indexOf(f)];
    const read = host.readFile.bind(host);
    const exists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (f) => virtual(f) ?? read(f);
    host.fileExists = (f) => virtual(f) !== undefined || exists(f);
    host.getSourceFile = (f, v, ...rest) => {
      const text = virtual(f);
      return text !== undefined ? ts.createSourceFile(f, text, v) : getSourceFile(f, v, ...rest);
    };
    const program = ts.createProgram(files, options, host);
    return files.map((f) =>
      program
        .getSemanticDiagnostics(program.getSourceFile(f))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    );
  }

  it('refuses a misspelt directive name at compile time, and a list directive where one value is meant', () => {
    const prelude =
      "import { listOf, nearest } from './inherit';\nimport type { ConfigNode } from './tree';\ndeclare const node: ConfigNode;\n";
    const [fine, typo, list] = typeErrors([
      `${prelude}nearest(node, 'proxy_http_version');\nlistOf(node, 'add_header');\n`,
      `${prelude}nearest(node, 'proxy_http_verison');\n`,
      `${prelude}nearest(node, 'add_header');\n`,
    ]);
    expect(fine).toEqual([]);
    expect(typo).toHaveLength(1);
    expect(typo![0]).toContain(`'"proxy_http_verison"' is not assignable`);
    expect(list).toHaveLength(1);
  }, 30_000);
});
