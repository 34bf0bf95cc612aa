/** The conformance runner's pure parts: config wrapping, nginx -t messages, ports, error.log lines. */
import { describe, expect, it } from 'vitest';
import { MAIN_FILE } from '../../playground/cli/conformance/config-tree';
import { confineConfig } from '../../playground/cli/conformance/confine';
import { normalizeErrorLog } from '../../playground/cli/conformance/error-log';
import type { Launcher } from '../../playground/cli/conformance/launcher';
import { firstEmerg, wrapConfig } from '../../playground/cli/conformance/nginx-process';
import {
  mapOutcomeBack,
  movePorts,
  needsOwnPorts,
  OwnPorts,
  portMap,
  scenarioPorts,
} from '../../playground/cli/conformance/ports';
import { eofAtConfigEnd } from '../../playground/cli/conformance/run-real';
import { firstListenPort, normalizeScenario } from '../../playground/cli/conformance/scenario-file';
import type { Outcome } from '../../playground/src/index';

const CONFIG = [
  'upstream pool {',
  '    server 127.0.0.1:18081;',
  '}',
  'server {',
  '    listen 18080;',
  '    location / { proxy_pass http://127.0.0.1:18082/x; }',
  '}',
  '',
].join('\n');

const LAUNCHER: Launcher = {
  nginx: ['nginx'],
  wrapper: [],
  owner: null,
  userRoot: false,
  user: 'nobody',
  diesWithRunner: true,
  notes: [],
};

