import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../../src/i18n/dictionaries.mjs';
import { renderMessage } from '../../../src/i18n/translate';
import type { Message } from '../message';
import type { RunOutcome } from '../scenario/types';
import { prepare } from '../sim/prepare';
import { simulate } from '../sim/simulate';
import { MAP, scenario, WS_HEADERS, WS_LOCATION } from '../sim/test-helpers';
import { routeRequest } from './query';
import { defaultRegexRunner } from './regex';

/** A simulator note as the CLI prints it. */
const note = (m: Message) => renderMessage(dictionaries.en.reason, m);

function runOutcome(config: string, options: Parameters<typeof scenario>[1] = {}) {
  const sim = simulate(scenario(config, options));
  if ('config_error' in sim.outcome) throw new Error(`unexpected config error: ${sim.outcome.config_error}`);
  return { sim, o: sim.outcome as RunOutcome };
}

describe('server selection', () => {
  const config = `server { listen 18080; server_name a.test; location / { return 200 "a"; } }
server { listen 18080 default_server; server_name b.test; location / { return 200 "bb"; } }
server { listen 18080; server_name *.wild.test; location / { return 200 "ccc"; } }
server { listen 18080; server_name ~^(?<sub>\\w+)\\.re\\.test$; location / { return 200 "$sub"; } }
server { listen 127.0.0.1:18090; location / { return 200 "specific"; } }
server { listen 18090; location / { return 200 "wildcard"; } }`;
  const body = (host: string, port = 18080) =>
    runOutcome(config, { headers: [['Host', host]], port }).o.response?.headers['content-length'];

  it('matches exact names, wildcards and regexes, else the default_server', () => {
    expect(body('a.test')).toBe('1');
    expect(body('x.wild.test')).toBe('3');
    expect(body('hello.re.test')).toBe('5');
    expect(body('unknown.test')).toBe('2');
  });

  it('prefers a listen on 127.0.0.1 over a wildcard listen on the same port', () => {
    expect(body('any', 18090)).toBe(String('specific'.length));
  });

  it('refuses the connection when nothing listens on the port', () => {
    const { o } = runOutcome(config, { port: 18099 });
    expect(o.response).toBeNull();
  });
});

describe('location matching', () => {
  const config = `server {
    listen 18080;
    location = /exact { return 200 "1"; }
    location ^~ /static/ { return 200 "22"; }
    location /static/deep/ { return 200 "333"; }
    location / { return 200 "4444"; }
    location /api/ {
        location ~ \\.json$ { return 200 "55555"; }
        return 200 "666666";
    }
    location ~* \\.PNG$ { return 200 "7777777"; }
    location ~ ^/static/.*\\.css$ { return 200 "88888888"; }
}`;
  const len = (path: string) => Number(runOutcome(config, { path }).o.response?.headers['content-length']);

  it('= wins at once, ^~ stops regexes, longest prefix otherwise', () => {
    expect(len('/exact')).toBe(1);
    expect(len('/static/a.css')).toBe(2);
    expect(len('/static/deep/a.css')).toBe(8);
    expect(len('/other')).toBe(4);
  });

  it('tries regexes in order, case-insensitive with ~*, nested regexes first', () => {
    expect(len('/img/x.png')).toBe(7);
    expect(len('/api/x.json')).toBe(5);
    expect(len('/api/x')).toBe(6);
  });
});

