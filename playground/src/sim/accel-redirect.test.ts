import { describe, expect, it } from 'vitest';
import { accelTarget } from './accel-redirect';
import { simulate } from './simulate';
import { scenario } from './test-helpers';

/** As recorded on real nginx (content/scenarios/nginx-tests/proxy_xar-*). */
describe('the X-Accel-Redirect target (ngx_http_parse_unsafe_uri)', () => {
  it('a URI keeps its arguments apart and is unescaped; @name is a named location', () => {
    expect(accelTarget('/one?two')).toEqual({ kind: 'uri', path: '/one', args: 'two', hasArgs: true });
    expect(accelTarget('/one%20two')).toEqual({ kind: 'uri', path: '/one two', args: '', hasArgs: false });
    expect(accelTarget('@named')).toEqual({ kind: 'named', name: '@named' });
  });

  it('refuses "..", "../x", "/x/.." and an escaped "/x/.%2e", naming the URI as nginx logs it', () => {
    expect(accelTarget('..')).toEqual({ kind: 'unsafe', logged: '..' });
    expect(accelTarget('../one')).toEqual({ kind: 'unsafe', logged: '../one' });
    expect(accelTarget('/one/..')).toEqual({ kind: 'unsafe', logged: '/one/..' });
    expect(accelTarget('/one/../two?x')).toEqual({ kind: 'unsafe', logged: '/one/../two?x' });
    expect(accelTarget('/one/.%2e?x')).toEqual({ kind: 'unsafe', logged: '/one/..' });
    expect(accelTarget('?x')).toEqual({ kind: 'unsafe', logged: '?x' });
  });

  it('lets "/one/..?x" through, as nginx does ("?" is not a path separator)', () => {
    expect(accelTarget('/one/..?x')).toEqual({ kind: 'uri', path: '/one/..', args: 'x', hasArgs: true });
  });
});

const CONFIG = (extra: string) => `server {
    listen 18080;
    server_name localhost;
    location /proxy {
        proxy_pass http://127.0.0.1:18080/give;
${extra}    }
    location /give {
        add_header X-Accel-Redirect $arg_to;
        add_header Set-Cookie k=v;
        add_header Unrelated dropped;
        return 204;
    }
    location /shown {
        add_header X-Method $request_method;
        add_header X-URI $uri;
        return 200 "shown\\n";
    }
    location @named {
        add_header X-Method $request_method;
        return 200 "named\\n";
    }
}
`;
const run = (path: string, method = 'POST', extra = '') =>
  simulate(
    scenario(CONFIG(extra), {
      path,
      method,
      headers: [
        ['Host', 'localhost'],
        ['Content-Length', '0'],
      ],
      httpVersion: '1.0',
    }),
  );
const response = (sim: ReturnType<typeof simulate>) =>
  (sim.outcome as { response: { status: number; headers: Record<string, string> } }).response;

describe('X-Accel-Redirect from a backend', () => {
  it('redirects to the URI with GET, keeping Set-Cookie and dropping the other headers', () => {
    const r = response(run('/proxy?to=/shown'));
    expect(r.status).toBe(200);
    expect(r.headers).toMatchObject({ 'set-cookie': 'k=v', 'x-method': 'GET', 'x-uri': '/shown' });
    expect(r.headers).not.toHaveProperty('unrelated');
    expect(r.headers).not.toHaveProperty('x-accel-redirect');
  });

  it('keeps HEAD, and the method as it was for a named location', () => {
    expect(response(run('/proxy?to=/shown', 'HEAD')).headers['x-method']).toBe('HEAD');
    expect(response(run('/proxy?to=@named')).headers['x-method']).toBe('POST');
  });

  it('answers 404 for an unsafe URI and logs it', () => {
    const sim = run('/proxy?to=/x/..');
    expect(response(sim).status).toBe(404);
    expect(sim.errorLog).toContain(
      '[error] unsafe URI "/x/.." was detected while reading response header from upstream',
    );
  });

  it('is passed on as it is with proxy_ignore_headers X-Accel-Redirect', () => {
    const r = response(run('/proxy?to=/shown', 'GET', '        proxy_ignore_headers X-Accel-Redirect;\n'));
    expect(r.status).toBe(204);
    expect(r.headers).toMatchObject({ unrelated: 'dropped' });
  });
});

describe('X-Accel-Charset from a backend', () => {
  const charset = (extra: string) =>
    simulate(
      scenario(
        `server {\n    listen 18080;\n    server_name localhost;\n${extra}    location / {\n        proxy_pass http://127.0.0.1:18080/give;\n    }\n    location /give {\n        add_header X-Accel-Charset koi8-r;\n        return 200 "text\\n";\n    }\n}\n`,
        { path: '/', headers: [['Host', 'localhost']], httpVersion: '1.0' },
      ),
    );

  it('logs a charset the configuration does not name, and changes nothing', () => {
    const sim = charset('');
    expect(sim.errorLog).toEqual([
      '[error] unknown charset "koi8-r" to override while reading response header from upstream',
    ]);
    expect(response(sim).headers['content-type']).toBe('text/plain');
  });

  it('says a known one is not modelled', () => {
    const sim = charset('    charset koi8-r;\n');
    expect(sim.errorLog).toEqual([]);
    expect((sim.outcome as { not_modelled?: Array<{ code: string }> }).not_modelled).toEqual([
      { code: 'unmodelled-x-accel-charset', line: null },
    ]);
  });
});
