/**
 * The version table against what the three proven builds did (docs/nginx-versions.md: Debian's
 * 1.22.1, 1.26.3 and 1.30.6 running the corpus and the probes recorded there).
 */
import { describe, expect, it } from 'vitest';
import { byteLength, errorPage } from '../sim/pages';
import { compareVersions, normalizeVersion, versionFeatures } from './version';

describe('versionFeatures', () => {
  it('keeps the 1.0 proxy defaults through 1.26.3 and switches them at 1.29.7', () => {
    for (const v of ['1.22.1', '1.26.3', '1.29.6']) {
      expect(versionFeatures(v)).toMatchObject({
        proxyHttpVersion: '1.0',
        defaultConnection: 'close',
        defaultUpstreamKeepalive: 0,
      });
    }
    for (const v of ['1.29.7', '1.30.6']) {
      expect(versionFeatures(v)).toMatchObject({
        proxyHttpVersion: '1.1',
        defaultConnection: '',
        defaultUpstreamKeepalive: 32,
      });
    }
  });

  it('joins repeated $http_ headers from 1.23.0 (duplicate-client-headers: "a" on 1.22.1, "a, b" on 1.26.3)', () => {
    expect(versionFeatures('1.22.1').joinRepeatedHeaders).toBe(false);
    expect(versionFeatures('1.23.0').joinRepeatedHeaders).toBe(true);
    expect(versionFeatures('1.26.3').joinRepeatedHeaders).toBe(true);
  });

  it('has the default ssl_protocols of each release line (ngx_http_ssl_module merge)', () => {
    expect(versionFeatures('1.22.1').defaultSslProtocols).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    expect(versionFeatures('1.23.3').defaultSslProtocols).not.toContain('TLSv1.3');
    expect(versionFeatures('1.26.3').defaultSslProtocols).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    expect(versionFeatures('1.27.2').defaultSslProtocols).toContain('TLSv1.1');
    expect(versionFeatures('1.27.3').defaultSslProtocols).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(versionFeatures('1.30.6').defaultSslProtocols).toEqual(['TLSv1.2', 'TLSv1.3']);
  });

  it('gives 407 a page from 1.29.7 on, of the length 1.30.6 sent (193 bytes)', () => {
    expect(versionFeatures('1.26.3').proxyAuthenticationPage).toBe(false);
    expect(errorPage(407, '1.22.1', true)).toBeNull();
    expect(errorPage(407, '1.26.3', true)).toBeNull();
    const page = errorPage(407, '1.30.6', true);
    expect(page).toContain('<title>407 Proxy Authentication Required</title>');
    expect(byteLength(page!)).toBe(193);
  });

  it('normalises and compares versions', () => {
    expect(normalizeVersion('1.30')).toBe('1.30.0');
    expect(normalizeVersion('not a version')).toBe('1.22.1');
    expect(compareVersions('1.26.3', '1.29.7')).toBeLessThan(0);
    expect(compareVersions('1.30.6', '1.29.7')).toBeGreaterThan(0);
  });
});