describe('proxy_pass and the upstream request', () => {
  it('replaces the location prefix when proxy_pass has a URI part, passes the raw URI otherwise', () => {
    const cfg = (pass: string) => `server { listen 18080; location /ws/ { proxy_pass ${pass}; } }`;
    const line = (pass: string, path: string) => runOutcome(cfg(pass), { path }).o.upstream[0]?.request_line;
    expect(line('http://127.0.0.1:18081/', '/ws/room1?x=1')).toBe('GET /room1?x=1 HTTP/1.0');
    expect(line('http://127.0.0.1:18081/app/', '/ws/a')).toBe('GET /app/a HTTP/1.0');
    expect(line('http://127.0.0.1:18081', '/ws//a/../b?q')).toBe('GET /ws//a/../b?q HTTP/1.0');
  });

  it('sends set entries in config order, then defaults, then client headers; drops empty values', () => {
    const { o, sim } = runOutcome(
      `${MAP}server { listen 18080; location /chat/ { proxy_pass http://127.0.0.1:18081; ${WS_LOCATION}
        proxy_set_header X-Empty $http_x_missing; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; } }`,
      { headers: [...WS_HEADERS, ['X-Forwarded-For', '10.0.0.1'], ['Accept', '*/*']] },
    );
    expect(o.upstream[0]?.headers).toEqual([
      ['upgrade', 'websocket'],
      ['connection', 'upgrade'],
      ['x-forwarded-for', '10.0.0.1, 127.0.0.1'],
      ['host', '127.0.0.1:18081'],
      ['sec-websocket-key', 'dGhlIHNhbXBsZSBub25jZQ=='],
      ['sec-websocket-version', '13'],
      ['accept', '*/*'],
    ]);
    const empty = sim.headers[0]?.find((d) => d.name === 'X-Empty');
    expect(empty).toMatchObject({ sent: false, reason: { code: 'empty-value' } });
  });

  it('a location-level proxy_set_header drops every server-level one, with a reason', () => {
    const { o, sim } =
      runOutcome(`server { listen 18080; proxy_set_header Host $host; proxy_set_header X-Real-IP $remote_addr;
      location /chat/ { proxy_pass http://127.0.0.1:18081; proxy_set_header X-A a; } }`);
    expect(o.upstream[0]?.headers.find(([n]) => n === 'host')).toEqual(['host', '127.0.0.1:18081']);
    expect(o.upstream[0]?.headers.some(([n]) => n === 'x-real-ip')).toBe(false);
    const lost = sim.headers[0]?.filter((d) => d.reason?.code === 'not-inherited').map((d) => d.name);
    expect(lost).toEqual(['Host', 'X-Real-IP']);
  });

  it('inherits server-level proxy_set_header when the location has none', () => {
    const { o } = runOutcome(`server { listen 18080; proxy_set_header Host $host;
      location /chat/ { proxy_pass http://127.0.0.1:18081; } }`);
    expect(o.upstream[0]?.headers[0]).toEqual(['host', 'example.com']);
  });

  it('proxy_pass_request_headers off stops client headers', () => {
    const { o } = runOutcome(
      `server { listen 18080; location / { proxy_pass http://127.0.0.1:18081; proxy_pass_request_headers off; } }`,
    );
    expect(o.upstream[0]?.headers).toEqual([
      ['host', '127.0.0.1:18081'],
      ['connection', 'close'],
    ]);
  });

  it('upstream blocks: $proxy_host is the name; ip_hash and hash pick deterministically', () => {
    const up = (
      balancer: string,
    ) => `upstream pool { ${balancer} server 127.0.0.1:18081; server 127.0.0.1:18082; server 127.0.0.1:18083; }
      server { listen 18080; location / { proxy_pass http://pool; } }`;
    const backends = { '127.0.0.1:18081': {}, '127.0.0.1:18082': {}, '127.0.0.1:18083': {} };
    expect(runOutcome(up(''), { backends }).o.upstream[0]?.backend).toBe('127.0.0.1:18081');
    expect(runOutcome(up(''), { backends }).o.upstream[0]?.headers[0]).toEqual(['host', 'pool']);
    // ip_hash of 127.0.0.x: ((89*113+127)*113*113 … ) % 6271 = 4040; 4040 % 3 = 2 → third server.
    expect(runOutcome(up('ip_hash;'), { backends }).o.upstream[0]?.backend).toBe('127.0.0.1:18083');
  });

  it('proxy_next_upstream moves past a refused server', () => {
    const { o, sim } = runOutcome(
      `upstream pool { server 127.0.0.1:18081; server 127.0.0.1:18082; }
       server { listen 18080; location / { proxy_pass http://pool; } }`,
      { backends: { '127.0.0.1:18081': { kind: 'refused' }, '127.0.0.1:18082': { kind: 'http' } } },
    );
    expect(o.response?.status).toBe(200);
    expect(o.upstream.map((u) => u.backend)).toEqual(['127.0.0.1:18082']);
    expect(sim.errorLog[0]).toBe(
      '[error] connect() failed (111: Connection refused) while connecting to upstream',
    );
  });
});

