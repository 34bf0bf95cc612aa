import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse';
import { cookieRules, rewriteSetCookie } from './cookies';
import { buildModel } from './model';
import { defaultRegexRunner } from './regex';
import { RequestVariables } from './variables';
import { versionFeatures } from './version';

/** As recorded on real nginx 1.22.1: content/scenarios/nginx-tests/proxy_cookie-*, proxy_cookie_flags-*. */
const rules = (lines: string) => {
  const text = `server {\n    location / {\n${lines}    }\n}\n`;
  const tree = parseConfig(text);
  const model = buildModel(tree, defaultRegexRunner);
  const location = model.servers[0]!.locations[0]!.directive;
  const vars = new RequestVariables(model, versionFeatures('1.22.1'), {
    method: 'GET',
    target: '/?name=w',
    httpVersion: '1.0',
    headers: [],
  });
  return { r: cookieRules(location, defaultRegexRunner)!, vars };
};

describe('Set-Cookie rewriting', () => {
  it('proxy_cookie_domain matches the whole domain, any case, a leading dot kept', () => {
    const { r, vars } = rules('        proxy_cookie_domain .Site.test example.org;\n');
    expect(rewriteSetCookie('a=1; Domain=.site.TEST; Path=/', r, vars)).toBe(
      'a=1; Domain=.example.org; Path=/',
    );
    expect(rewriteSetCookie('a=1; Domain=other.test', r, vars)).toBe('a=1; Domain=other.test');
  });

  it('proxy_cookie_path replaces a prefix, or the whole value for a regex with captures', () => {
    const { r, vars } = rules(
      '        proxy_cookie_path /app/ /;\n        proxy_cookie_path ~*^/X(.*) /y$1;\n',
    );
    expect(rewriteSetCookie('a=1;path=/app/x', r, vars)).toBe('a=1; path=/x');
    expect(rewriteSetCookie('a=1; Path=/xyz', r, vars)).toBe('a=1; Path=/yyz');
  });

  it('proxy_cookie_flags adds, replaces and removes flags for the first cookie rule that matches', () => {
    const { r, vars } = rules(
      '        proxy_cookie_flags q secure httponly samesite=lax;\n        proxy_cookie_flags s nosecure nohttponly nosamesite;\n        proxy_cookie_flags $arg_name secure;\n        proxy_cookie_flags ~MID httponly;\n',
    );
    expect(rewriteSetCookie('q=1; Domain=site.test', r, vars)).toBe(
      'q=1; Domain=site.test; Secure; HttpOnly; SameSite=Lax',
    );
    expect(rewriteSetCookie('s=1; Domain=site.test;secure;httponly;samesite=lax', r, vars)).toBe(
      's=1; Domain=site.test',
    );
    expect(rewriteSetCookie('w=1', r, vars)).toBe('w=1; Secure');
    expect(rewriteSetCookie('preMIDpost=1', r, vars)).toBe('preMIDpost=1; HttpOnly');
    expect(rewriteSetCookie('other=1;x', r, vars)).toBe('other=1;x');
  });
});
