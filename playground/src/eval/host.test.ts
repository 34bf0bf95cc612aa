/**
 * ngx_http_validate_host in both generations, on the Host values the probes of
 * docs/nginx-versions.md and the version-host-* scenarios sent to real 1.22.1, 1.26.3 and 1.30.6.
 */
import { describe, expect, it } from 'vitest';
import { parseHost, validateHost } from './host';

describe('validateHost before 1.29.4 (1.22.1, 1.26.3)', () => {
  it('refuses only /, control characters, space, ".." and an empty host', () => {
    for (const bad of [
      'exa/mple',
      'example..com',
      ':8080',
      '',
      '.',
      'ex ample',
      'ex\x01ample',
      'ex\x7fample',
    ])
      expect(validateHost(bad, false), JSON.stringify(bad)).toBeNull();
  });

  it('keeps what precedes the first ":" (or follows "]"), lower-case, without a final dot', () => {
    expect(validateHost('Example.COM.', false)).toBe('example.com');
    expect(validateHost('example.com:abc', false)).toBe('example.com');
    expect(validateHost('example.com:80:80', false)).toBe('example.com');
    expect(validateHost('user@example.com', false)).toBe('user@example.com');
    expect(validateHost('[::1', false)).toBe('[::1');
    expect(validateHost('[::1]x', false)).toBe('[::1]');
    expect(validateHost('[::1]:18080', false)).toBe('[::1]');
    expect(validateHost('bücher.example', false)).toBe('bücher.example');
  });
});

describe('validateHost since 1.29.4 (1.30.6)', () => {
  it('refuses what RFC 3986 does not allow in a host, and a bad port', () => {
    for (const bad of [
      'user@example.com',
      'ex"ample',
      'ex<ample>',
      'ex`{a}',
      'ex^a|mple',
      'ex\\ample',
      'bücher.example',
      'example.com:abc',
      'example.com:99999',
      'example.com:80:80',
      '[::1',
      '[::1]x',
      'exa/mple',
      'example..com',
      ':8080',
    ])
      expect(validateHost(bad, true), JSON.stringify(bad)).toBeNull();
  });

  it('accepts unreserved characters, sub-delims, %, IP literals with a port and a final dot', () => {
    for (const good of ['a_b~c', 'ex%41mple', "a!$&'()*+,;=b", '[::1]:18080', 'example.com.'])
      expect(validateHost(good, true), good).not.toBeNull();
    expect(parseHost('Example.com:65535', true)).toEqual({ host: 'example.com', port: 65535 });
    expect(parseHost('example.com:65536', true)).toBeNull();
    expect(parseHost('[::1]:8443', true)).toEqual({ host: '[::1]', port: 8443 });
  });
});
