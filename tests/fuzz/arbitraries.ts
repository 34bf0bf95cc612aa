import fc from 'fast-check';
import { stringify } from 'yaml';
import { directiveNames, encodePermalink } from '../../playground/src/index';

/**
 * Generators for the fuzz targets: nginx-shaped configs built from the real directive table
 * (blocks, quotes, escapes, variables, maps with regexes, upstreams), raw junk, scenario-shaped
 * YAML and permalinks. Shapes are kept small: the point is many odd combinations, not size
 * (the hostile-input tests cover size).
 */

const DIRECTIVES = directiveNames();

/** Words nginx configs are made of, including the ones that make the tokenizer work hard. */
const WORDS = [
  'on',
  'off',
  '80',
  '127.0.0.1:18081',
  '[::1]:8080',
  'default_server',
  'http://127.0.0.1:18081',
  'http://127.0.0.1:18081/',
  'http://backend',
  'http://backend/ws/$1',
  'https://$host$request_uri',
  '$host',
  '$http_upgrade',
  '$connection_upgrade',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's braced variable syntax, not a template
  '${uri}x',
  '$1',
  '$arg_a',
  '$cookie_b',
  'upgrade',
  'close',
  'Upgrade',
  'Connection',
  'X-Forwarded-For',
  '$proxy_add_x_forwarded_for',
  '1.1',
  '10s',
  '1m',
  '1h30m',
  '64k',
  '1m',
  '0',
  '-1',
  '4096',
  '~',
  '~*',
  '=',
  '^~',
  '/',
  '/chat/',
  '/ws',
  '~^/ws/(.*)$',
  '~*\\.php$',
  '^/(?<name>\\w+)',
  '~(a+)+$',
  '(?i)x',
  '\\"',
  "\\'",
  '\\\\',
  'a\\nb',
  '*.example.com',
  'example.*',
  '~^(?P<sub>.+)\\.example\\.com$',
  '""',
  "''",
  '"two words"',
  "'single $host'",
  '"unterminated',
  '{',
  '}',
  ';',
  '#comment',
  'weight=2',
  'max_fails=0',
  'backup',
  'keepalive',
  '101',
  '200',
  '426',
  '中文',
  '\u0000',
  '\uFFFD',
];

const SPACE = fc.constantFrom(' ', ' ', '  ', '\t', '\n', '\r\n', ' #c\n');

export const word: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...DIRECTIVES) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        'a',
        '$',
        '{',
        '}',
        ';',
        '"',
        "'",
        '\\',
        '#',
        '/',
        '~',
        '(',
        ')',
        '*',
        '+',
        '.',
        ' ',
      ),
      maxLength: 8,
    }),
  },
);

interface Node {
  name: string;
  args: string[];
  block: Node[] | null;
}

/** A directive tree with real names (mostly) and nginx-ish arguments. */
const tree: fc.Arbitrary<Node[]> = fc.letrec<{ list: Node[] }>((tie) => ({
  list: fc.array(
    fc.record({
      name: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...DIRECTIVES) },
        { weight: 1, arbitrary: fc.constantFrom('serv', 'locaton', 'proxy_pas', '$x', '"q"') },
      ),
      args: fc.array(word, { maxLength: 4 }),
      block: fc.option(tie('list'), { nil: null, depthSize: 'small', freq: 3 }),
    }),
    { maxLength: 5 },
  ),
})).list;

function printNodes(nodes: Node[], spaces: string[], indent = ''): string {
  let i = 0;
  const sp = () => spaces[i++ % spaces.length] ?? ' ';
  return nodes
    .map((n) => {
      const head = [n.name, ...n.args].join(sp());
      return n.block === null
        ? `${indent}${head};${sp()}`
        : `${indent}${head}${sp()}{${sp()}${printNodes(n.block, spaces, `${indent}  `)}${indent}}${sp()}`;
    })
    .join('\n');
}

