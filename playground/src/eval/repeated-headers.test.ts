import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse';
import { buildModel } from './model';
import { defaultRegexRunner } from './regex';
import { cookieValue, joinedHeader } from './repeated-headers';
import { hostnameWildcard, RequestVariables } from './variables';
import { versionFeatures } from './version';

const v122 = versionFeatures('1.22.1');
const v126 = versionFeatures('1.26.3');
const v130 = versionFeatures('1.30.6');

/** As recorded on real nginx: content/scenarios/nginx-tests/http_headers_multi-*. */
describe('repeated headers in variables', () => {
  it('1.22 joins only Cookie and X-Forwarded-For of the request, Cache-Control and Link of the response', () => {
    expect(joinedHeader(['foo=1', 'bar=2'], 'cookie', 'request', v122)).toBe('foo=1; bar=2');
    expect(joinedHeader(['a', 'b', 'c'], 'x_forwarded_for', 'request', v122)).toBe('a, b, c');
    expect(joinedHeader(['a', 'b'], 'foo', 'request', v122)).toBe('a');
    expect(joinedHeader(['one', 'two'], 'cache_control', 'response', v122)).toBe('one, two');
    expect(joinedHeader(['one', 'two'], 'link', 'response', v122)).toBe('one, two');
    expect(joinedHeader(['one', 'two'], 'foo', 'response', v122)).toBe('one');
    expect(joinedHeader(['foo=1', 'bar=2'], 'set_cookie', 'upstream', v122)).toBe('foo=1');
  });

  it('1.23+ joins every name, a Cookie with "; " and the rest (a Set-Cookie too) with ", "', () => {
    expect(joinedHeader(['a', 'b'], 'foo', 'request', v126)).toBe('a, b');
    expect(joinedHeader(['foo=1', 'bar=2'], 'cookie', 'request', v126)).toBe('foo=1; bar=2');
    expect(joinedHeader(['one', 'two'], 'foo', 'response', v130)).toBe('one, two');
    expect(joinedHeader(['foo=1', 'bar=2'], 'set_cookie', 'upstream', v130)).toBe('foo=1, bar=2');
    expect(joinedHeader([], 'foo', 'request', v130)).toBe('');
  });

  it('$cookie_NAME starts a pair after "," only before 1.29.6', () => {
    const lines = ['foo=1, qux=0; bar=2', 'bazz=3'];
    expect(cookieValue(lines, 'foo', true)).toBe('1, qux=0');
    expect(cookieValue(lines, 'qux', true)).toBe('0');
    expect(cookieValue(lines, 'qux', false)).toBeNull();
    expect(cookieValue(lines, 'bazz', false)).toBe('3');
    expect(cookieValue(['A = b ;c=d'], 'a', false)).toBe('b ');
    // nginx steps over the character after a name that lacks "=", a separator included.
    expect(cookieValue(['foo;foo=1'], 'foo', false)).toBeNull();
    expect(v126.cookieCommaSeparates).toBe(true);
    expect(v130.cookieCommaSeparates).toBe(false);
  });
});

describe('map hostnames wildcards', () => {
  const wildcards = [{ key: 'site.*' }, { key: '*.site.test' }, { key: '.zone.site.test' }];
  it('the longest head wildcard wins, a dot form matching the name itself too', () => {
    expect(hostnameWildcard(wildcards, 'zone.site.test')?.key).toBe('.zone.site.test');
    expect(hostnameWildcard(wildcards, 'www.zone.site.test')?.key).toBe('.zone.site.test');
    expect(hostnameWildcard(wildcards, 'www.site.test')?.key).toBe('*.site.test');
  });
  it('a tail wildcard only when no head wildcard matched', () => {
    expect(hostnameWildcard(wildcards, 'site.com')?.key).toBe('site.*');
    expect(hostnameWildcard(wildcards, 'site.test')?.key).toBe('site.*');
    expect(hostnameWildcard(wildcards, 'other.test')).toBeNull();
  });
});

describe('variables read from the request', () => {
  const vars = (config: string, headers: Array<[string, string]>) =>
    new RequestVariables(buildModel(parseConfig(config), defaultRegexRunner), v122, {
      method: 'GET',
      target: '/',
      httpVersion: '1.1',
      headers,
    });

  it('$remote_user is the Basic user', () => {
    expect(vars('server { }', [['Authorization', 'Basic dXNlcjpzZWNyZXQ=']]).get('remote_user')).toBe('user');
    expect(vars('server { }', []).get('remote_user')).toBe('');
  });

  it('a `set $http_x` elsewhere leaves $http_x the header; a plain set variable warns', () => {
    const v = vars('server { location /a { set $http_x_two 1; set $mine 2; } }', [['X-Two', 'client']]);
    expect(v.get('http_x_two')).toBe('client');
    expect(v.get('mine')).toBe('');
    expect(v.warnings).toEqual(['[warn] using uninitialized "mine" variable']);
  });
});
