import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../tests/parser/fixtures';
import { memoryResolver } from '../../../tests/parser/resolver';
import { analyzeConfig, suggestDirective } from './analyze';
import { checkConfig, formatConfigError, formatNginxError } from './check';
import { parseConfig } from './parse';

const DIR = '/etc/nginx';

describe('analyzer: nginx -t first error for every fixture', () => {
  for (const fixture of FIXTURES) {
    it(fixture.name, () => {
      const result = checkConfig(fixture.text, {
        file: `${DIR}/nginx.conf`,
        resolveInclude: memoryResolver(DIR, fixture.files),
      });
      const first = result.errors[0];
      if (fixture.expect === null) {
        expect(result.errors).toEqual([]);
        expect(result.status).toBe('ok');
        return;
      }
      expect(first).toBeDefined();
      expect({ error: first!.error, line: first!.line, code: first!.code }).toEqual({
        ...fixture.expect,
        error: fixture.expect.error.replace('{dir}', DIR),
      });
      expect(result.status).toBe('failed');
    });
  }
});

describe('analyzer details', () => {
  it('puts "did you mean" in hint and suggestion, never in the message', () => {
    const [error] = checkConfig('server {\n  location / { proxy_pas http://127.0.0.1:1; }\n}\n').errors;
    expect(error?.error).toBe('unknown directive "proxy_pas"');
    expect(error?.suggestion).toBe('proxy_pass');
    expect(error?.hint).toContain('proxy_pass');
  });

  it('suggests nothing for names far from any directive', () => {
    expect(suggestDirective('zzzzzzzzzzzz')).toBeUndefined();
  });

  it('collects several errors, nginx order first', () => {
    const errors = checkConfig('server {\n  gzip maybe;\n  proxy_pas x;\n}\n').errors;
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
  });

  it('knows variables from map, set, regex captures and prefix families', () => {
    const text =
      'map $http_upgrade $connection_upgrade { default upgrade; }\n' +
      'server {\n  listen 1;\n  set $room x;\n' +
      '  location ~ ^/ws/(?<id>\\d+)$ {\n    proxy_pass http://127.0.0.1:1;\n' +
      '    proxy_set_header X $connection_upgrade$room$id$arg_a$cookie_b$sent_http_c$upstream_http_d;\n  }\n}\n';
    expect(checkConfig(text).errors).toEqual([]);
  });

  it('reports a failing include at the include line of the including file', () => {
    const result = checkConfig('events {}\nhttp {\n  include x.conf;\n}\n', { file: '/c/nginx.conf' });
    expect(result.errors[0]).toMatchObject({ file: '/c/nginx.conf', line: 3, code: 'include-not-found' });
  });

  it('formats errors for outcomes and like nginx', () => {
    const [error] = analyzeConfig(parseConfig('server {\n  gzip maybe;\n}\n', { file: '/x.conf' }));
    expect(formatConfigError(error!)).toMatch(/ line 2$/);
    expect(formatNginxError(error!)).toMatch(/ in \/x\.conf:2$/);
  });

  it('accepts a certificate when the caller says the file exists', () => {
    const text = 'server {\n  listen 443 ssl;\n  ssl_certificate a.crt;\n  ssl_certificate_key a.key;\n}\n';
    expect(checkConfig(text).errors[0]?.code).toBe('ssl-certificate-not-found');
    expect(checkConfig(text, { fileExists: () => true }).errors).toEqual([]);
  });
});
