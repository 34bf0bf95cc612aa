import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load';
import { isScenarioV2 } from '../scenario/types';
import { simulate } from './simulate';
import { escapeHtml, parseSsi } from './ssi';

describe('parseSsi', () => {
  it('reads include virtual (with set) and echo var between text', () => {
    expect(parseSsi('a<!--#include virtual="/x$uri" set="v" -->b: <!--#echo var="v" -->')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'include', virtual: '/x$uri', set: 'v' },
      { kind: 'text', text: 'b: ' },
      { kind: 'echo', name: 'v', encoding: 'entity' },
    ]);
  });

  it('leaves a page with any other command or parameter unmodelled', () => {
    expect(parseSsi('<!--#config timefmt="%A" -->')).toBeNull();
    expect(parseSsi('<!--#include file="/x" -->')).toBeNull();
    expect(parseSsi('<!--#echo var="v" default="no" -->')).toBeNull();
    expect(parseSsi('<!--#include virtual="/x" ')).toBeNull();
  });

  it('escapes as echo does by default', () => {
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
});

describe('SSI pages in scenario v2', () => {
  const scenario = (page: string) => {
    const { scenario, errors } = loadScenario(`config: |
  upstream b {
      server 127.0.0.1:18081;
      keepalive 1;
  }
  server {
      listen 18080;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      location / { proxy_pass http://b; }
      location /page/ {
          ssi on;
          rewrite ^ /p.html break;
      }
  }
files:
  html/p.html: '${page}'
backends:
  "127.0.0.1:18081": { answers: [{ status: 200, body: "<one>" }, { status: 200, body: "two", framing: chunked }] }
clients:
  - { name: a, request: { path: /page/1, http_version: "1.0", headers: { Host: h } } }
  - { name: b, after: a, request: { path: /page/2, http_version: "1.0", headers: { Host: h } } }
until: 2
`);
    expect(errors).toEqual([]);
    if (!scenario || !isScenarioV2(scenario)) throw new Error('not v2');
    const outcome = simulate(scenario).outcome;
    if (!('clients' in outcome)) throw new Error('config error');
    return outcome;
  };

  it('runs each include as a subrequest through the upstream keepalive cache and echoes what it set', () => {
    const o = scenario('<!--#include virtual="/inc$request_uri" set="x" -->got <!--#echo var="x" -->');
    const [a, b] = o.clients.map((c) => c.requests[0]!);
    expect(a!.response!.body).toBe('got &lt;one&gt;');
    expect(b!.response!.body).toBe('got two');
    // SSI drops the file's length (and ETag, Last-Modified): an HTTP/1.0 client gets a close.
    expect(a!.response!.headers).toEqual({
      server: 'nginx/1.22.1',
      'content-type': 'text/html',
      connection: 'close',
    });
    expect(a!.upstream.map((u) => u.request_line)).toEqual(['GET /inc/page/1 HTTP/1.1']);
    expect(o.backends['127.0.0.1:18081']!.connections.map((c) => c.requests)).toEqual([
      [
        ['a', 0],
        ['b', 0],
      ],
    ]);
    expect(o.not_modelled).toBeUndefined();
  });

  it('says it does not model a page with other commands', () => {
    const o = scenario('<!--#config timefmt="%A" -->');
    expect(o.not_modelled).toEqual([{ code: 'unmodelled-ssi', line: 11 }]);
  });
});
