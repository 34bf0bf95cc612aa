/**
 * Config fixtures with what nginx 1.22.1's `nginx -t` says about them (first message and the
 * line it prints). `playground/src/config/analyze.test.ts` checks the analyzer against these;
 * `tests/parser/nginx-t.test.ts` proves each expectation against the real nginx binary, and
 * recorded/<version>.json holds what `nginx -t` of every pinned version said (recorded by
 * `npx tsx scripts/nginx-t-fixtures.ts`, checked by nginx-t-versions.test.ts).
 * `{dir}` in a message stands for the directory of the main config file.
 */
export interface Fixture {
  name: string;
  text: string;
  /** Extra files for `include`, by name relative to the main config's directory. */
  files?: Record<string, string>;
  /** nginx's first error, or null when `nginx -t` succeeds. */
  expect: { error: string; line: number | null; code: string } | null;
}

const S = (body: string) => `server {\n    listen 18080;\n${body}}\n`;
const L = (body: string) => S(`    location / {\n${body}    }\n`);
const PASS = '        proxy_pass http://127.0.0.1:18081;\n';

export const FIXTURES: Fixture[] = [
  // --- valid configs -------------------------------------------------------------------
  {
    name: 'canonical WebSocket proxy (http contents)',
    text:
      "map $http_upgrade $connection_upgrade {\n    default upgrade;\n    ''      close;\n}\n" +
      'upstream backend {\n    server 127.0.0.1:18081;\n    keepalive 16;\n}\n' +
      L(
        '        proxy_pass http://backend;\n        proxy_http_version 1.1;\n' +
          '        proxy_set_header Upgrade $http_upgrade;\n' +
          '        proxy_set_header Connection $connection_upgrade;\n        proxy_read_timeout "1h 30m";\n',
      ),
    expect: null,
  },
  {
    name: 'whole nginx.conf with regex location, quotes and escapes',
    text:
      'worker_processes 1;\nevents {\n    worker_connections 64;\n}\nhttp {\n' +
      '    log_format ws \'$remote_addr "$request" \\t $status\';\n' +
      '    server {\n        listen 18080;\n        access_log off;\n' +
      '        location ~ ^/ws/(\\d+)$ {\n            proxy_pass http://127.0.0.1:18081;\n' +
      '            add_header X-Room "$1" always;\n        }\n        location = /health { return 200 "ok\\n"; }\n' +
      '    }\n}\n',
    expect: null,
  },
  {
    name: 'include pulls in a server',
    text: 'include conf.d/ws.conf;\n',
    files: { 'conf.d/ws.conf': L(PASS) },
    expect: null,
  },
  // --- syntax ------------------------------------------------------------------------
  {
    name: 'stray closing brace',
    text: 'events {}\nhttp {\n}\n}\n',
    expect: { error: 'unexpected "}"', line: 4, code: 'unexpected-close-brace' },
  },
  {
    name: 'stray closing brace in http contents (closes the wrapper http)',
    text: `${S('')}}\n`,
    expect: { error: 'unexpected "}"', line: 6, code: 'unexpected-close-brace' },
  },
  {
    name: 'unclosed block in a whole nginx.conf',
    text: 'events {}\nhttp {\n    server { listen 18080; }\n',
    expect: { error: 'unexpected end of file, expecting "}"', line: 4, code: 'unexpected-eof-block' },
  },
  {
    name: 'unclosed block in http contents',
    text: 'server {\n    listen 18080;\n',
    expect: { error: 'unexpected end of file, expecting "}"', line: 5, code: 'unexpected-eof-block' },
  },
  {
    name: 'missing semicolon at end of file',
    text: 'events {}\nhttp {}\nworker_processes 1',
    expect: { error: 'unexpected end of file, expecting ";" or "}"', line: 3, code: 'unexpected-eof' },
  },
  {
    name: 'unterminated quote',
    text: "events {}\nhttp {\n    server { return 200 'abc\n",
    expect: { error: 'unexpected end of file, expecting ";" or "}"', line: 4, code: 'unexpected-eof' },
  },
  {
    name: 'missing semicolon swallows the next directive',
    text: L('        proxy_pass http://127.0.0.1:18081\n        proxy_http_version 1.1;\n'),
    expect: { error: 'invalid number of arguments in "proxy_pass" directive', line: 5, code: 'invalid-args' },
  },
  {
    name: 'lone semicolon',
    text: S('    ;\n'),
    expect: { error: 'unexpected ";"', line: 3, code: 'unexpected-semicolon' },
  },
  {
    name: 'lone opening brace',
    text: S('    {\n'),
    expect: { error: 'unexpected "{"', line: 3, code: 'unexpected-open-brace' },
  },
  {
    name: 'text glued to a closing quote',
    text: S('    return 200 "a"b;\n'),
    expect: { error: 'unexpected "b"', line: 3, code: 'unexpected-char' },
  },
  {
    name: 'block inside map',
    text: 'map $uri $x {\n    ~^/a{2}$ 1;\n}\n',
    expect: { error: 'unexpected "{"', line: 2, code: 'unexpected-open-brace' },
  },
  {
    name: 'include of a missing file',
    text: 'events {}\nhttp {\n    include nope.conf;\n}\n',
    expect: {
      error: 'open() "{dir}/nope.conf" failed (2: No such file or directory)',
      line: 3,
      code: 'include-not-found',
    },
  },
  {
    name: 'syntax error inside an included file',
    text: 'events {}\nhttp {\n    include bad.conf;\n}\n',
    files: { 'bad.conf': 'server {\n    listen 18080;\n' },
    expect: { error: 'unexpected end of file, expecting "}"', line: 3, code: 'unexpected-eof-block' },
  },
  // --- directive lookup ----------------------------------------------------------------
  {
    name: 'map inside server',
    text: 'server {\n    listen 18080;\n    map $http_upgrade $c { default upgrade; }\n}\n',
    expect: { error: '"map" directive is not allowed here', line: 3, code: 'not-allowed-here' },
  },
  {
    name: 'misspelt directive',
    text: L('        proxy_pas http://127.0.0.1:18081;\n'),
    expect: { error: 'unknown directive "proxy_pas"', line: 4, code: 'unknown-directive' },
  },
  {
    name: 'location at http level',
    text: 'location / {\n    proxy_pass http://127.0.0.1:18081;\n}\n',
    expect: { error: '"location" directive is not allowed here', line: 1, code: 'not-allowed-here' },
  },
  {
    name: 'events directive at main level after http',
    text: 'events {}\nhttp {\n}\nworker_connections 10;\n',
    expect: {
      error: '"worker_connections" directive is not allowed here',
      line: 4,
      code: 'not-allowed-here',
    },
  },
  {
    name: 'location without a block',
    text: S('    location /a;\n'),
    expect: { error: 'directive "location" has no opening "{"', line: 3, code: 'no-opening-brace' },
  },
  {
    name: 'simple directive given a block',
    text: S('    listen 18081 {\n    }\n'),
    expect: { error: 'directive "listen" is not terminated by ";"', line: 3, code: 'not-terminated' },
  },
  {
    name: 'map with one argument',
    text: 'map $http_upgrade {\n    default a;\n}\n',
    expect: { error: 'invalid number of arguments in "map" directive', line: 1, code: 'invalid-args' },
  },
  // --- values ------------------------------------------------------------------------
  {
    name: 'timeout in years (msec timers refuse y and M)',
    text: L(`${PASS}        proxy_read_timeout 1y;\n`),
    expect: { error: '"proxy_read_timeout" directive invalid value', line: 5, code: 'invalid-value' },
  },
  {
    name: 'proxy_http_version 2.0',
    text: L(`${PASS}        proxy_http_version 2.0;\n`),
    expect: { error: 'invalid value "2.0"', line: 5, code: 'invalid-value' },
  },
  {
    name: 'flag that is neither on nor off',
    text: S('    gzip maybe;\n'),
    expect: {
      error: 'invalid value "maybe" in "gzip" directive, it must be "on" or "off"',
      line: 3,
      code: 'invalid-flag',
    },
  },
  {
    name: 'duplicate flag',
    text: S('    gzip on;\n    gzip off;\n'),
    expect: { error: '"gzip" directive is duplicate', line: 4, code: 'duplicate-directive' },
  },
  {
    name: 'duplicate proxy_pass',
    text: L(PASS + PASS),
    expect: { error: '"proxy_pass" directive is duplicate', line: 5, code: 'duplicate-directive' },
  },
  {
    name: 'proxy_pass without scheme',
    text: L('        proxy_pass 127.0.0.1:18081;\n'),
    expect: { error: 'invalid URL prefix', line: 4, code: 'invalid-url-prefix' },
  },
  {
    name: 'proxy_pass with URI in a regex location',
    text: S('    location ~ ^/ws/ {\n        proxy_pass http://127.0.0.1:18081/x;\n    }\n'),
    expect: {
      error:
        '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, ' +
        'or inside "if" statement, or inside "limit_except" block',
      line: 4,
      code: 'proxy-pass-uri-not-allowed',
    },
  },
  {
    name: 'bad ssl_protocols keyword',
    text: S('    ssl_protocols TLSv1.2 TLSv1.4;\n'),
    expect: { error: 'invalid value "TLSv1.4"', line: 3, code: 'invalid-value' },
  },
  {
    name: 'add_header with a bad last parameter',
    text: S('    add_header X-A b never;\n'),
    expect: { error: 'invalid parameter "never"', line: 3, code: 'invalid-parameter' },
  },
  {
    name: 'return code out of range',
    text: S('    return 2000;\n'),
    expect: { error: 'invalid return code "2000"', line: 3, code: 'invalid-return-code' },
  },
  {
    name: 'set without $',
    text: S('    set host x;\n'),
    expect: { error: 'invalid variable name "host"', line: 3, code: 'invalid-variable-name' },
  },
  {
    name: 'set of a builtin variable',
    text: S('    set $host x;\n'),
    expect: { error: 'the duplicate "host" variable', line: 3, code: 'duplicate-variable' },
  },
  {
    name: 'listen port out of range',
    text: 'server {\n    listen 99999;\n}\n',
    expect: { error: 'invalid port in "99999" of the "listen" directive', line: 2, code: 'invalid-port' },
  },
  {
    name: 'unknown log format',
    text: S('    access_log logs/a.log main;\n'),
    expect: { error: 'unknown log format "main"', line: 3, code: 'unknown-log-format' },
  },
  {
    name: 'bad rewrite flag',
    text: S('    rewrite ^/a /b foo;\n'),
    expect: { error: 'invalid parameter "foo"', line: 3, code: 'invalid-parameter' },
  },
  {
    name: 'worker_connections not a number',
    text: 'events {\n    worker_connections abc;\n}\nhttp {}\n',
    expect: { error: 'invalid number "abc"', line: 2, code: 'invalid-number' },
  },
  // --- upstream ------------------------------------------------------------------------
  {
    name: 'keepalive 0',
    text: 'upstream b {\n    server 127.0.0.1:18081;\n    keepalive 0;\n}\n',
    expect: { error: 'invalid value "0" in "keepalive" directive', line: 3, code: 'invalid-value' },
  },
  {
    name: 'upstream without servers (reported at its closing brace)',
    text: 'upstream b {\n}\n',
    expect: { error: 'no servers are inside upstream', line: 2, code: 'upstream-no-servers' },
  },
  {
    name: 'bad server parameter',
    text: 'upstream b {\n    server 127.0.0.1:18081 weight=0;\n}\n',
    expect: { error: 'invalid parameter "weight=0"', line: 2, code: 'invalid-parameter' },
  },
  {
    name: 'proxy_pass to an undefined upstream name',
    text: L('        proxy_pass http://backend;\n'),
    expect: { error: 'host not found in upstream "backend"', line: 4, code: 'host-not-found' },
  },
  // --- map ---------------------------------------------------------------------------
  {
    name: 'duplicate default in map',
    text: 'map $http_upgrade $c {\n    default upgrade;\n    default close;\n}\n',
    expect: { error: 'duplicate default map parameter', line: 3, code: 'map-duplicate-default' },
  },
  {
    name: 'map keys differing only in case',
    text: 'map $http_upgrade $c {\n    websocket a;\n    WebSocket b;\n}\n',
    expect: { error: 'conflicting parameter "websocket"', line: 3, code: 'map-conflicting-parameter' },
  },
  {
    name: 'map entry with one word',
    text: 'map $http_upgrade $x {\n    default;\n}\n',
    expect: { error: 'invalid number of the map parameters', line: 2, code: 'map-parameters' },
  },
  // --- locations -----------------------------------------------------------------------
  {
    name: 'duplicate location',
    text: S('    location /ws/ { return 200; }\n    location /ws/ { return 200; }\n'),
    expect: { error: 'duplicate location "/ws/"', line: 4, code: 'duplicate-location' },
  },
  {
    name: 'location inside an exact location',
    text: S('    location = /a { location /a/b {} }\n'),
    expect: {
      error: 'location "/a/b" cannot be inside the exact location "/a"',
      line: 3,
      code: 'location-in-exact',
    },
  },
  {
    name: 'nested location outside its parent',
    text: S('    location /a { location /b {} }\n'),
    expect: { error: 'location "/b" is outside location "/a"', line: 3, code: 'location-outside' },
  },
  {
    name: 'bad location modifier',
    text: S('    location x /a { }\n'),
    expect: { error: 'invalid location modifier "x"', line: 3, code: 'invalid-location-modifier' },
  },
  // --- variables -----------------------------------------------------------------------
  {
    name: 'variable used but never defined',
    text: L(`${PASS}        proxy_set_header Connection $connection_upgrade;\n`),
    expect: { error: 'unknown "connection_upgrade" variable', line: null, code: 'unknown-variable' },
  },
  {
    name: 'unknown variable in if',
    text: L('        if ($x) { return 200; }\n'),
    expect: { error: 'unknown "x" variable', line: null, code: 'unknown-variable' },
  },
  // --- if conditions (ngx_http_rewrite_if_condition) ---------------------------------
  {
    name: 'if with parentheses apart, regex, file test and comparisons',
    text: L(
      '        if ( $http_upgrade ) { return 200; }\n' +
        '        if ($http_upgrade ~* "^websocket$") { set $ws 1; }\n' +
        '        if (!-f $request_filename) { return 404; }\n' +
        "        if ($arg_token = '') { return 401; }\n" +
        '        if ($request_method != GET) { return 405; }\n' +
        '        rewrite ^/old/(.*)$ /new/$1 last;\n',
    ),
    expect: null,
  },
  {
    name: 'if with an unknown operator',
    text: L('        if ($http_upgrade == "websocket") { return 403; }\n'),
    expect: { error: 'unexpected "==" in condition', line: 4, code: 'invalid-condition' },
  },
  {
    name: 'if with a value and no operator',
    text: L('        if ($http_upgrade websocket) { return 403; }\n'),
    expect: { error: 'invalid condition "$http_upgrade"', line: 4, code: 'invalid-condition' },
  },
  {
    name: 'if with a word where the operator goes',
    text: L('        if ($http_upgrade websocket x) { return 403; }\n'),
    expect: { error: 'unexpected "websocket" in condition', line: 4, code: 'invalid-condition' },
  },
  {
    name: 'if with an unknown file test',
    text: L('        if (-z $request_filename) { return 403; }\n'),
    expect: { error: 'invalid condition "-z"', line: 4, code: 'invalid-condition' },
  },
  {
    name: 'if without parentheses',
    text: L('        if $http_upgrade { return 403; }\n'),
    expect: { error: 'invalid condition "$http_upgrade"', line: 4, code: 'invalid-condition' },
  },
  {
    name: 'if whose condition is not a variable',
    text: L('        if (websocket = $http_upgrade) { return 403; }\n'),
    expect: { error: 'invalid condition "websocket"', line: 4, code: 'invalid-condition' },
  },
  {
    name: 'whole nginx.conf without events',
    text: 'http {\n}\n',
    expect: { error: 'no "events" section in configuration', line: null, code: 'no-events' },
  },
  // --- what differs between versions (recorded per version in recorded/<version>.json) ---
  {
    name: 'ssl directive (removed in 1.25.1)',
    text: S('    ssl off;\n'),
    expect: null,
  },
  {
    name: 'http2 directive (added in 1.25.1)',
    text: S('    http2 on;\n'),
    expect: { error: 'unknown directive "http2"', line: 3, code: 'unknown-directive' },
  },
  {
    name: '$request_port variable (added in 1.29.3)',
    text: L('        return 200 $request_port;\n'),
    expect: { error: 'unknown "request_port" variable', line: null, code: 'unknown-variable' },
  },
];
