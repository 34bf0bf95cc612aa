/**
 * Killing `conformance` mid-run leaves nothing behind (issue 15 §3): after SIGTERM or SIGINT no
 * nginx is left, no port is held and no temp dir remains; after SIGKILL nginx still dies (its
 * namespace goes, or its parent-death signal fires) and the next run removes the dead run's
 * temp dir. Each case in a private network namespace and on the host's loopback.
 */
import { describe, expect, it } from 'vitest';
import {
  hostListens,
  isAlive,
  namespaceForTests,
  nginxForTests,
  nginxProcesses,
  parentOf,
  processListeners,
  removeDir,
  runCli,
  runDirs,
  scratchDir,
  servingNginx,
  startCli,
  waitFor,
  writeScenario,
} from './conformance-harness';

const available = nginxForTests('conformance kill tests');
const namespace = available && namespaceForTests();

const CONFIG = [
  'server {',
  '    listen 18080;',
  '    location /chat/ {',
  '        proxy_pass http://127.0.0.1:18081;',
  '        proxy_http_version 1.1;',
  '        proxy_set_header Upgrade $http_upgrade;',
  '        proxy_set_header Connection "upgrade";',
  '    }',
  '}',
  '',
].join('\n');

const MODES = {
  namespace: {},
  host: { NGINX_WS_LAB_NO_NAMESPACE: '1' },
} as const;

/** Starts a 30-second run and waits until its nginx listens; returns what the test needs. */
async function midRun(tmp: string, mode: keyof typeof MODES) {
  const path = writeScenario(tmp, 'long', CONFIG, { until: 30 });
  const cli = startCli([path, '--real-only'], tmp, MODES[mode]);
  const nginx = await waitFor(() => servingNginx(tmp), 20_000, 'nginx to start');
  const port = (await waitFor(() => processListeners(nginx)[0], 5000, 'nginx to listen')).port;
  return { cli, nginx, port };
}

describe.skipIf(!available)('a killed runner leaves nothing behind', () => {
  for (const mode of ['namespace', 'host'] as const) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it.skipIf(mode === 'namespace' && !namespace)(
        `${mode}, ${signal}: nginx stopped, port free, temp dir removed, exit ${signal === 'SIGTERM' ? 143 : 130}`,
        async () => {
          const tmp = scratchDir();
          try {
            const { cli, nginx, port } = await midRun(tmp, mode);
            expect(runDirs(tmp)).toHaveLength(1);
            cli.child.kill(signal);
            const { code } = await cli.exited;
            expect(code).toBe(signal === 'SIGTERM' ? 143 : 130);
            // Everything is gone by the time the runner has exited, not later.
            expect(isAlive(nginx)).toBe(false);
            expect(nginxProcesses(tmp)).toEqual([]);
            expect(hostListens(port)).toBe(false);
            expect(runDirs(tmp)).toEqual([]);
            expect(cli.stderr()).toMatch(/stopping nginx and removing temp files/);
          } finally {
            removeDir(tmp);
          }
        },
        60_000,
      );
    }

    it.skipIf(mode === 'namespace' && !namespace)(
      `${mode}, SIGKILL: nginx dies with the runner, and the next run removes the dead run's temp dir`,
      async () => {
        const tmp = scratchDir();
        try {
          const { cli, nginx, port } = await midRun(tmp, mode);
          cli.child.kill('SIGKILL');
          await cli.exited;
          await waitFor(() => !isAlive(nginx), 10_000, 'nginx to die after the runner was SIGKILLed');
          expect(nginxProcesses(tmp)).toEqual([]);
          expect(hostListens(port)).toBe(false);
          // The next run sweeps what a killed runner could not remove (refused scenario: quick).
          const quick = writeScenario(tmp, 'refused', CONFIG.replace('listen 18080;', 'listen [::]:18080;'));
          await runCli([quick], tmp, MODES[mode]);
          expect(runDirs(tmp)).toEqual([]);
        } finally {
          removeDir(tmp);
        }
      },
      60_000,
    );
  }

  it.skipIf(!namespace)(
    'namespace, SIGKILL of the runner inside the namespace: the kernel takes nginx with it',
    async () => {
      const tmp = scratchDir();
      try {
        const { cli, nginx } = await midRun(tmp, 'namespace');
        const inner = parentOf(nginx);
        expect(inner).not.toBe(cli.child.pid);
        process.kill(inner, 'SIGKILL');
        await waitFor(() => !isAlive(nginx), 10_000, 'nginx to die with its namespace');
        const { code } = await cli.exited;
        expect(code).not.toBe(0);
        expect(nginxProcesses(tmp)).toEqual([]);
        // The outer runner removes what the killed inner one left.
        expect(runDirs(tmp)).toEqual([]);
      } finally {
        removeDir(tmp);
      }
    },
    60_000,
  );
});
