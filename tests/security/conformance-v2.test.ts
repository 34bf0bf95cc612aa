/**
 * Scenario v2 under the conformance runner's rules (README, "Running untrusted scenarios"): a
 * config installed by a reload is checked like the first one, before nginx sees any; nginx runs
 * with a master process and workers, and every one of them is gone after a normal end, SIGTERM,
 * or SIGKILL of the runner — in a private network namespace and on the host's loopback.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  isAlive,
  namespaceForTests,
  nginxForTests,
  removeDir,
  runCli,
  runDirs,
  scratchDir,
  startCli,
  waitFor,
} from './conformance-harness';

const available = nginxForTests('conformance v2 tests');
const namespace = available && namespaceForTests();

const SERVER = [
  'server {',
  '    listen 18080;',
  '    location / {',
  '        proxy_pass http://127.0.0.1:18081;',
  '        proxy_http_version 1.1;',
  '        proxy_set_header Upgrade $http_upgrade;',
  '        proxy_set_header Connection "upgrade";',
  '    }',
  '}',
  '',
].join('\n');

const UPGRADE = {
  path: '/',
  headers: {
    Host: 'example.com',
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
  },
};

function writeV2(dir: string, name: string, doc: Record<string, unknown>): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    stringify({ title: name, config: SERVER, backends: { '127.0.0.1:18081': {} }, ...doc }),
  );
  return path;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function ppid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** The master nginx serving under `tmp` (its title names the prefix), and its workers. */
function masterAndWorkers(tmp: string): { master: number; workers: number[] } | null {
  const pids = readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
  const master = pids.find((p) => {
    const c = cmdline(p);
    return c.startsWith('nginx: master process') && c.includes(tmp);
  });
  if (master === undefined) return null;
  const workers = pids.filter((p) => {
    try {
      return cmdline(p).startsWith('nginx: worker process') && ppid(p) === master;
    } catch {
      return false;
    }
  });
  return workers.length ? { master, workers } : null;
}

describe.skipIf(!available)('scenario v2 in real runs', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = scratchDir();
  });
  afterAll(() => removeDir(tmp));

  it('checks every reload config and its files before nginx runs, naming the event, line and directive', async () => {
    const dir = scratchDir();
    try {
      const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        [
          'reload-alias',
          {
            clients: [{ request: { path: '/' } }],
            events: [
              {
                at: 1,
                reload: {
                  config: SERVER.replace(
                    '    location / {',
                    '    location /fs/ { alias /; }\n    location / {',
                  ),
                },
              },
            ],
          },
          /events\[0\]\.reload\.config line 3: "alias" refused in real runs: "\/" is outside the run's directory/,
        ],
        [
          'reload-files',
          {
            clients: [{ request: { path: '/' } }],
            events: [
              { at: 0.5, reload: {} },
              {
                at: 1,
                reload: {
                  config: SERVER.replace('    listen 18080;', '    listen 18080;\n    include x.conf;'),
                  files: { 'x.conf': 'root /etc;\n' },
                },
              },
            ],
          },
          /events\[1\]\.reload\.files\."x\.conf" line 1: "root" refused/,
        ],
        [
          'reload-listen',
          {
            clients: [{ request: { path: '/' } }],
            events: [
              { at: 1, reload: { config: SERVER.replace('listen 18080;', 'listen 192.0.2.2:18080;') } },
            ],
          },
          /events\[0\]\.reload\.config line 2: "listen" refused/,
        ],
        [
          'too-long',
          { clients: [{ request: { path: '/' } }], until: 61 },
          /until is 61 s; real runs last at most 60 s/,
        ],
        [
          'schema',
          { clients: [{ request: { path: '/' }, colour: 'red' }] },
          /line \d+: clients\.0 must NOT have additional properties "colour"/,
        ],
      ];
      const paths = cases.map(([name, doc]) => writeV2(dir, name, doc));
      const r = await runCli([...paths, '--json', '--real-only'], tmp);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as {
        scenarios: Array<{ name: string; error?: string; real?: unknown }>;
      };
      for (const [i, [name, , pattern]] of cases.entries()) {
        const row = report.scenarios.find((s) => s.name.endsWith(`${name}.yaml`));
        expect(row?.error, name).toMatch(pattern);
        expect(row!.error!.startsWith(paths[i]!), name).toBe(true);
        expect(row!.real, name).toBeUndefined();
      }
      expect(runDirs(tmp)).toEqual([]);
    } finally {
      removeDir(dir);
    }
  }, 60_000);

  const MODES = { namespace: {}, host: { NGINX_WS_LAB_NO_NAMESPACE: '1' } } as const;
  for (const mode of ['namespace', 'host'] as const) {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      it.skipIf(mode === 'namespace' && !namespace)(
        `${mode}, ${signal} mid-run: the master and its workers are gone, and the temp dir with them`,
        async () => {
          const run = scratchDir();
          try {
            const path = writeV2(run, 'long', {
              clients: [{ request: UPGRADE }],
              events: [{ at: 0.5, reload: {} }],
              until: 30,
            });
            const cli = startCli([path, '--real-only'], run, MODES[mode]);
            // After the reload: the first workers are gone, new ones serve (and hold the tunnel's old one).
            const nginx = await waitFor(() => masterAndWorkers(run), 20_000, 'nginx and its workers');
            await new Promise((r) => setTimeout(r, 1000));
            const all = [nginx.master, ...nginx.workers, ...(masterAndWorkers(run)?.workers ?? [])];
            cli.child.kill(signal);
            await cli.exited;
            await waitFor(
              () => all.every((p) => !isAlive(p)),
              10_000,
              `nginx processes to end after ${signal}`,
            );
            if (signal === 'SIGTERM') expect(runDirs(run)).toEqual([]);
            else {
              // The next run removes what a SIGKILLed runner left.
              const quick = writeV2(run, 'quick', { clients: [{ request: { path: '/' } }], until: 61 });
              await runCli([quick], run, MODES[mode]);
              expect(runDirs(run)).toEqual([]);
            }
          } finally {
            removeDir(run);
          }
        },
        60_000,
      );
    }
  }
});
