import { describe, expect, it } from 'vitest';
import { simulate } from './simulate';
import { scenario } from './test-helpers';

/**
 * index and try_files: internal redirects and named locations, as recorded on real nginx 1.22.1
 * (content/scenarios/nginx-tests: index-*, http_try_files-*; published: django-channels-*).
 */
const run = (body: string, path: string, files: Record<string, string>, backends = {}) => {
  const s = scenario(
    `server {\n    listen 18080;\n    server_name localhost;\n    add_header X-URI $uri;\n${body}}\n`,
    {
      path,
      headers: [['Host', 'localhost']],
      httpVersion: '1.0',
      backends,
    },
  );
  s.files = files;
  return simulate(s);
};
const response = (sim: ReturnType<typeof simulate>) =>
  (sim.outcome as { response: { status: number; headers: Record<string, string> } }).response;

describe('index', () => {
  it('a directory URI is redirected internally to its first index file that exists', () => {
    const sim = run('    location / {\n        index missing.html second.html;\n    }\n', '/', {
      'html/second.html': 'second',
    });
    expect(response(sim)).toMatchObject({
      status: 200,
      headers: { 'x-uri': '/second.html', 'content-length': '6' },
    });
    expect(sim.timeline.some((e) => e.explain?.code === 'internal-redirect')).toBe(true);
  });

  it('an absolute index name redirects without looking; one that points back loops into a 500', () => {
    const sim = run('    location /loop/ {\n        index /loop/;\n    }\n', '/loop/', {});
    expect(response(sim).status).toBe(500);
    expect(sim.errorLog).toEqual([
      '[error] rewrite or internal redirection cycle while internally redirecting to "/loop/"',
    ]);
  });

  it('a file used as a directory logs ENOTDIR', () => {
    const sim = run('    location / { }\n', '/index.html/', { 'html/index.html': 'x' });
    expect(response(sim).status).toBe(404);
    expect(sim.errorLog[0]).toContain('(20: Not a directory)');
  });
});

describe('try_files', () => {
  it('the first file that exists becomes the URI in the same location', () => {
    const sim = run('    location / {\n        try_files /nope $uri =404;\n    }\n', '/page.html', {
      'html/page.html': 'the page\n',
    });
    expect(response(sim)).toMatchObject({ status: 200, headers: { 'x-uri': '/page.html' } });
  });

  it('=code answers when nothing exists', () => {
    expect(response(run('    location / {\n        try_files $uri =404;\n    }\n', '/x', {})).status).toBe(
      404,
    );
  });

  it('a URI fallback is an internal redirect; @name goes to the named location and its proxy_pass', () => {
    const backends = { '127.0.0.1:18081': { kind: 'http' as const } };
    const viaUri = run(
      '    location / {\n        try_files $uri /app;\n    }\n    location /app {\n        proxy_pass http://127.0.0.1:18081;\n    }\n',
      '/x',
      {},
      backends,
    );
    expect((viaUri.outcome as { upstream: Array<{ request_line: string }> }).upstream[0]?.request_line).toBe(
      'GET /app HTTP/1.0',
    );
    const viaNamed = run(
      '    location / {\n        try_files $uri @app;\n    }\n    location @app {\n        proxy_pass http://127.0.0.1:18081;\n    }\n',
      '/x?a=1',
      {},
      backends,
    );
    expect(
      (viaNamed.outcome as { upstream: Array<{ request_line: string }> }).upstream[0]?.request_line,
    ).toBe('GET /x?a=1 HTTP/1.0');
  });
});

describe('error_page', () => {
  it('a URI target answers with its body under the first status; =code and = change the status', () => {
    const body = (line: string) =>
      `    location /e {\n        ${line}\n        return 405;\n    }\n    location /t {\n        return 200 "some";\n    }\n`;
    expect(response(run(body('error_page 405 /t;'), '/e', {}))).toMatchObject({
      status: 405,
      headers: { 'content-type': 'text/plain', 'content-length': '4' },
    });
    expect(response(run(body('error_page 405 =201 /t;'), '/e', {})).status).toBe(201);
    expect(response(run(body('error_page 405 = /t;'), '/e', {})).status).toBe(200);
  });

  it('a URL target is a 302 (or the =30x given) with that Location', () => {
    const r = response(
      run(
        '    location / {\n        error_page 404 =301 http://example.org/$uri;\n        return 404;\n    }\n',
        '/x',
        {},
      ),
    );
    expect(r).toMatchObject({ status: 301, headers: { location: 'http://example.org//x' } });
  });

  it("an internal redirect into a proxied location still carries the client's Upgrade", () => {
    const sim = simulate({
      ...scenario(
        `server {\n    listen 18080;\n    location / {\n        error_page 404 = @ws;\n        return 404;\n    }\n    location @ws {\n        proxy_pass http://127.0.0.1:18081;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection upgrade;\n    }\n}\n`,
        { path: '/chat' },
      ),
    });
    expect(sim.outcome).toMatchObject({ response: { status: 101 }, tunnel: true });
  });
});
