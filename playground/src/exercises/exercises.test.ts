import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../../src/i18n/dictionaries.mjs';
import { renderMessage } from '../../../src/i18n/translate';
import { loadScenario, parseConfig, simulate } from '../index';
import { checkExercise, type ExerciseEngine, parseExercise } from './exercise';

/**
 * Every exercise in content/scenarios/exercises is played through the engine: the reference
 * solution and each listed alternative must meet every goal (so goals judge outcomes, not
 * text), and the start config must miss at least one (so there is something to fix).
 */
const dir = new URL('../../../content/scenarios/exercises/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const engine: ExerciseEngine = { loadScenario, simulate, parseConfig };

const failedGoals = (check: ReturnType<typeof checkExercise>) =>
  check.runs.flatMap((run) => [
    ...run.errors.map((e) => `scenario error: ${e}`),
    ...run.results
      .filter((r) => !r.ok)
      .map((r) => `${r.goal}: ${renderMessage(dictionaries.en.goal, r.message)}`),
  ]);

describe('exercise catalogue', () => {
  it('has at least 35 exercises over three levels, with unique ids', () => {
    const parsed = files.map((f) => parseExercise(readFileSync(new URL(f, dir), 'utf8'), f));
    for (const p of parsed) expect(p.errors).toEqual([]);
    const exercises = parsed.map((p) => p.exercise!);
    expect(exercises.length).toBeGreaterThanOrEqual(35);
    expect(new Set(exercises.map((e) => e.level))).toEqual(new Set([1, 2, 3]));
    expect(new Set(exercises.map((e) => e.id)).size).toBe(exercises.length);
  });
});

describe.each(files)('%s', (file) => {
  const { exercise, errors } = parseExercise(readFileSync(new URL(file, dir), 'utf8'), file);

  it('is a valid exercise', () => {
    expect(errors).toEqual([]);
  });

  it('reference solution meets every goal', () => {
    const check = checkExercise(exercise!, exercise!.solution, engine);
    expect(failedGoals(check)).toEqual([]);
    expect(check.solved).toBe(true);
  });

  it('start config misses at least one goal', () => {
    const check = checkExercise(exercise!, exercise!.start_config, engine);
    expect(check.runs.every((r) => r.errors.length === 0)).toBe(true);
    expect(check.solved).toBe(false);
  });

  it('every alternative solution meets every goal', () => {
    for (const alternative of exercise!.alternatives) {
      expect(failedGoals(checkExercise(exercise!, alternative, engine))).toEqual([]);
    }
  });
});

/** Tempting fixes that are wrong: each must leave at least one goal unmet. */
const wrongFixes: Array<[string, (start: string) => string, string]> = [
  // Plain requests lose Connection: close, but WebSocket loses its upgrade too (the `also` run).
  [
    'keepalive-upstream',
    (c) => c.replace('Connection $connection_upgrade', 'Connection ""'),
    'upstream_headers.connection',
  ],
  // A bit longer is not long enough: the tunnel still dies before 5.5 s.
  ['idle-timeout', (c) => c.replace('proxy_read_timeout 2s', 'proxy_read_timeout 3s'), 'alive_at'],
  // Timeout equal to the heartbeat interval: the first ping arrives as the timer fires.
  ['heartbeat-interval', (c) => c.replace('proxy_read_timeout 1s', 'proxy_read_timeout 1500ms'), 'alive_at'],
  // Dropping the trailing slash alone fixes the path, not the HTTP version or Host.
  ['capstone', (c) => c.replace('18081/;', '18081;'), 'upstream_request_line'],
  // Making the regex location come first changes nothing: regexes are checked after prefixes anyway.
  ['location-precedence', (c) => c.replace('location /ws/', 'location /ws/v2/'), 'upstream_backend'],
  // wss:// is no more a proxy_pass scheme than ws://.
  ['ws-scheme', (c) => c.replace('ws://', 'wss://'), 'config_error'],
  // The load balancer's header alone leaves direct clients with no X-Forwarded-Proto at all.
  [
    'forwarded-proto',
    (c) => c.replace('X-Forwarded-Proto $scheme', 'X-Forwarded-Proto $http_x_forwarded_proto'),
    'upstream_headers.x-forwarded-proto',
  ],
  // A CORS header protects nothing: browsers do not apply CORS to WebSocket.
  [
    'origin-allow-list',
    (c) =>
      c.replace(
        'location /chat/ {',
        'location /chat/ {\n        add_header Access-Control-Allow-Origin https://chat.example.com;',
      ),
    'status',
  ],
  // The strict Connection map alone still hands Upgrade: h2c to the backend.
  [
    'strict-upgrade',
    (c) => c.replace("default upgrade;\n    ''      close;", 'websocket upgrade;\n    default   close;'),
    'upstream_headers.upgrade',
  ],
  // At server level it is lost: the location has proxy_set_header lines of its own.
  [
    'forged-header',
    (c) => c.replace('listen 18080;', 'listen 18080;\n    proxy_set_header X-Auth-User "";'),
    'upstream_headers.x-auth-user',
  ],
  // max_fails only acts after failures; the first handshake still goes to 18081.
  ['drain-backend', (c) => c.replace('18081;', '18081 max_fails=1;'), 'upstream_backend'],
  // A /chat/ location does not help while the server-level return answers first.
  [
    'redirect-keeps-ws',
    (c) =>
      c.replace(
        'return 301',
        'location /chat/ {\n        proxy_pass http://127.0.0.1:18081;\n        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";\n    }\n    return 301',
      ),
    'status',
  ],
  // proxy_next_upstream_timeout limits further tries, never the read that is waiting.
  [
    'handshake-failover',
    (c) =>
      c.replace(
        'proxy_read_timeout 10s;',
        'proxy_read_timeout 10s;\n        proxy_next_upstream_timeout 2s;',
      ),
    'status',
  ],
  // The timeout alone: plain requests still carry Connection: upgrade to the keepalive upstream.
  [
    'ingress-annotations',
    (c) => c.replace('proxy_read_timeout 2s;', 'proxy_read_timeout 10s;'),
    'upstream_headers.connection',
  ],
  // More tries change nothing while proxy_next_upstream is off.
  [
    'next-upstream-off',
    (c) =>
      c.replace('proxy_next_upstream off;', 'proxy_next_upstream off;\n    proxy_next_upstream_tries 2;'),
    'status',
  ],
  // One long timeout for the whole location: the plain API waits 10 s instead of 2.
  [
    'timeout-in-if',
    (c) =>
      c
        .replace(/\s*if \(\$http_upgrade\) \{\s*proxy_read_timeout 10s;\s*\}/, '')
        .replace('proxy_read_timeout 2s;', 'proxy_read_timeout 10s;'),
    'status',
  ],
  // More file descriptors do not give a worker more connections.
  ['log-worker-connections', (c) => `worker_rlimit_nofile 65535;\n${c}`, 'status'],
  // Renaming the location fixes /ws/ and breaks the clients still on /socket/.
  ['log-static-404', (c) => c.replace('location /socket/', 'location /ws/'), 'status'],
  // A host name nginx cannot resolve at run time is no better than localhost.
  ['log-no-resolver', (c) => c.replace('localhost:18081', 'chat-backend:18081'), 'status'],
  // ssl_protocols in the chat server again changes nothing: www.example.com is the default server.
  [
    'ssl-default-server',
    (c) => c.replace('ssl_protocols TLSv1.2 TLSv1.3;', 'ssl_protocols TLSv1.3;'),
    'ssl_protocols_exclude',
  ],
  // The handshake fixed, the rest left: the draining instance still takes the handshake.
  [
    'final-assessment',
    (c) => c.replace('proxy_pass http://chat;', 'proxy_pass http://chat;\n        proxy_http_version 1.1;'),
    'upstream_backend',
  ],
];

describe('tempting wrong fixes fail a goal', () => {
  it.each(wrongFixes)('%s', (id, change, goal) => {
    const exercise = files
      .map((f) => parseExercise(readFileSync(new URL(f, dir), 'utf8'), f).exercise)
      .find((e) => e?.id === id);
    const config = change(exercise!.start_config);
    expect(config).not.toBe(exercise!.start_config);
    const check = checkExercise(exercise!, config, engine);
    expect(check.solved).toBe(false);
    expect(check.runs.flatMap((r) => r.results).find((r) => r.goal === goal && !r.ok)).toBeDefined();
  });
});