/** A map with string and regex keys, as WebSocket configs write them. */
const mapBlock = fc
  .record({
    source: fc.constantFrom('$http_upgrade', '$uri', '$host', '$arg_x', '$http_x'),
    target: fc.constantFrom('$connection_upgrade', '$m', '$backend'),
    entries: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'default',
            '""',
            'websocket',
            '~*^websocket$',
            '~^/ws/(.*)$',
            '~(a+)+$',
            '~(',
            '\\x',
          ),
          fc
            .string({ unit: fc.constantFrom('a', '.', '*', '+', '(', ')', '|', '?', '^', '$'), maxLength: 8 })
            .map((r) => `~${r}`),
        ),
        fc.constantFrom('upgrade', 'close', '$1', '127.0.0.1:18081', '"a b"', '$host'),
      ),
      { maxLength: 5 },
    ),
  })
  .map((m) => `map ${m.source} ${m.target} {\n${m.entries.map(([k, v]) => `  ${k} ${v};`).join('\n')}\n}\n`);

const upstreamBlock = fc
  .record({
    name: fc.constantFrom('backend', 'u', 'ws'),
    servers: fc.array(
      fc.tuple(
        fc.constantFrom('127.0.0.1:18081', '127.0.0.1:18082', 'localhost', 'unix:/tmp/x.sock', '[::1]:1'),
        fc.subarray(['weight=2', 'backup', 'max_fails=1', 'fail_timeout=1s', 'down']),
      ),
      { maxLength: 3 },
    ),
    extras: fc.subarray(['keepalive 4;', 'ip_hash;', 'hash $uri consistent;', 'least_conn;']),
  })
  .map(
    (u) =>
      `upstream ${u.name} {\n${u.servers.map(([s, f]) => `  server ${[s, ...f].join(' ')};`).join('\n')}\n  ${u.extras.join('\n  ')}\n}\n`,
  );

const locationBlock = fc
  .record({
    modifier: fc.constantFrom('', '= ', '^~ ', '~ ', '~* '),
    path: fc.constantFrom('/', '/chat/', '/ws', '^/ws/(.*)$', '\\.php$', '/a b', '(a+)+'),
    body: fc.array(
      fc.constantFrom(
        'proxy_pass http://127.0.0.1:18081;',
        'proxy_pass http://backend;',
        'proxy_pass http://backend/x/$1;',
        'proxy_pass $backend;',
        'proxy_http_version 1.1;',
        'proxy_set_header Upgrade $http_upgrade;',
        'proxy_set_header Connection $connection_upgrade;',
        'proxy_set_header Connection "upgrade";',
        'proxy_set_header Host $host;',
        'proxy_set_header X-Empty "";',
        'proxy_read_timeout 1s;',
        'proxy_connect_timeout 2;',
        'proxy_buffering off;',
        'proxy_next_upstream error timeout http_502;',
        'proxy_hide_header X-A;',
        'return 200 "$host";',
        'return 301 https://$host$request_uri;',
        'set $m $1;',
        'if ($http_upgrade = "") { return 426; }',
        'if ($http_upgrade ~* ^(web)socket$) { set $ws $1; add_header X-WS $ws always; }',
        'if (!-f $request_filename) { proxy_pass http://127.0.0.1:18082; }',
        'if ($arg_t) { rewrite ^ /chat/ last; }',
        'rewrite ^/ws$ /chat/ last;',
        'rewrite ^/chat/(.*)$ /$1 break;',
        'rewrite ^(.*)$ $1 last;',
        'rewrite ^ http://other.test/ redirect;',
        'rewrite_log on;',
        'break;',
        'return 444;',
        'return 302 /chat/;',
        'absolute_redirect off;',
        'add_header X-A 1;',
        'add_header Cache-Control no-store always;',
        'root /srv;',
        'try_files $uri =404;',
        'location /chat/inner { proxy_pass http://127.0.0.1:18082; }',
        'add_header X-Script "<script>alert(1)</script>";',
      ),
      { maxLength: 6 },
    ),
  })
  .map((l) => `location ${l.modifier}${l.path} {\n    ${l.body.join('\n    ')}\n  }`);

