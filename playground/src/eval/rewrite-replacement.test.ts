import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../scenario/types';
import { simulate } from '../sim/simulate';
import { scenario } from '../sim/test-helpers';

/** The response headers nginx would send for `path` under `config` (HTTP/1.0, Host localhost). */
function headers(config: string, path: string): Record<string, string> {
  const sim = simulate(scenario(config, { path, httpVersion: '1.0', headers: [['Host', 'localhost']] }));
  return (sim.outcome as RunOutcome).response?.headers ?? {};
}

const server = (body: string) => `server { listen 18080; server_name localhost; ${body} }`;

/** Cases recorded on real nginx 1.22.1, 1.26.3 and 1.30.6: rewrite.t and rewrite_unescape.t translations. */
describe('rewrite: captures, escapes and redirects as nginx builds them', () => {
  const internal = server(`location /cap {
      rewrite ^(.*) $1?k=$1;
      add_header X-URI $uri;
      add_header X-Args $args;
      return 200;
  }`);

  it('escapes a capture that lands in the arguments when the client URI had a %', () => {
    const h = headers(internal, '/cap/%25?a=b');
    expect(h['x-uri']).toBe('/cap/%');
    expect(h['x-args']).toBe('k=/cap/%25&a=b');
  });

  it('copies the capture as it is when the client URI had no % and no +', () => {
    expect(headers(internal, '/cap/x;y?a=b')['x-args']).toBe('k=/cap/x;y&a=b');
  });

  it('escapes a capture in the arguments when the client URI had a +', () => {
    expect(headers(internal, '/cap/x+y')['x-args']).toBe('k=/cap/x%2By');
  });

  const redirects = server(`
      location /a1 { rewrite ^ $arg_to? redirect; }
      location /a2 { rewrite ^ http://example.org$request_uri? redirect; }
      location /a4 { rewrite ^(.*) http://example.org$1 redirect; }
      location /a6 { rewrite ^ http://example.org/one%20%2Ftwo redirect; }`);

  it('unescapes an argument used as the redirect, up to the query, keeping CR LF escaped', () => {
    expect(headers(redirects, '/a1?to=http%3A%2F%2Fexample.org%2F%3Fsrc%3Done').location).toBe(
      'http://example.org/?src%3Done',
    );
    expect(headers(redirects, '/a1?to=http%3A%2F%2Fexample.org%0D%0Ainjected').location).toBe(
      'http://example.org%0D%0Ainjected',
    );
  });

  it('escapes a capture in a redirect, then unescapes the result (%20 stays, %3F starts the query)', () => {
    expect(headers(redirects, '/a4/one%20%3Ftwo').location).toBe('http://example.org/a4/one%20?two');
    expect(headers(redirects, '/a2/one%20%3Ftwo').location).toBe('http://example.org/a2/one%20?two');
    expect(headers(redirects, '/a6?arg=x').location).toBe('http://example.org/one%20/two?arg=x');
  });
});
