import { describe, expect, it } from 'vitest';
import { toCrossplane } from './crossplane';
import { parseConfig } from './parse';
import { type ConfigNode, descendants } from './tree';

const find = (root: ConfigNode, name: string, nth = 0) =>
  descendants(root).filter((n) => n.name === name)[nth]!;

describe('config tree', () => {
  const text = [
    'events {}',
    'http {',
    '  map $http_upgrade $c { default upgrade; }',
    '  upstream u { server 127.0.0.1:1; }',
    '  server {',
    '    if ($x) { return 403; }',
    '    location /a/ {',
    '      if ($y) { proxy_pass http://u; }',
    '      limit_except GET { deny all; }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
  const tree = parseConfig(text);

  it('gives every directive its span, character offsets included', () => {
    const location = find(tree.root, 'location');
    expect(location.span).toMatchObject({ file: 'nginx.conf', line: 7, col: 5, endLine: 7, endCol: 19 });
    expect(text.slice(location.span.offset, location.span.endOffset)).toBe('location /a/ {');
    expect(text.slice(location.span.offset, location.span.blockEndOffset)).toMatch(
      /^location \/a\/ \{[\s\S]*\n {4}\}$/,
    );
    const deny = find(tree.root, 'deny');
    expect(text.slice(deny.span.offset, deny.span.endOffset)).toBe('deny all;');
  });

  it('knows the context each directive is read in and the one each block opens', () => {
    const at = (name: string, nth = 0) => {
      const n = find(tree.root, name, nth);
      return [n.context, n.opens];
    };
    expect([tree.root.context, tree.root.opens]).toEqual(['main', 'main']);
    expect(at('events')).toEqual(['main', 'events']);
    expect(at('http')).toEqual(['main', 'http']);
    expect(at('default')).toEqual(['map', null]);
    expect(at('server', 0)).toEqual(['upstream', null]);
    expect(at('server', 1)).toEqual(['http', 'server']);
    expect(at('if', 0)).toEqual(['server', 'if in server']);
    expect(at('return')).toEqual(['if in server', null]);
    expect(at('if', 1)).toEqual(['location', 'if in location']);
    expect(at('proxy_pass')).toEqual(['if in location', null]);
    expect(at('limit_except')).toEqual(['location', 'limit_except']);
    expect(at('deny')).toEqual(['limit_except', null]);
  });

  it('reads http-shaped text with its root as the http level, and what follows a stray } in main', () => {
    const shaped = parseConfig('server { listen 80; }\n}\nevents {}\n');
    expect([shaped.form, shaped.root.opens]).toEqual(['http', 'http']);
    expect(shaped.root.children.map((n) => [n.name, n.context])).toEqual([
      ['server', 'http'],
      ['events', 'main'],
    ]);
  });

  it('splices included files in place, keeping the include as written', () => {
    const included = parseConfig('events {}\nhttp {\n  include conf.d/*.conf;\n  server_tokens off;\n}\n', {
      resolveInclude: () => [
        { file: 'conf.d/a.conf', text: 'server { listen 1; }\n' },
        { file: 'conf.d/b.conf', text: 'gzip on;\n' },
      ],
    });
    const http = find(included.root, 'http');
    expect(http.block!.map((n) => n.name)).toEqual(['include', 'server_tokens']);
    expect(http.children.map((n) => n.name)).toEqual(['server', 'gzip', 'server_tokens']);
    const [server, gzip] = http.children;
    expect(server!.parent).toBe(http);
    expect([server!.context, server!.span.file, gzip!.span.file]).toEqual([
      'http',
      'conf.d/a.conf',
      'conf.d/b.conf',
    ]);
    expect(find(included.root, 'listen').parent).toBe(server);
    expect(included.files.map((f) => f.file)).toEqual(['nginx.conf', 'conf.d/a.conf', 'conf.d/b.conf']);
    expect(toCrossplane(included).config[0]!.parsed[1]!.block![0]).toEqual({
      directive: 'include',
      line: 3,
      args: ['conf.d/*.conf'],
      includes: [1, 2],
    });
  });

  it('keeps a partial tree when reading stops at a syntax error', () => {
    const broken = parseConfig('events {}\nhttp {\n  server {\n    listen 80;\n');
    expect(broken.errors[0]?.code).toBe('unexpected-eof-block');
    const server = find(broken.root, 'server');
    expect(server.children.map((n) => n.name)).toEqual(['listen']);
    expect(server.span.blockEndLine).toBeUndefined();
  });
});
