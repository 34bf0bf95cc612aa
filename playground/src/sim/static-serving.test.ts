import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse';
import { type Expires, expiresHeaders, parseExpires } from '../eval/expires';
import { contentTypeFor } from '../eval/mime';
import { simulate } from './simulate';
import { scenario } from './test-helpers';

/**
 * Files the static module serves and the headers that come with them, as recorded on real
 * nginx 1.22.1 (content/scenarios/nginx-tests: headers-*, http_absolute_redirect-directory*,
 * http_try_files-found).
 */
const run = (config: string, path: string, files: Record<string, string>, method = 'GET') => {
  const s = scenario(config, {
    path,
    headers: [['Host', 'localhost']],
    httpVersion: '1.0',
    backends: {},
    method,
  });
  s.files = files;
  const o = simulate(s).outcome as { response: { status: number; headers: Record<string, string> } };
  return o.response;
};

const server = (body: string) => `server {\n    listen 18080;\n    server_name localhost;\n${body}}\n`;

describe('serving a file', () => {
  it('200 with Content-Type, Content-Length, Last-Modified, ETag and Accept-Ranges in nginx order', () => {
    const r = run(server('    location / { }\n'), '/page.html', { 'html/page.html': 'the page\n' });
    expect(r.status).toBe(200);
    expect(Object.entries(r.headers)).toEqual([
      ['server', 'nginx/1.22.1'],
      ['content-type', 'text/html'],
      ['content-length', '9'],
      ['last-modified', 'Sun, 09 Sep 2001 01:46:40 GMT'],
      ['connection', 'close'],
      ['etag', '"3b9aca00-9"'],
      ['accept-ranges', 'bytes'],
    ]);
  });

  it('add_header comes before Accept-Ranges; an empty add_header ETag removes the ETag', () => {
    const r = run(server("    add_header X-A 1;\n    add_header ETag '';\n    location / { }\n"), '/f.txt', {
      'html/f.txt': 'x',
    });
    expect(Object.keys(r.headers).slice(-2)).toEqual(['x-a', 'accept-ranges']);
    expect(r.headers.etag).toBeUndefined();
    expect(r.headers['content-type']).toBe('text/plain');
  });

  it('POST to a file is 405; a directory without its slash is a 301 to it, escaped', () => {
    expect(run(server('    location / { }\n'), '/f', { 'html/f': 'x' }, 'POST').status).toBe(405);
    const r = run(server('    location / { }\n'), '/dir%20sp?a=1', { 'html/dir sp/inside': 'x' });
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('http://localhost:18080/dir%20sp/?a=1');
  });
});

describe('Content-Type of a file', () => {
  const conf = (text: string) => parseConfig(text).files[0]!.nodes.at(-1)!;
  it('nginx compiled-in types without a types block, default_type otherwise', () => {
    const http = parseConfig('default_type application/x-thing;\nserver { }\n');
    const s = http.files[0]!.nodes.at(-1)!;
    expect(contentTypeFor(s, '/a.HTML')).toBe('text/html');
    expect(contentTypeFor(s, '/a.css')).toBe('application/x-thing');
  });
  it('a types block replaces the built-in ones', () => {
    expect(contentTypeFor(conf('types { text/css css; }\nserver { }\n'), '/a.html')).toBe('text/plain');
    expect(contentTypeFor(conf('types { text/css css; }\nserver { }\n'), '/a.css')).toBe('text/css');
  });
});

describe('expires', () => {
  const at = (e: Omit<Expires, 'source'>, now: number, lm: number | null) =>
    expiresHeaders({ ...e, source: { file: 'nginx.conf', line: 1 } } as Expires, now, lm);
  it('reads every form nginx reads', () => {
    expect(parseExpires('epoch', false)).toEqual({ mode: 'epoch', time: 0 });
    expect(parseExpires('-2048', false)).toEqual({ mode: 'access', time: -2048 });
    expect(parseExpires('@15h30m33s', false)).toEqual({ mode: 'daily', time: 55833 });
    expect(parseExpires('2048', true)).toEqual({ mode: 'modified', time: 2048 });
    expect(parseExpires('epoch', true)).toBeNull();
    expect(parseExpires('bad', false)).toBeNull();
    expect(parseExpires('off', false)).toBeNull();
  });
  it('access, modified and negative times as ngx_http_set_expires computes them', () => {
    expect(at({ mode: 'access', time: 2048 }, 5000, null)).toEqual({
      expires: 7048,
      cacheControl: 'max-age=2048',
    });
    expect(at({ mode: 'modified', time: 2048 }, 5000, 1000)).toEqual({
      expires: 3048,
      cacheControl: 'no-cache',
    });
    expect(at({ mode: 'access', time: -2048 }, 5000, null)).toEqual({
      expires: 2952,
      cacheControl: 'no-cache',
    });
    expect(at({ mode: 'max', time: 0 }, 5000, null)).toEqual({
      expires: 'max',
      cacheControl: 'max-age=315360000',
    });
  });
  it('a served file with expires epoch gets both headers after Connection', () => {
    const r = run(server('    expires epoch;\n    location / { }\n'), '/p.html', { 'html/p.html': 'p' });
    expect(r.headers.expires).toBe('Thu, 01 Jan 1970 00:00:01 GMT');
    expect(r.headers['cache-control']).toBe('no-cache');
  });
});