const serverBlock = fc
  .record({
    listen: fc.constantFrom('18080', '127.0.0.1:18080', '80 default_server', '[::]:18080', 'x', '18080 ssl'),
    names: fc.subarray(['example.com', '*.example.com', '~^(?<sub>.+)\\.x$', '""', '_', '<b>x</b>']),
    locations: fc.array(locationBlock, { maxLength: 4 }),
    extras: fc.subarray([
      'server_tokens off;',
      'keepalive_timeout 0;',
      'proxy_set_header X-S 1;',
      'return 404;',
      'rewrite ^/old/(.*)$ /chat/$1 last;',
      'if ($request_method = POST) { return 405; }',
      'add_header X-Server 1 always;',
      'server_name_in_redirect on;',
    ]),
  })
  .map(
    (s) =>
      `server {\n  listen ${s.listen};\n${s.names.length ? `  server_name ${s.names.join(' ')};\n` : ''}  ${s.extras.join('\n  ')}\n  ${s.locations.join('\n  ')}\n}\n`,
  );

/** A WebSocket-proxy-shaped http body: maps, upstreams, servers, in any order. */
const structured = fc
  .array(fc.oneof(mapBlock, upstreamBlock, serverBlock, serverBlock), { minLength: 1, maxLength: 5 })
  .chain((parts) => fc.boolean().map((whole) => ({ parts, whole })))
  .map(({ parts, whole }) => (whole ? `events {}\nhttp {\n${parts.join('\n')}\n}\n` : parts.join('\n')));

/** Deletes, duplicates or inserts one character: configs as people mistype them. */
function mutate(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      base,
      fc.nat(),
      fc.constantFrom('delete', 'insert', 'duplicate'),
      fc.constantFrom(...'{};"\'$\\#\n '),
    )
    .map(([text, at, how, ch]) => {
      if (text.length === 0) return ch;
      const i = at % text.length;
      if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
      if (how === 'insert') return text.slice(0, i) + ch + text.slice(i);
      return text.slice(0, i) + text.slice(i, i + 1) + text.slice(i);
    });
}

/** Raw junk: any string, and strings made of the characters nginx's tokenizer cares about. */
export const junk: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...'{};"\'$\\#\n \t()~*^=/ab'), maxLength: 300 }),
);

/** Config text: structured, table-driven trees, mistyped variants of both, and junk. */
export const configText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: structured },
  {
    weight: 3,
    arbitrary: fc
      .tuple(tree, fc.array(SPACE, { minLength: 1, maxLength: 4 }))
      .map(([t, s]) => printNodes(t, s)),
  },
  { weight: 2, arbitrary: mutate(structured) },
  { weight: 1, arbitrary: junk },
);

/** Well-formed configs only (for the evaluator, which needs a parse that succeeded to be interesting). */
export const wellFormedConfig = structured;

export const requestPath = fc.oneof(
  fc.constantFrom(
    '/',
    '/chat/',
    '/chat/x',
    '/ws/a/b',
    '/index.php',
    '/a%20b',
    '/../x',
    '//x',
    '/?a=1&b=2',
    '/x?',
  ),
  fc.webPath().map((p) => `/${p}`),
  fc
    .string({ unit: fc.constantFrom('/', 'a', '%', '.', '?', '=', '&', '#', 'é'), maxLength: 20 })
    .map((p) => `/${p}`),
);

export const headerList: fc.Arbitrary<Array<[string, string]>> = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(
        'Host',
        'Upgrade',
        'Connection',
        'Sec-WebSocket-Key',
        'Sec-WebSocket-Version',
        'X-A',
        'Cookie',
      ),
      fc.string({ maxLength: 10 }),
    ),
    fc.oneof(
      fc.constantFrom(
        'example.com',
        'websocket',
        'Upgrade',
        'keep-alive, Upgrade',
        'dGhlIHNhbXBsZSBub25jZQ==',
        '13',
        '',
      ),
      fc.string({ maxLength: 20 }),
    ),
  ),
  { maxLength: 6 },
);

