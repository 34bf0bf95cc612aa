import { describe, expect, it } from 'vitest';
import { simulate } from './simulate';
import { scenario } from './test-helpers';

/**
 * nginx as its own upstream: a proxy_pass to a port the same config listens on runs the request
 * again in that server (proxy_redirect, $upstream_* and proxy_pass_header become observable).
 * Recorded on real nginx in content/scenarios/nginx-tests (proxy_redirect-*, proxy_upstream_cookie-*).
 */

const config = (outer: string, inner: string) => `server {
    listen 18080;
    server_name localhost;
    location /app/ {
        proxy_pass http://127.0.0.1:18082/inner/;
${outer}    }
}
server {
    listen 18082;
    server_name localhost;
    location / {
${inner}    }
}
`;

const run = (outer: string, inner: string, path = '/app/page') => {
  const sim = simulate(
    scenario(config(outer, inner), {
      path,
      headers: [['Host', 'localhost']],
      httpVersion: '1.0',
      backends: {},
    }),
  );
  const o = sim.outcome as {
    response: { status: number; headers: Record<string, string> };
    upstream: unknown[];
  };
  return { sim, response: o.response, upstream: o.upstream };
};

describe('nginx as its own upstream', () => {
  it("answers with the inner server's status and headers, and writes its own Server", () => {
    const { response, upstream, sim } = run(
      '',
      '        add_header X-Inner $uri;\n        return 200 "hi";\n',
    );
    expect(response.status).toBe(200);
    expect(response.headers['x-inner']).toBe('/inner/page');
    expect(response.headers.server).toBe('nginx/1.22.1');
    // The runner records only requests that reach the scenario's backends.
    expect(upstream).toEqual([]);
    expect(sim.timeline.some((e) => e.explain?.code === 'upstream-self')).toBe(true);
  });

  it('without proxy_redirect, the implicit default maps the proxy_pass URL back to the location', () => {
    const { response } = run('', '        return 302 http://127.0.0.1:18082/inner/next;\n');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('http://localhost:18080/app/next');
  });

  it('proxy_redirect off passes the Location as it came', () => {
    const { response } = run(
      '        proxy_redirect off;\n',
      '        return 302 http://127.0.0.1:18082/inner/next;\n',
    );
    expect(response.headers.location).toBe('http://127.0.0.1:18082/inner/next');
  });

  it('a regex proxy_redirect rewrites the url= part of Refresh with its captures', () => {
    const { response } = run(
      '        proxy_redirect ~^http://[^/]+/inner/(.*)$ /moved/$1;\n',
      '        add_header Refresh "5; url=http://127.0.0.1:18082/inner/x";\n        return 204;\n',
    );
    expect(response.headers.refresh).toBe('5; url=/moved/x');
  });

  it('$upstream_cookie_NAME, $upstream_status and $upstream_addr read the answer', () => {
    const { response } = run(
      '        add_header X-C $upstream_cookie_ck;\n        add_header X-S $upstream_status;\n        add_header X-A $upstream_addr;\n',
      '        add_header Set-Cookie "ck = v; Path=/";\n        return 204;\n',
    );
    expect(response.headers['x-c']).toBe('v');
    expect(response.headers['x-s']).toBe('204');
    expect(response.headers['x-a']).toBe('127.0.0.1:18082');
  });

  it("proxy_pass_header Server sends the inner server's Server among its headers", () => {
    const { response } = run('        proxy_pass_header Server;\n', '        return 200 "x";\n');
    expect(Object.entries(response.headers).at(-1)).toEqual(['server', 'nginx/1.22.1']);
  });

  it("proxy_bind is the inner request's $remote_addr", () => {
    const { response } = run(
      '        proxy_bind 127.0.0.2;\n',
      '        add_header X-IP $remote_addr;\n        return 204;\n',
    );
    expect(response.headers['x-ip']).toBe('127.0.0.2');
  });

  it('a loop of nginx proxying to itself stops and says it is not modelled', () => {
    const text = `server {\n    listen 18080;\n    location / {\n        proxy_pass http://127.0.0.1:18080;\n    }\n}\n`;
    const sim = simulate(
      scenario(text, { path: '/', headers: [['Host', 'a']], httpVersion: '1.0', backends: {} }),
    );
    expect(sim.errors.some((e) => e.error === 'unmodelled-self-loop')).toBe(true);
  });
});
