import { describe, expect, it } from 'vitest';
import { simulate } from './simulate';
import { scenario } from './test-helpers';

/**
 * Byte ranges of a served file, as measured on real nginx 1.22.1 and 1.30.6 (an 8-byte page;
 * the proxied ones: content/scenarios/nginx-tests/proxy_force_ranges-*).
 */
const run = (location: string, range: string) => {
  const s = scenario(
    `server {\n    listen 18080;\n    server_name localhost;\n    location / {\n${location}    }\n}\n`,
    {
      path: '/page.html',
      headers: [
        ['Host', 'localhost'],
        ['Range', range],
      ],
      httpVersion: '1.1',
      backends: {},
    },
  );
  s.files = { 'html/page.html': 'ABC-WXYZ' };
  const sim = simulate(s);
  const o = sim.outcome as { response: { status: number; headers: Record<string, string> } };
  return { ...o.response, notModelled: (sim.outcome as { not_modelled?: unknown }).not_modelled };
};

describe('byte ranges of a file', () => {
  it('one range: 206, the part length, Content-Range last and no Accept-Ranges', () => {
    const r = run('        add_header X-Z z;\n', 'bytes=2-4');
    expect(r.status).toBe(206);
    expect(r.headers['content-length']).toBe('3');
    expect(Object.entries(r.headers).slice(-2)).toEqual([
      ['x-z', 'z'],
      ['content-range', 'bytes 2-4/8'],
    ]);
    expect(r.headers).not.toHaveProperty('accept-ranges');
  });

  it('several ranges: a multipart/byteranges 206', () => {
    const r = run('', 'bytes=0-0,2-3');
    expect(r.status).toBe(206);
    expect(r.headers).toMatchObject({
      'content-type': 'multipart/byteranges; boundary=00000000000000000001',
      'content-length': '193',
    });
  });

  it('an unsatisfiable range: the 416 page with Content-Range, add_header always applied twice', () => {
    const r = run('        add_header X-Z z always;\n', 'bytes=9-');
    expect(r.status).toBe(416);
    expect(r.headers).toEqual({
      server: 'nginx/1.22.1',
      'content-type': 'text/html',
      'content-length': '197',
      connection: 'keep-alive',
      'x-z': 'z, z',
      'content-range': 'bytes */8',
    });
    expect(r.notModelled).toBeUndefined();
  });

  it('max_ranges 0: the whole file, without Accept-Ranges', () => {
    const r = run('        max_ranges 0;\n', 'bytes=2-4');
    expect(r.status).toBe(200);
    expect(r.headers).not.toHaveProperty('accept-ranges');
  });

  it('error_page 416 is not modelled, and says so', () => {
    expect(run('        error_page 416 /x;\n', 'bytes=9-').notModelled).toEqual([
      { code: 'unmodelled-ranges', line: null },
    ]);
  });
});