const step = fc.oneof(
  fc.record({ at: fc.double({ min: 0, max: 6, noNaN: true }), send: fc.string({ maxLength: 20 }) }),
  fc.record({ at: fc.double({ min: 0, max: 6, noNaN: true }), ping: fc.string({ maxLength: 5 }) }),
  fc.record({ at: fc.double({ min: 0, max: 6, noNaN: true }), close: fc.integer({ min: 1000, max: 4999 }) }),
);

const backendSpec = fc.record(
  {
    kind: fc.constantFrom('websocket', 'refused', 'silent', 'http'),
    handshake_delay: fc.double({ min: 0, max: 3, noNaN: true }),
    plain_status: fc.constantFrom(200, 400, 426, 502),
    echo: fc.boolean(),
    send_every: fc.option(fc.double({ min: 0.05, max: 3, noNaN: true })),
    ping_every: fc.option(fc.double({ min: 0.05, max: 3, noNaN: true })),
    close_after: fc.option(fc.double({ min: 0, max: 5, noNaN: true })),
  },
  { requiredKeys: ['kind'] },
);

/** Scenario objects as the format describes them, with nginx-shaped configs. */
export const scenarioObject = fc.record({
  title: fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.record({ zh: fc.string({ maxLength: 5 }), en: fc.string({ maxLength: 5 }) }),
  ),
  config: configText,
  backends: fc.dictionary(
    fc.constantFrom('127.0.0.1:18081', '127.0.0.1:18082', 'localhost:1', 'x'),
    backendSpec,
    {
      maxKeys: 3,
    },
  ),
  client: fc.record({
    request: fc.record({
      method: fc.constantFrom('GET', 'POST', 'HEAD'),
      path: requestPath,
      http_version: fc.constantFrom('1.1', '1.0'),
      headers: headerList,
    }),
    steps: fc.array(step, { maxLength: 5 }),
    until: fc.double({ min: 0, max: 8, noNaN: true }),
  }),
  nginx_version: fc.constantFrom('1.22.1', '1.25.0', '1.30.0'),
});

/** Anything a YAML document may hold where a scenario field is expected. */
const yamlValue = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 3 }),
);

/** Scenario-shaped YAML: valid scenarios, scenarios with wrong field types, and broken YAML. */
export const scenarioYaml: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: scenarioObject.map((s) => stringify(s)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        scenarioObject,
        fc.constantFrom('title', 'config', 'backends', 'client', 'nginx_version', 'expect', 'files'),
        yamlValue,
      )
      .map(([s, key, value]) => stringify({ ...s, [key]: value })),
  },
  { weight: 2, arbitrary: mutate(scenarioObject.map((s) => stringify(s))) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        'a',
        ':',
        ' ',
        '\n',
        '-',
        '|',
        '>',
        '&a',
        '*a',
        '!!str',
        '{',
        '}',
        '[',
        ']',
        '"',
        "'",
        '#',
        '<<',
        '%YAML 1.2\n---',
      ),
      maxLength: 60,
    }),
  },
  { weight: 1, arbitrary: fc.json().map((j) => j) },
);

/** Values that follow `#s=`: real links, damaged links, other versions and junk. */
export const permalinkValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map(encodePermalink) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 100 }).map(encodePermalink),
        fc.nat(),
        fc.constantFrom('A', '_', '-', '.', '=', '+', '%'),
      )
      .map(
        ([link, at, ch]) =>
          link.slice(0, at % (link.length + 1)) + ch + link.slice((at % (link.length + 1)) + 1),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('', '0.', '1.', '2.', '999999.', '1234567.', '01.', '-1.', '1..'),
        fc.base64String({ maxLength: 80 }),
      )
      .map(([mark, body]) => mark + body.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'AZaz09-_.'), maxLength: 100 }) },
);
