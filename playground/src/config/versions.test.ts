/** What nginx -t accepts by version (the version-* conformance scenarios on 1.22.1, 1.26.3, 1.30.6). */
import { describe, expect, it } from 'vitest';
import { checkConfig } from './check';

function firstError(config: string, nginxVersion?: string): string | null {
  const result = checkConfig(config, nginxVersion ? { nginxVersion } : {});
  return result.errors[0]?.error ?? null;
}

const http = (body: string) => `events {}\nhttp {\n${body}\n}\n`;

describe('nginx -t by version', () => {
  it('knows "ssl" until 1.25.1 and "http2" from then on', () => {
    const ssl = http('server { listen 80; ssl off; }');
    expect(firstError(ssl)).toBeNull();
    expect(firstError(ssl, '1.22.1')).toBeNull();
    expect(firstError(ssl, '1.26.3')).toBe('unknown directive "ssl"');
    const http2 = http('server { listen 80; http2 on; }');
    expect(firstError(http2, '1.22.1')).toBe('unknown directive "http2"');
    expect(firstError(http2, '1.30.6')).toBeNull();
  });

  it('accepts keepalive 0 from 1.29.7', () => {
    const conf = http('upstream app { server 127.0.0.1:8080; keepalive 0; }');
    expect(firstError(conf, '1.26.3')).toBe('invalid value "0" in "keepalive" directive');
    expect(firstError(conf, '1.30.6')).toBeNull();
  });

  it('knows $request_port from 1.29.3', () => {
    const conf = http('server { listen 80; location / { return 200 $request_port; } }');
    expect(firstError(conf, '1.26.3')).toBe('unknown "request_port" variable');
    expect(firstError(conf, '1.30.6')).toBeNull();
  });
});
