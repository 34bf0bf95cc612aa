import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Directive } from './ast';
import { toCrossplane } from './crossplane';
import { configForm, wrapHttpContent } from './form';
import { type ParseOptions, parseConfig } from './parse';
import { printConfig } from './print';

/** crossplane's JSON envelope for a text (the tree's JSON form). */
const envelope = (text: string, options?: ParseOptions) => toCrossplane(parseConfig(text, options));
const first = (text: string) => envelope(text).config[0]!.parsed[0]!;

describe('tokenizer (nginx semantics)', () => {
  it('unescapes only \\" \\\' \\\\ \\t \\r \\n, inside and outside quotes', () => {
    expect(first(`a "x\\"y" 'p\\'q' \\\\ "t\\tn\\nr\\r" \\d;`).args).toEqual([
      'x"y',
      "p'q",
      '\\',
      't\tn\nr\r',
      '\\d',
    ]);
  });

  it('keeps braced variables together and lets { end a plain word', () => {
    const braced = `$${'{v}'}x`;
    expect(first(`a ${braced} $y;`).args).toEqual([braced, '$y']);
    const block = first('a b{ c; }');
    expect(block.args).toEqual(['b']);
    expect(block.block?.[0]?.directive).toBe('c');
  });

  it('reads regex locations with captures and $ anchors', () => {
    const location = first('location ~* ^/ws/(\\d+)$ { }');
    expect(location.args).toEqual(['~*', '^/ws/(\\d+)$']);
  });

  it('drops comments and accepts multi-line values', () => {
    const d = first('# lead\nlog_format x "a\n b" # tail\n  c;');
    expect(d.args).toEqual(['x', 'a\n b', 'c']);
    expect(d.line).toBe(2);
  });

  it('records spans: name start, and the line/column after ; or {, and the closing brace', () => {
    const [server] = parseConfig('server {\n  listen\n    80;\n}\n').files[0]!.nodes;
    expect(server!.span).toMatchObject({ line: 1, col: 1, endLine: 1, endCol: 9, blockEndLine: 4 });
    expect(server!.block![0]!.span).toMatchObject({ line: 2, col: 3, endLine: 3, endCol: 8 });
  });

  it('keeps the JSON crossplane-pure', () => {
    const json = JSON.parse(JSON.stringify(envelope('events {}\nhttp { server { listen 80; } }\n')));
    expect(json.config[0].parsed[1]).toEqual({
      directive: 'http',
      line: 2,
      args: [],
      block: [
        { directive: 'server', line: 2, args: [], block: [{ directive: 'listen', line: 2, args: ['80'] }] },
      ],
    });
  });

  it('expands includes into the envelope and links them', () => {
    const result = envelope('events {}\nhttp { include a/*.conf; }\n', {
      file: '/etc/nginx/nginx.conf',
      resolveInclude: () => [
        { file: '/etc/nginx/a/1.conf', text: 'server { listen 1; }' },
        { file: '/etc/nginx/a/2.conf', text: 'server { listen 2; }' },
      ],
    });
    expect(result.config.map((c) => c.file)).toEqual([
      '/etc/nginx/nginx.conf',
      '/etc/nginx/a/1.conf',
      '/etc/nginx/a/2.conf',
    ]);
    expect(result.config[0]!.parsed[1]!.block![0]!.includes).toEqual([1, 2]);
  });

  it('treats an unmatched glob as empty, as nginx does', () => {
    expect(parseConfig('events {}\nhttp { include none/*.conf; }\n').status).toBe('ok');
  });

  it('reports a token longer than nginx accepts', () => {
    const result = parseConfig(`a "${'x'.repeat(5000)}`);
    expect(result.errors[0]?.code).toBe('too-long-parameter');
  });

  it('counts the 4096-byte token limit in UTF-8 bytes, for words, quoted strings and comments', () => {
    const errorOf = (text: string) => parseConfig(text).errors[0];
    // 4,095 bytes pass, 4,096 do not: one byte each, three (€), four (a surrogate pair).
    expect(first(`a ${'x'.repeat(4095)};`).args[0]).toHaveLength(4095);
    expect(errorOf(`a ${'x'.repeat(4096)};`)).toMatchObject({ line: 1, code: 'too-long-parameter' });
    expect(first(`a ${'€'.repeat(1365)};`).args[0]).toHaveLength(1365);
    expect(errorOf(`a ${'€'.repeat(1366)};`)?.error).toBe('too long parameter "€€€€€€€€€€..." started');
    expect(errorOf(`a x${'€'.repeat(1365)};`)?.error).toBe('too long parameter "x€€€€€€€€€..." started');
    expect(first(`a ${'😀'.repeat(1023)}xxx;`).args[0]).toHaveLength(2049);
    expect(errorOf(`a ${'😀'.repeat(1024)};`)?.code).toBe('too-long-parameter');
    expect(errorOf(`a '${'q'.repeat(5000)}';`)?.error).toBe(
      `too long parameter, probably missing terminating "'" character`,
    );
    // A comment is one token to nginx too: `#` and 4,094 characters pass, one more fails on its line.
    expect(parseConfig(`a;\n#${'c'.repeat(4094)}\nb;`).files[0]!.nodes.map((n) => n.span.line)).toEqual([
      1, 3,
    ]);
    expect(errorOf(`a;\n#${'c'.repeat(4095)}\nb;`)).toMatchObject({
      line: 2,
      error: 'too long parameter "#ccccccccc..." started',
    });
  });

  it('counts lines and columns across CR LF, tabs and blank lines', () => {
    const [node] = parseConfig('\r\n\t a\r\n\r\n  b c;\n').files[0]!.nodes;
    expect(node!.args).toEqual(['b', 'c']);
    expect(node!.span).toMatchObject({ line: 2, col: 3, endLine: 4, endCol: 7, offset: 4, endOffset: 15 });
  });
});