describe('variables and map', () => {
  const mapped = (mapBody: string, value: string, extra = '') =>
    runOutcome(
      `map $http_x_in $out { ${mapBody} } ${extra}
       server { listen 18080; location / { proxy_pass http://127.0.0.1:18081; proxy_set_header X-Out $out; } }`,
      {
        headers: [
          ['Host', 'h.test'],
          ['X-In', value],
        ],
      },
    ).o.upstream[0]?.headers.find(([n]) => n === 'x-out')?.[1];

  it('exact keys are case-insensitive, regexes run in order with captures, default otherwise', () => {
    const body = `default d; WebSocket exact; ~^v(\\d+)$ v-$1; ~*^ABC abc; ~^v1 never;`;
    expect(mapped(body, 'websocket')).toBe('exact');
    expect(mapped(body, 'v12')).toBe('v-12');
    expect(mapped(body, 'abcdef')).toBe('abc');
    expect(mapped(body, 'zzz')).toBe('d');
  });

  it('a map without default gives an empty value, which is not sent', () => {
    expect(mapped(`a b;`, 'zzz')).toBeUndefined();
  });

  it('hostnames maps match wildcard keys', () => {
    expect(mapped(`hostnames; default no; *.example.com sub; example.* pre;`, 'a.example.com')).toBe('sub');
    expect(mapped(`hostnames; default no; *.example.com sub; example.* pre;`, 'example.org')).toBe('pre');
  });

  it('$http_* takes the first of repeated headers on 1.22 and joins them on 1.23+', () => {
    const cfg = `server { listen 18080; location / { proxy_pass http://127.0.0.1:18081; proxy_set_header X-All $http_x_a; } }`;
    const headers: Array<[string, string]> = [
      ['Host', 'h'],
      ['X-A', '1'],
      ['X-A', '2'],
    ];
    const get = (version?: string) =>
      runOutcome(cfg, { headers, ...(version ? { version } : {}) }).o.upstream[0]?.headers.find(
        ([n]) => n === 'x-all',
      )?.[1];
    expect(get()).toBe('1');
    expect(get('1.24.0')).toBe('1, 2');
  });

  it('set variables are usable in headers', () => {
    const { o } = runOutcome(
      `server { listen 18080; set $who "s-$host"; location / { set $x "$who/$uri"; proxy_pass http://127.0.0.1:18081; proxy_set_header X-W $x; } }`,
      {
        path: '/a%20b',
        headers: [['Host', 'Example.COM:8080']],
      },
    );
    expect(o.upstream[0]?.headers[0]).toEqual(['x-w', 's-example.com//a b']);
  });
});

describe('nginx versions', () => {
  const cfg = `upstream b { server 127.0.0.1:18081; } server { listen 18080; location / { proxy_pass http://b; } }`;
  it('1.22 sends HTTP/1.0 with Connection: close; 1.30 sends HTTP/1.1 without Connection', () => {
    const old = runOutcome(cfg, { headers: [['Host', 'h']] }).o.upstream[0]!;
    expect(old.request_line).toBe('GET /chat/ HTTP/1.0');
    expect(old.headers).toContainEqual(['connection', 'close']);
    const modern = runOutcome(cfg, { headers: [['Host', 'h']], version: '1.30' }).o.upstream[0]!;
    expect(modern.request_line).toBe('GET /chat/ HTTP/1.1');
    expect(modern.headers.some(([n]) => n === 'connection')).toBe(false);
  });

  it('the Server header and error pages carry the version', () => {
    const { o } = runOutcome(`server { listen 18080; location / { proxy_pass http://127.0.0.1:18081; } }`, {
      backends: { '127.0.0.1:18081': { kind: 'refused' } },
      version: '1.30.0',
    });
    expect(o.response?.headers.server).toBe('nginx/1.30.0');
    expect(o.response?.headers['content-length']).toBe('157');
  });
});