describe('wrapConfig', () => {
  it('keeps every line of an http-block body at its own line number', () => {
    const confined = confineConfig(CONFIG, {});
    const wrapped = wrapConfig(CONFIG, confined, LAUNCHER);
    const lines = wrapped.split('\n');
    expect(lines[0]).toMatch(/^daemon off; .*events \{\} http \{ access_log off; .*upstream pool \{$/);
    expect(lines.slice(1, 7)).toEqual(CONFIG.split('\n').slice(1, 7));
    expect(wrapped.trimEnd().endsWith('}')).toBe(true);
  });

  it('adds events and temp paths to a whole nginx.conf, blanks its pid, keeps its own temp path', () => {
    const whole = 'pid /run/nginx.pid;\nhttp {\n    proxy_temp_path pt;\n    server { listen 18080; }\n}\n';
    const confined = confineConfig(whole, {});
    expect(confined.tree.form).toBe('main');
    expect(confineConfig(CONFIG, {}).tree.form).toBe('http');
    const wrapped = wrapConfig(confined.rewrite(new Map()).get(MAIN_FILE)!, confined, LAUNCHER);
    expect(wrapped).not.toContain('/run/nginx.pid');
    expect(wrapped).toContain('events {}');
    expect(wrapped.split('\n')[1]).toMatch(
      /^http \{ access_log off; client_body_temp_path client_body_temp;/,
    );
    expect(wrapped.split('\n')[1]).not.toContain('proxy_temp_path proxy_temp');
    expect(wrapped.split('\n')).toHaveLength(whole.split('\n').length);
  });

  it('adds no error_log of its own when the scenario sets one in main, and user root in a user namespace', () => {
    const whole = 'error_log /var/log/e.log warn;\nevents {}\nhttp { server { listen 18080; } }\n';
    const confined = confineConfig(whole, {});
    const wrapped = wrapConfig(confined.rewrite(new Map()).get(MAIN_FILE)!, confined, {
      ...LAUNCHER,
      userRoot: true,
    });
    expect(wrapped.split('\n')[0]).toBe(
      'daemon off; master_process off; pid nginx.pid; user root; error_log error.log warn;',
    );
  });
});

describe('firstEmerg', () => {
  const prefix = { dir: '/tmp/p', conf: '/tmp/p/nginx.conf' };
  it('turns nginx -t output into "message line N"', () => {
    const stderr =
      'nginx: [warn] something harmless\nnginx: [emerg] "map" directive is not allowed here in /tmp/p/nginx.conf:3\n' +
      'nginx: configuration file /tmp/p/nginx.conf test failed\n';
    expect(firstEmerg(stderr, prefix)).toBe('"map" directive is not allowed here line 3');
  });
  it('keeps messages that carry no location as they are', () => {
    expect(firstEmerg('nginx: [emerg] unknown "x" variable\n', prefix)).toBe('unknown "x" variable');
  });
  it('names an included file relative to the prefix', () => {
    expect(firstEmerg('nginx: [emerg] unexpected "}" in /tmp/p/snippets/ws.conf:2\n', prefix)).toBe(
      'unexpected "}" in snippets/ws.conf line 2',
    );
  });
});

describe('ports', () => {
  const scenario = normalizeScenario(
    {
      config: CONFIG,
      backends: { '127.0.0.1:18081': {}, '127.0.0.1:18082': { kind: 'http' } },
      client: { request: { path: '/' }, until: 1 },
    },
    'test.yaml',
  );

  it('finds listen, upstream, proxy_pass, backend and client ports', () => {
    expect(firstListenPort(CONFIG)).toBe(18080);
    expect(scenarioPorts(scenario, confineConfig(CONFIG, {}).ports)).toEqual([18080, 18081, 18082]);
  });

  it('moves them into the block and maps outcome strings back', () => {
    const confined = confineConfig(CONFIG, {});
    const map = portMap(scenarioPorts(scenario, confined.ports), 25000);
    const config = confined.rewrite(map).get(MAIN_FILE)!;
    expect(config).toContain('listen 127.0.0.1:25000;');
    expect(config).toContain('server 127.0.0.1:25001;');
    expect(config).toContain('proxy_pass http://127.0.0.1:25002/x;');
    const moved = movePorts(scenario, map);
    expect(Object.keys(moved.backends)).toEqual(['127.0.0.1:25001', '127.0.0.1:25002']);
    expect(moved.client.port).toBe(25000);
    const outcome: Outcome = {
      format: 'outcome@1',
      response: { at: 0, status: 200, headers: {} },
      upstream: [
        {
          backend: '127.0.0.1:18082',
          request_line: 'GET /x HTTP/1.0',
          headers: [['host', '127.0.0.1:25002']],
        },
      ],
      tunnel: false,
      frames: [],
      end: null,
    };
    const back = mapOutcomeBack(outcome, map) as typeof outcome;
    expect(back.upstream[0]!.headers).toEqual([['host', '127.0.0.1:18082']]);
    expect(back.response!.status).toBe(200);
  });

  it('keeps the own ports of a consistent hash, whose ring hashes the server names as written', () => {
    const uses = (config: string) =>
      needsOwnPorts(confineConfig(config, {}).tree.directives.map((at) => at.directive));
    expect(uses('http { upstream u { hash $arg_k consistent; server 127.0.0.1:18081; } }')).toBe(true);
    expect(uses('http { upstream u { hash $arg_k; server 127.0.0.1:18081; } }')).toBe(false);
    expect(uses(CONFIG)).toBe(false);
  });

  it('gives own-port runs one at a time', async () => {
    const own = new OwnPorts();
    const order: string[] = [];
    const first = await own.take([]);
    const second = own.take([]).then((release) => {
      order.push('second');
      release();
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    order.push('first done');
    first();
    await second;
    expect(order).toEqual(['first done', 'second']);
  });
});

describe('normalizeErrorLog', () => {
  it('strips time, pid, connection id and context, and drops start/stop notices', () => {
    const log = [
      '2026/11/21 22:51:58 [notice] 1#1: using the "epoll" event method',
      '2026/11/21 22:51:59 [info] 1#1: *3 upstream timed out (110: Connection timed out) while proxying upgraded connection, client: 127.0.0.1, server: , request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:25001/", host: "a"',
      '2026/11/21 22:51:59 [error] 1#1: *4 open() "/tmp/p/html/x" failed (2: No such file or directory), client: 127.0.0.1',
      '2026/11/21 22:52:00 [info] 1#1: epoll_wait() failed (4: Interrupted system call)',
      '2026/11/21 22:52:00 [notice] 1#1: signal 15 (SIGTERM) received from 9, exiting',
    ].join('\n');
    expect(normalizeErrorLog(log, '/tmp/p')).toEqual([
      '[info] upstream timed out (110: Connection timed out) while proxying upgraded connection',
      '[error] open() "/usr/share/nginx/html/x" failed (2: No such file or directory)',
    ]);
  });
});

describe('normalizeScenario', () => {
  it('fills v1 defaults and accepts YAML numbers for http_version', () => {
    const s = normalizeScenario(
      { config: CONFIG, client: { request: { path: '/', http_version: 1, headers: [['A', 1]] }, until: 2 } },
      'x.yaml',
    );
    expect(s.client).toEqual({
      port: 18080,
      request: { method: 'GET', path: '/', http_version: '1.0', headers: [['A', '1']] },
      steps: [],
      until: 2,
    });
  });
  it('names the file and the field in its errors', () => {
    expect(() => normalizeScenario({ config: CONFIG, client: { request: {} } }, 'bad.yaml')).toThrow(
      /bad\.yaml: "client\.request\.path" is required/,
    );
    expect(() =>
      normalizeScenario(
        { config: CONFIG, backends: { 'example.com:80': {} }, client: { request: { path: '/' }, until: 1 } },
        'bad.yaml',
      ),
    ).toThrow(/only use 127\.0\.0\.1:PORT/);
  });
});

describe('eofAtConfigEnd', () => {
  it('moves an end-of-file error from the wrapper’s extra line back to the config’s end', () => {
    const config = 'server {\n    listen 18080;\n';
    expect(eofAtConfigEnd('unexpected end of file, expecting "}" line 4', config)).toBe(
      'unexpected end of file, expecting "}" line 3',
    );
    expect(eofAtConfigEnd('unexpected "}" line 4', config)).toBe('unexpected "}" line 4');
  });
});