describe('config shapes', () => {
  it('detects a whole nginx.conf and http contents', () => {
    expect(configForm(parseConfig('events {}\nhttp {}\n'))).toBe('main');
    expect(configForm(parseConfig('map $a $b { default 1; }\nserver { listen 80; }\n'))).toBe('http');
  });

  it('wraps http contents without moving lines', () => {
    const text = 'server {\n  listen 80;\n}\n';
    const wrapped = envelope(wrapHttpContent(text)).config[0]!.parsed[1]!.block!;
    expect(wrapped[0]!.block![0]!.line).toBe(envelope(text).config[0]!.parsed[0]!.block![0]!.line);
  });
});

/** Arbitrary valid trees: names/args from a small alphabet that includes awkward characters. */
const word = fc.string({
  unit: fc.constantFrom('a', 'b', '$', '{', '}', ';', ' ', '"', "'", '\\', '#', 'x', '\n', 't'),
  maxLength: 6,
});
const name = fc.string({ unit: fc.constantFrom('a', 'b', '_', 'z'), minLength: 1, maxLength: 5 });
const tree: fc.Arbitrary<Directive[]> = fc.letrec<{ list: Directive[] }>((tie) => ({
  list: fc.array(
    fc.record(
      {
        directive: name,
        line: fc.constant(0),
        args: fc.array(word, { maxLength: 3 }),
        block: fc.option(tie('list'), { nil: undefined, depthSize: 'small' }),
      },
      { requiredKeys: ['directive', 'line', 'args'] },
    ),
    { maxLength: 3 },
  ),
})).list;

function shape(list: Directive[]): unknown {
  return list.map((d) => ({
    directive: d.directive,
    args: d.args,
    ...(d.block ? { block: shape(d.block) } : {}),
  }));
}

describe('properties', () => {
  // Never throwing and determinism on arbitrary text: tests/fuzz/parser.fuzz.test.ts (10,000 cases).
  it('print(parse(x)) reparses to the same tree', () => {
    fc.assert(
      fc.property(tree, (directives) => {
        const printed = printConfig(directives);
        const reparsed = parseConfig(printed);
        expect(reparsed.errors).toEqual([]);
        expect(shape(toCrossplane(reparsed).config[0]!.parsed)).toEqual(shape(directives));
        expect(printConfig(reparsed)).toBe(printed);
      }),
    );
  });
});
