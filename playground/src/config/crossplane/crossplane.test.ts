// biome-ignore-all lint/suspicious/noTemplateCurlyInString: nginx writes its variables as ${name}
import { describe, expect, it } from 'vitest';
import { buildConfig, enquote } from './build';
import { pythonJson } from './json';
import { lexCrossplane } from './lex';
import { type CrossplaneHost, crossplaneParse, pythonDirname, pythonJoin, pythonRepr } from './parse';

function host(files: Record<string, string>): CrossplaneHost {
  return {
    read: (path) =>
      files[path] !== undefined
        ? { text: files[path]! }
        : { error: { errno: 2, strerror: 'No such file or directory', name: 'FileNotFoundError' } },
    glob: (pattern) => {
      const re = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
      return Object.keys(files).filter((f) => re.test(f));
    },
  };
}

const parse = (text: string, options = {}) =>
  crossplaneParse('nginx.conf', host({ 'nginx.conf': text }), options);

describe('crossplane lexing, where nginx decides', () => {
  it('ends ${var} like any word, and keeps a } inside a word', () => {
    expect(lexCrossplane('a ${uri} x}y;').tokens.map((t) => t.value)).toEqual(['a', '${uri}', 'x}y', ';']);
  });

  it('refuses a quote glued to more text, a } before the ;, and a ; with no directive, at their lines', () => {
    expect(lexCrossplane('a "b"-c;').error).toEqual({ message: 'unexpected "-"', line: 1 });
    expect(lexCrossplane('http {\n  return 200\n}\n').error).toEqual({ message: 'unexpected "}"', line: 3 });
    expect(lexCrossplane('\n;').error).toEqual({ message: 'unexpected ";"', line: 2 });
    expect(lexCrossplane('user x').error).toEqual({
      message: 'unexpected end of file, expecting ";" or "}"',
      line: 1,
    });
  });

  it('keeps backslashes as written, decoding only the escaped quote of the quoting kind', () => {
    const values = lexCrossplane(`a "x\\"y\\n" 'p\\'q\\"' r\\ s;`).tokens.map((t) => t.value);
    expect(values).toEqual(['a', 'x"y\\n', `p'q\\"`, 'r\\ s', ';']);
  });

  it('reads a *_by_lua_block body as one argument: braces in Lua strings and comments do not count', () => {
    const payload = parse('content_by_lua_block {\n  ngx.say("}") -- }\n  if x then y() end\n}\n', {
      single: true,
    });
    expect(payload.errors).toEqual([]);
    const stmt = payload.config[0]!.parsed[0]!;
    expect(stmt.directive).toBe('content_by_lua_block');
    expect(stmt.args).toEqual(['\n  ngx.say("}") -- }\n  if x then y() end\n']);
    expect(buildConfig([stmt])).toBe('content_by_lua_block {\n  ngx.say("}") -- }\n  if x then y() end\n}');
  });
});

describe('crossplane parsing', () => {
  it('strips the parentheses of if, and keeps going after a directive error', () => {
    const payload = parse(
      'http {\n server {\n  if ($m = POST) { return 405; }\n  listen;\n  listen 80;\n }\n}\n',
    );
    const server = payload.config[0]!.parsed[0]!.block![0]!;
    expect(server.block!.map((s) => [s.directive, s.args])).toEqual([
      ['if', ['$m', '=', 'POST']],
      ['listen', ['80']],
    ]);
    expect(payload.errors).toEqual([
      {
        file: 'nginx.conf',
        error: 'invalid number of arguments in "listen" directive in nginx.conf:4',
        line: 4,
      },
    ]);
  });

  it('a syntax error leaves the file with no statements, as in crossplane', () => {
    const payload = parse('events {}\nhttp {\n');
    expect(payload.config[0]!.parsed).toEqual([]);
    expect(payload.errors[0]!.error).toBe('unexpected end of file, expecting "}" in nginx.conf:2');
  });

  it('lists each included file once, in reading order, and a failed include has an empty list', () => {
    const files = {
      'nginx.conf': 'http { include a.conf; include b.conf; include a.conf; include missing.conf; }\n',
      'a.conf': 'server { include b.conf; }\n',
      'b.conf': 'server_tokens off;\n',
    };
    const payload = crossplaneParse('nginx.conf', host(files));
    expect(payload.config.map((c) => c.file)).toEqual(['nginx.conf', 'a.conf', 'b.conf']);
    const includes = payload.config[0]!.parsed[0]!.block!.map((s) => s.includes);
    expect(includes).toEqual([[1], [2], [1], []]);
    expect(payload.errors[0]!.error).toBe("[Errno 2] No such file or directory: 'missing.conf'");
  });

  it('refuses blocks nested 100,000 deep with an error naming the line, not a stack overflow', () => {
    const payload = parse(`${'a {\n'.repeat(100_000)}${'}\n'.repeat(100_000)}`, { single: true });
    expect(payload.errors[0]!.error).toBe('blocks nested more than 500 levels deep in nginx.conf:501');
    expect(payload.config[0]!.parsed).toEqual([]);
  });

  it('--combine does not loop on a file that includes itself', () => {
    const files = { 'nginx.conf': 'events {}\ninclude nginx.conf;\n' };
    const payload = crossplaneParse('nginx.conf', host(files), { combine: true });
    expect(payload.config).toHaveLength(1);
    expect(payload.config[0]!.parsed.map((s) => [s.directive, s.includes])).toEqual([
      ['events', undefined],
      ['include', [0]],
    ]);
  });
});

describe('Python, exactly', () => {
  it('json.dumps: compact, or indented, with non-ASCII escaped', () => {
    expect(pythonJson({ a: ['é', '\u007f', '😀'], b: [] })).toBe(
      '{"a":["\\u00e9","\\u007f","\\ud83d\\ude00"],"b":[]}',
    );
    expect(pythonJson({ a: [1], b: {} }, 2)).toBe('{\n  "a": [\n    1\n  ],\n  "b": {}\n}');
    expect(pythonJson([1, [2]], 0)).toBe('[\n1,\n[\n2\n]\n]');
  });

  it('repr, dirname, join', () => {
    expect(pythonRepr("it's")).toBe(`"it's"`);
    expect(pythonRepr('a\nb\\')).toBe("'a\\nb\\\\'");
    expect(pythonDirname('a/b/c.conf')).toBe('a/b');
    expect(pythonDirname('/c.conf')).toBe('/');
    expect(pythonDirname('c.conf')).toBe('');
    expect(pythonJoin('', 'x.conf')).toBe('x.conf');
    expect(pythonJoin('a', '/abs.conf')).toBe('/abs.conf');
  });

  it("the builder quotes as crossplane's does", () => {
    expect(enquote('plain')).toBe('plain');
    expect(enquote('two words')).toBe("'two words'");
    expect(enquote('')).toBe("''");
    expect(enquote('${uri}')).toBe("'${uri}'");
    expect(enquote('a${b}c')).toBe('a${b}c');
    expect(enquote("it's")).toBe(`"it's"`);
  });
});
