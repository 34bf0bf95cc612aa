import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs real nginx with deploy/nginx.conf (placeholders filled in) over a built site, as the
 * current user, in a temporary prefix, on a free 127.0.0.1 port. Used by deploy.e2e.ts and
 * framing.e2e.ts. Stopped by pid in afterAll.
 */

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const NGINX_MISSING = `nginx not found at ${NGINX}: install it with "apt-get install -y nginx-light"`;
const DEPLOY = resolve(import.meta.dirname, '../../deploy');

/** Where Debian's brotli module packages put their modules (or a directory given in the env). */
const BROTLI_DIR = process.env.NGINX_BROTLI_MODULES ?? '/usr/lib/nginx/modules';
export const BROTLI_MODULES = ['ngx_http_brotli_filter_module.so', 'ngx_http_brotli_static_module.so'].map(
  (m) => join(BROTLI_DIR, m),
);
export const BROTLI_PACKAGES =
  'apt-get install -y libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static';
export const hasBrotli = (): boolean => BROTLI_MODULES.every((m) => existsSync(m));

/** Whether the tests can run; in CI a missing nginx is a failure, not a skip. */
export function nginxAvailable(): boolean {
  if (existsSync(NGINX)) return true;
  if (process.env.CI) throw new Error(NGINX_MISSING);
  return false;
}

/** The built site the e2e run serves (same rule as global-setup.ts). */
export function distDir(): string {
  const dist = resolve(process.env.E2E_DIST ?? 'dist');
  if (!existsSync(join(dist, '_nginx/page.conf'))) {
    throw new Error(
      `${dist}/_nginx/ is missing: the build did not run the deploy step; run \`node scripts/deploy-headers.mjs ${dist}\``,
    );
  }
  return dist;
}

export interface NginxSite {
  url: string;
  port: number;
  prefix: string;
  /** The config nginx runs, after substitution. */
  config: string;
  errorLog(): string;
  stop(): Promise<void>;
}

/** A port the kernel just handed out on 127.0.0.1 (released again for nginx to take). */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => ok(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

/** Turns on the optional brotli lines of deploy/nginx.conf, exactly as the README tells operators. */
function enableBrotli(config: string): string {
  let out = config;
  for (const module of BROTLI_MODULES) {
    const line = new RegExp(`^# (load_module \\S*${module.split('/').at(-1)};)$`, 'm');
    if (!line.test(out))
      throw new Error(`deploy/nginx.conf: the commented load_module line for ${module} is gone`);
    out = out.replace(line, `load_module ${module};`);
  }
  if (!out.includes('    # include brotli.conf;')) {
    throw new Error('deploy/nginx.conf: the commented "include brotli.conf;" line is gone');
  }
  return out.replace('    # include brotli.conf;', '    include brotli.conf;');
}

export function renderConfig(opts: {
  port: number;
  root: string;
  stateDir: string;
  brotli: boolean;
}): string {
  let config = readFileSync(join(DEPLOY, 'nginx.conf'), 'utf8');
  for (const placeholder of ['@LISTEN@', '@SERVER_NAME@', '@SITE_ROOT@', '@STATE_DIR@']) {
    if (!config.includes(placeholder))
      throw new Error(`deploy/nginx.conf: placeholder ${placeholder} is gone`);
  }
  config = config
    .replaceAll('@LISTEN@', `127.0.0.1:${opts.port}`)
    .replaceAll('@SERVER_NAME@', 'localhost')
    .replaceAll('@SITE_ROOT@', opts.root)
    .replaceAll('@STATE_DIR@', opts.stateDir);
  // As root, workers run as the config's www-data; as anyone else nginx keeps the current user.
  if (process.getuid?.() === 0) config = config.replace(/^user www-data;$/m, 'user root;');
  return opts.brotli ? enableBrotli(config) : config;
}

/** `nginx -t` on the rendered config: returns nginx's own words when it fails. */
export function testConfig(prefix: string): { ok: boolean; output: string } {
  const r = spawnSync(NGINX, ['-t', '-p', prefix, '-c', join(prefix, 'nginx.conf')], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

export async function startNginx(opts: { root: string; brotli?: boolean }): Promise<NginxSite> {
  const prefix = mkdtempSync(join(tmpdir(), 'deploy-nginx-'));
  // Workers (www-data when started as root) must reach the temp dirs nginx creates here.
  chmodSync(prefix, 0o755);
  copyFileSync(join(DEPLOY, 'brotli.conf'), join(prefix, 'brotli.conf'));
  // Ports race with other processes on a shared machine: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const config = renderConfig({ port, root: opts.root, stateDir: prefix, brotli: opts.brotli ?? false });
    writeFileSync(join(prefix, 'nginx.conf'), config);
    const check = testConfig(prefix);
    if (!check.ok) throw new Error(`nginx -t refused deploy/nginx.conf:\n${check.output}`);
    const child: ChildProcess = spawn(
      NGINX,
      ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let up = false;
    for (let i = 0; i < 50 && child.exitCode === null; i++) {
      if (await canConnect(port)) {
        up = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (up) {
      const errorLog = () =>
        existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : '';
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        prefix,
        config,
        errorLog,
        stop: async () => {
          if (child.exitCode === null) {
            child.kill('SIGTERM');
            await exited;
          }
          rmSync(prefix, { recursive: true, force: true });
        },
      };
    }
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    if (!/Address already in use/.test(stderr)) {
      throw new Error(`nginx did not start on 127.0.0.1:${port}:\n${stderr}`);
    }
  }
  throw new Error('nginx found no free port on 127.0.0.1 in 5 attempts');
}
