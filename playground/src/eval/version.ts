/**
 * What differs between the nginx versions the playground models (nginx's CHANGES file; the
 * measured differences are in docs/nginx-behaviour.md). Everything version-dependent at run time is
 * read from here; what `nginx -t` accepts by version is config/versions.ts.
 */
import { compareVersions, DEFAULT_NGINX_VERSION } from '../config/versions';

export { compareVersions, DEFAULT_NGINX_VERSION };

export interface VersionFeatures {
  /** Normalised `x.y.z`. */
  version: string;
  /** `proxy_http_version` when the config does not set it. */
  proxyHttpVersion: '1.0' | '1.1';
  /** The default-table `Connection` value (1.29.7+: none, i.e. empty and so not sent). */
  defaultConnection: string;
  /** Cached connections an explicit `upstream {}` keeps without a `keepalive` directive. */
  defaultUpstreamKeepalive: number;
  /** `$http_NAME` joins repeated headers with `, ` (cookies `; `) since 1.23.0. */
  joinRepeatedHeaders: boolean;
  /** 1.31.4+: `Host` always goes first on HTTP/1.1 upstream requests. */
  hostFirst: boolean;
  /**
   * `ssl_protocols` when no level sets it: TLSv1–TLSv1.2 up to 1.23.3, TLSv1.3 added in 1.23.4,
   * TLSv1 and TLSv1.1 dropped in 1.27.3 (what nginx asks of OpenSSL; Debian's OpenSSL 3 refuses
   * TLSv1 and TLSv1.1 handshakes at its default security level anyway, docs/nginx-versions.md).
   */
  defaultSslProtocols: readonly string[];
  /** 1.29.7+: 407 has a status text and a built-in error page (before: a bare status, no body). */
  proxyAuthenticationPage: boolean;
  /** 1.29.4+: the Host header must be an RFC 3986 host with a decimal port (eval/host.ts). */
  rfc3986Host: boolean;
  /** Before 1.29.6 `$cookie_NAME` also starts a pair after a `,` (eval/repeated-headers.ts). */
  cookieCommaSeparates: boolean;
}

function parts(v: string): number[] {
  return v.split('.').map((n) => Number.parseInt(n, 10) || 0);
}

export function normalizeVersion(v: string | undefined): string {
  if (!v || !/^\d+\.\d+(\.\d+)?$/.test(v)) return DEFAULT_NGINX_VERSION;
  const [a, b, c] = parts(v);
  return `${a}.${b}.${c ?? 0}`;
}

function sslProtocols(version: string): readonly string[] {
  if (compareVersions(version, '1.27.3') >= 0) return ['TLSv1.2', 'TLSv1.3'];
  if (compareVersions(version, '1.23.4') >= 0) return ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  return ['TLSv1', 'TLSv1.1', 'TLSv1.2'];
}

const cache = new Map<string, VersionFeatures>();

export function versionFeatures(v: string | undefined): VersionFeatures {
  const version = normalizeVersion(v);
  const hit = cache.get(version);
  if (hit) return hit;
  const modern = compareVersions(version, '1.29.7') >= 0;
  const features: VersionFeatures = {
    version,
    proxyHttpVersion: modern ? '1.1' : '1.0',
    defaultConnection: modern ? '' : 'close',
    defaultUpstreamKeepalive: modern ? 32 : 0,
    joinRepeatedHeaders: compareVersions(version, '1.23.0') >= 0,
    hostFirst: compareVersions(version, '1.31.4') >= 0,
    defaultSslProtocols: sslProtocols(version),
    proxyAuthenticationPage: modern,
    rfc3986Host: compareVersions(version, '1.29.4') >= 0,
    cookieCommaSeparates: compareVersions(version, '1.29.6') < 0,
  };
  cache.set(version, features);
  return features;
}
