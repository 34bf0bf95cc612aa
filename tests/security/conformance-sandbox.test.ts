/**
 * `conformance` must never expose the machine (issue 15 §3): hostile scenarios, played through
 * the CLI against real nginx, are refused with the file, line and directive, or confined to the
 * run's temp dir; during a normal run nginx listens on 127.0.0.1 only, in a private network
 * namespace where the kernel allows one (and on the host's loopback where it does not).
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  namespaceForTests,
  namespaceListeners,
  netnsOf,
  nginxForTests,
  nginxProcesses,
  processListeners,
  removeDir,
  runCli,
  runDirs,
  scratchDir,
  servingNginx,
  startCli,
  uidOf,
  waitFor,
  writeScenario,
} from './conformance-harness';

const available = nginxForTests('conformance sandbox tests');
const namespace = available && namespaceForTests();
const root = process.getuid?.() === 0;

const WS_LOCATION = [
  '    location /chat/ {',
  '        proxy_pass http://127.0.0.1:18081;',
  '        proxy_http_version 1.1;',
  '        proxy_set_header Upgrade $http_upgrade;',
  '        proxy_set_header Connection "upgrade";',
  '    }',
];

function server(...lines: string[]): string {
  return ['server {', '    listen 18080;', ...lines.map((l) => `    ${l}`), ...WS_LOCATION, '}', ''].join(
    '\n',
  );
}

interface JsonRow {
  name: string;
  error?: string;
  real?: { response?: { status: number }; config_error?: string };
}

describe('conformance --help', () => {
  it('prints the usage, exit 0, without "unknown option"', async () => {
    const tmp = scratchDir();
    try {
      const r = await runCli(['--help'], tmp);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^usage: nginx-ws-lab conformance /);
      expect(r.stdout).toContain('--json');
      expect(`${r.stdout}${r.stderr}`).not.toContain('unknown option');
    } finally {
      removeDir(tmp);
    }
  });
});

describe.skipIf(!available)('hostile scenarios against real nginx', () => {
  let tmp: string;
  let canary: string;
  beforeAll(() => {
    tmp = scratchDir();
    canary = scratchDir();
  });
  afterAll(() => {
    removeDir(tmp);
    removeDir(canary);
  });

  it('refuses each escape with the scenario file, the config line and the directive, and starts nothing', async () => {
    const dir = scratchDir();
    try {
      const cases: Array<[string, string, Record<string, string> | undefined, RegExp]> = [
        [
          'listen-ipv6',
          server().replace('listen 18080;', 'listen [::]:18080;'),
          undefined,
          /config line 2: "listen" refused in real runs: IPv6/,
        ],
        [
          'listen-unix',
          server(`listen unix:${canary}/pwned.sock;`),
          undefined,
          /config line 3: "listen" refused in real runs: unix sockets/,
        ],
        [
          'listen-other',
          server().replace('listen 18080;', 'listen 192.0.2.2:18080;'),
          undefined,
          /config line 2: "listen" refused/,
        ],
        [
          'alias-root',
          server('location /fs/ { alias /; autoindex on; }'),
          undefined,
          /config line 3: "alias" refused in real runs: "\/" is outside the run's directory/,
        ],
        [
          'root-etc',
          server('root /etc;'),
          undefined,
          /config line 3: "root" refused in real runs: "\/etc" is outside/,
        ],
        [
          'temp-path',
          server(`proxy_temp_path "${canary}/pwned-temp";`),
          undefined,
          /config line 3: "proxy_temp_path" refused/,
        ],
        [
          'temp-relative',
          server('client_body_temp_path ../../../../../../../../pwned;'),
          undefined,
          /config line 3: "client_body_temp_path" refused/,
        ],
        [
          'cache-path',
          `proxy_cache_path ${canary}/cache keys_zone=z:1m;\n${server()}`,
          undefined,
          /config line 1: "proxy_cache_path" refused/,
        ],
        [
          'include-etc',
          server('include /etc/nginx/mime.types;'),
          undefined,
          /config line 3: "include" refused in real runs: "\/etc\/nginx\/mime\.types" is outside/,
        ],
        [
          'include-climb',
          server('include ../../../../../../etc/nginx/nginx.conf;'),
          undefined,
          /config line 3: "include" refused/,
        ],
        [
          'include-file-escape',
          server('include snippets/a.conf;'),
          { 'snippets/a.conf': 'root /etc;\n' },
          /files\."snippets\/a\.conf" line 1: "root" refused/,
        ],
        [
          'load-module',
          `load_module /usr/lib/nginx/modules/ngx_stream_module.so;\nevents {}\nhttp {\n${server()}}\n`,
          undefined,
          /config line 1: "load_module" refused/,
        ],
        [
          'ssl-cert',
          server('ssl_certificate /etc/ssl/certs/ssl-cert-snakeoil.pem;'),
          undefined,
          /config line 3: "ssl_certificate" refused in real runs: "\/etc\/ssl/,
        ],
        [
          'ssl-key',
          server('ssl_certificate_key "/etc/ssl/private/ssl-cert-snakeoil.key";'),
          undefined,
          /config line 3: "ssl_certificate_key" refused/,
        ],
        [
          'pass-unix',
          server().replace('http://127.0.0.1:18081', `http://unix:${canary}/x.sock:/`),
          undefined,
          /"proxy_pass" refused in real runs: unix sockets/,
        ],
        [
          'pass-elsewhere',
          server().replace('http://127.0.0.1:18081', 'http://192.0.2.1:80'),
          undefined,
          /"proxy_pass" refused in real runs: "192\.0\.2\.1:80"/,
        ],
        [
          'access-syslog',
          server('access_log syslog:server=192.0.2.1;'),
          undefined,
          /"access_log" refused in real runs: syslog/,
        ],
        [
          'no-listen',
          'server {\n    location / { return 200; }\n}\n',
          undefined,
          /config line 1: "server" refused in real runs: a server without listen/,
        ],
      ];
      const paths = cases.map(([name, config, files]) => writeScenario(dir, name, config, { files }));
      const r = await runCli([...paths, '--json', '--real-only'], tmp);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as {
        scenarios: JsonRow[];
        isolation: { network: string; nginx_user: string; nginx_killed_with_runner: boolean };
      };
      expect(report.isolation.network).toBe(namespace ? 'namespace' : 'host');
      if (namespace) expect(report.isolation.nginx_user).toBe(root ? 'nobody' : 'the invoking user');
      expect(report.isolation.nginx_killed_with_runner).toBe(true);
      for (const [i, [name, , , pattern]] of cases.entries()) {
        const row = report.scenarios.find((s) => s.name.endsWith(`${name}.yaml`));
        expect(row?.error, name).toMatch(pattern);
        expect(row!.error!.startsWith(paths[i]!), name).toBe(true);
        expect(row!.real, name).toBeUndefined();
      }
      expect(readdirSync(canary)).toEqual([]);
      expect(runDirs(tmp)).toEqual([]);
      expect(nginxProcesses(tmp)).toEqual([]);
    } finally {
      removeDir(dir);
    }
  }, 60_000);

  it('confines logs, pid and addresses of a whole nginx.conf: it runs, and nothing is written outside', async () => {
    const dir = scratchDir();
    try {
      const climb = `${'../'.repeat(24)}${canary.slice(1)}`;
      const config = [
        `pid "${canary}/pwned.pid";`,
        `error_log '${canary}/pwned-error.log' info;`,
        'events {}',
        'http {',
        `    access_log "${canary}/pwned-access.log";`,
        '    server {',
        '        listen 0.0.0.0:18080;',
        `        error_log ${climb}/pwned-relative.log info;`,
        `        access_log ${climb}/pwned-relative-access.log;`,
        '        location / { root html; }',
        '    }',
        '}',
        '',
      ].join('\n');
      const path = writeScenario(dir, 'whole', config, {
        path: '/index.html',
        files: { 'html/index.html': 'hello\n' },
        backends: {},
      });
      const r = await runCli([path, '--json', '--real-only'], tmp);
      const report = JSON.parse(r.stdout) as { scenarios: JsonRow[] };
      expect(report.scenarios[0]!.error).toBeUndefined();
      expect(report.scenarios[0]!.real!.response!.status).toBe(200);
      expect(r.code).toBe(0);
      expect(readdirSync(canary)).toEqual([]);
      expect(existsSync(`${canary}/pwned.pid`)).toBe(false);
      expect(runDirs(tmp)).toEqual([]);
    } finally {
      removeDir(dir);
    }
  }, 60_000);
});

describe.skipIf(!available)('what nginx listens on during a normal run', () => {
  for (const mode of ['namespace', 'host'] as const) {
    it.skipIf(mode === 'namespace' && !namespace)(
      `${mode}: only 127.0.0.1, in ${mode === 'namespace' ? 'its own network namespace' : 'the host’s namespace'}, as nobody when the runner is root`,
      async () => {
        const tmp = scratchDir();
        try {
          const config = [
            'server { listen 18080; location /chat/ { proxy_pass http://127.0.0.1:18081; } }',
            'server { listen *:18082; }',
            'server { listen 0.0.0.0:18083; }',
            '',
          ].join('\n');
          const path = writeScenario(tmp, 'normal', config, { until: 3 });
          const env = mode === 'host' ? { NGINX_WS_LAB_NO_NAMESPACE: '1' } : {};
          const cli = startCli([path, '--real-only'], tmp, env);
          try {
            const pid = await waitFor(() => servingNginx(tmp), 20_000, 'nginx to start');
            const own = await waitFor(
              () => {
                const l = processListeners(pid);
                return l.length === 3 && l;
              },
              5000,
              'nginx to listen on its three ports',
            );
            expect(own.map((l) => l.address)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
            if (root) expect(uidOf(pid)).not.toBe(0);
            if (mode === 'namespace') {
              expect(netnsOf(pid)).not.toBe(netnsOf('self'));
              // Nothing in that namespace listens anywhere but loopback (backends included).
              const all = namespaceListeners(pid);
              expect(all.length).toBeGreaterThanOrEqual(4);
              expect(all.filter((l) => l.address !== '127.0.0.1')).toEqual([]);
            } else {
              expect(netnsOf(pid)).toBe(netnsOf('self'));
            }
          } finally {
            const { code } = await cli.exited;
            expect(code, cli.stderr()).toBe(0);
          }
          expect(cli.stdout()).toMatch(
            mode === 'namespace'
              ? /isolation: private network namespace .*nginx runs as (nobody|the invoking user)/
              : /isolation: host loopback \(127\.0\.0\.1 only.*NGINX_WS_LAB_NO_NAMESPACE=1\)/,
          );
          if (mode === 'host') expect(cli.stderr()).toMatch(/warning: no private network namespace/);
          expect(runDirs(tmp)).toEqual([]);
        } finally {
          removeDir(tmp);
        }
      },
      60_000,
    );
  }
});
