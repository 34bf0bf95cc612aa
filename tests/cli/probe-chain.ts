/**
 * Live chains for the probe's tests, all on 127.0.0.1 with ports the kernel hands out:
 * WebSocket servers written for the case (echo, reset, close 1001, silent), and real nginx
 * instances in private prefixes (`master_process off; daemon off;`), each stopped and its
 * files removed by `stopAll`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend } from '../../playground/cli/conformance/backends';
import { hasToken, headerValue, readHead } from '../../playground/cli/conformance/http-head';
import { Recorder } from '../../playground/cli/conformance/recorder';
import { acceptKey } from '../../playground/cli/conformance/ws-frames';
import { defaultBackend } from '../../playground/src/index';

const stops: Array<() => Promise<void> | void> = [];

export async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0).reverse()) {
    try {
      await stop();
    } catch {
      // Keep stopping the rest: one failure must not leave other processes running.
    }
  }
}

export function nginxMissing(): string | null {
  if (existsSync(NGINX_BIN)) return null;
  const message = `${NGINX_BIN} not found: install it with "apt-get install -y nginx-light"`;
  if (process.env.CI) throw new Error(message);
  return message;
}

/** A directory of our own under the system temp dir, removed by stopAll. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-probe-test-'));
  stops.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The conformance runner's WebSocket backend: echoes text, answers pings and close frames. */
export async function echoBackend(): Promise<number> {
  const port = await freePort();
  const backend = await startBackend(`127.0.0.1:${port}`, port, defaultBackend(), new Recorder());
  stops.push(() => backend.stop());
  return port;
}

/**
 * A WebSocket server that completes the handshake and then does `after` with the socket:
 * the cases no scenario backend plays (a reset, a close frame 1001 with a reason).
 */
export async function customServer(after: (sock: Socket) => void): Promise<number> {
  return listen((sock) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const head = readHead(buf);
      if (!head) return;
      sock.off('data', onData);
      if (!hasToken(headerValue(head.headers, 'upgrade'), 'websocket')) {
        sock.end('HTTP/1.1 426 Upgrade Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      const key = headerValue(head.headers, 'sec-websocket-key') ?? '';
      sock.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
      );
      after(sock);
    };
    sock.on('data', onData);
  });
}

/** A close frame from a server (unmasked) with a code and a reason. */
export function closeFrame(code: number, reason: string): Buffer {
  const body = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason, 'utf8')]);
  return Buffer.concat([Buffer.from([0x88, body.length]), body]);
}

/** Accepts connections and never says a word. */
export function silentServer(): Promise<number> {
  return listen(() => {});
}

async function listen(onSocket: (sock: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    onSocket(sock);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** An nginx.conf proxying `/chat/` to `upstreamPort` as the guides teach, with this read timeout. */
export function proxyConfig(
  port: number,
  upstreamPort: number,
  readTimeout: string,
  extra: { ssl?: { cert: string; key: string }; upgradeHeaders?: boolean } = {},
): string {
  const upgrade =
    extra.upgradeHeaders === false
      ? ''
      : '            proxy_http_version 1.1;\n' +
        '            proxy_set_header Upgrade $http_upgrade;\n' +
        '            proxy_set_header Connection "upgrade";\n';
  return [
    'events {}',
    'http {',
    '    server {',
    `        listen 127.0.0.1:${port}${extra.ssl ? ' ssl' : ''};`,
    ...(extra.ssl
      ? [`        ssl_certificate ${extra.ssl.cert};`, `        ssl_certificate_key ${extra.ssl.key};`]
      : []),
    '        location /chat/ {',
    `            proxy_pass http://127.0.0.1:${upstreamPort};`,
    `${upgrade}            proxy_read_timeout ${readTimeout};`,
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
}

const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

function listening(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

/**
 * Real nginx running `config` (also written to `dir/name` for --config), in its own prefix, as
 * the test wrote it: these configs are the test's own, so they skip the conformance runner's
 * sandbox (which is for scenarios from strangers). `nginx -t` first, so a broken config fails
 * the test with nginx's own message.
 */
export async function startChainNginx(dir: string, name: string, config: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, config);
  const prefix = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-probe-nginx-'));
  stops.push(() => rmSync(prefix, { recursive: true, force: true }));
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${t}_temp;`);
  const main = `daemon off; master_process off; pid nginx.pid; error_log error.log info;\n`;
  writeFileSync(join(prefix, 'nginx.conf'), main + config.replace(/^http \{$/m, `http { ${temps.join(' ')}`));
  const args = ['-p', prefix, '-e', 'error.log', '-c', 'nginx.conf'];
  const tested = spawnSync(NGINX_BIN, [...args, '-t'], { encoding: 'utf8', timeout: 10_000 });
  if (tested.status !== 0) throw new Error(`nginx -t refused ${name}: ${tested.stderr}`);
  const nginx = spawn(NGINX_BIN, args, { stdio: 'ignore' });
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        if (nginx.exitCode !== null) return resolve();
        nginx.once('exit', () => resolve());
        nginx.kill('SIGKILL');
      }),
  );
  const port = Number(/listen 127\.0\.0\.1:(\d+)/.exec(config)?.[1]);
  for (let i = 0; i < 100; i++) {
    if (await listening(port)) return file;
    if (nginx.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `nginx for ${name} did not listen on 127.0.0.1:${port}: ${readFileSync(join(prefix, 'error.log'), 'utf8')}`,
  );
}

export function opensslMissing(): string | null {
  const version = spawnSync('openssl', ['version'], { stdio: 'ignore', timeout: 10_000 });
  return version.error || version.status !== 0
    ? 'openssl not found: install it with "apt-get install -y openssl"'
    : null;
}

/** A self-signed certificate for 127.0.0.1 made with `openssl req`; null when openssl is missing. */
export function selfSigned(dir: string): { cert: string; key: string } | null {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore', timeout: 20_000 },
  );
  if (made.error || made.status !== 0) return null;
  return { cert, key };
}