describe('config errors', () => {
  it('reports nginx -t messages with the line', () => {
    const sim = simulate(scenario(`server {\n listen 18080;\n location / { proxy_pas http://x; }\n}`));
    expect(sim.outcome).toEqual({
      format: 'outcome@1',
      config_error: 'unknown directive "proxy_pas" line 3',
    });
  });

  it('reports unknown variables without a line', () => {
    const sim = simulate(
      scenario(
        `server { listen 18080; location / { proxy_pass http://127.0.0.1:18081; proxy_set_header C $nope; } }`,
      ),
    );
    expect(sim.outcome).toEqual({ format: 'outcome@1', config_error: 'unknown "nope" variable' });
  });
});

describe('routeRequest (what diagnostics ask) follows the rewrite module like the simulator', () => {
  const config = `${MAP}server {
    listen 18080;
    rewrite ^/ws$ /chat/ last;
    location = /legacy {
        if ($http_upgrade) { rewrite ^ /chat/ last; }
        return 404;
    }
    location /chat/ {
        proxy_pass http://127.0.0.1:18081;${WS_LOCATION}
    }
}
`;
  const route = (path: string, headers: Array<[string, string]> = WS_HEADERS.slice(1)) => {
    const prepared = prepare(config, undefined, defaultRegexRunner);
    const r = routeRequest(prepared.model, { path, host: 'example.com', headers }, defaultRegexRunner);
    return r?.location ? `${r.location.modifier} ${r.location.pattern}`.trim() : null;
  };

  it('a server-level rewrite … last moves the request before the location search', () => {
    expect(route('/ws')).toBe('/chat/');
  });

  it('an if on the request headers decides, as it does in the simulation', () => {
    expect(route('/legacy')).toBe('/chat/');
    expect(route('/legacy', [])).toBe('= /legacy');
    const sim = simulate(scenario(config, { path: '/legacy' }));
    expect(sim.route?.location?.match).toBe('/chat/');
  });
});

describe('what the simulator does not model, it says, on the line', () => {
  const notes = (config: string, path = '/chat/') =>
    simulate(scenario(config, { path }))
      .errors.filter((e) => e.code === 'engine-unmodelled')
      .map((e) => `${e.line}: ${(e.explain ? note(e.explain) : e.error).split(':')[0]}`);

  it('access rules on the request’s way (try_files is modelled now)', () => {
    const config = `server {
    listen 18080;
    allow 10.0.0.0/8;
    location /chat/ {
        try_files $uri @ws;
        proxy_pass http://127.0.0.1:18081;
    }
}
`;
    expect(notes(config)).toEqual(['3: "allow" is not modelled']);
    expect(notes(config.replace('location /chat/', 'location /other/'), '/elsewhere')).toEqual([
      '3: "allow" is not modelled',
    ]);
  });

  it('error_page only when it catches the status nginx answers, and then runs its target', () => {
    const config = `server {
    listen 18080;
    error_page 500 502 503 504 /50x.html;
    location /chat/ {
        proxy_pass http://127.0.0.1:18081;${WS_LOCATION}
    }
}
${MAP}`;
    expect(notes(config)).toEqual([]);
    const refused = simulate(
      scenario(config, { path: '/chat/', backends: { '127.0.0.1:18081': { kind: 'refused' } } }),
    );
    // The 502 goes to /50x.html, which does not exist: nginx answers that 404 (no second error_page).
    expect(refused.outcome).toMatchObject({ response: { status: 404 } });
    expect(refused.timeline.find((e) => e.explain?.code === 'error-page')?.explain?.params).toEqual({
      status: 502,
      target: '/50x.html',
    });
    expect(refused.errorLog).toContain(
      '[error] open() "/usr/share/nginx/html/50x.html" failed (2: No such file or directory)',
    );
  });
});
