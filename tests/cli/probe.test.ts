/**
 * `nginx-ws-lab probe` against live chains on 127.0.0.1: a WebSocket echo backend, nginx A
 * (proxy_read_timeout 2s) in front of it, nginx B (proxy_read_timeout 1s) in front of A, nginx
 * with TLS (a self-signed certificate made with openssl), nginx without the upgrade headers,
 * and servers that reset, send a close frame 1001, or never answer. Timings are asserted
 * within the simulator's tolerance (0.6 s), the rest on content.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../playground/cli/commands/probe';
import type { ProbeReport } from '../../playground/cli/probe/report';
import {
  closeFrame,
  customServer,
  echoBackend,
  freePort,
  nginxMissing,
  opensslMissing,
  proxyConfig,
  selfSigned,
  silentServer,
  startChainNginx,
  stopAll,
  tempDir,
} from './probe-chain';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function probe(args: string[], tty = false): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const wasTty = process.stderr.isTTY;
  process.stderr.isTTY = tty;
  try {
    return { code: await run(args), stdout, stderr };
  } finally {
    process.stderr.isTTY = wasTty;
    out.mockRestore();
    err.mockRestore();
  }
}

async function probeJson(args: string[]): Promise<{ code: number; report: ProbeReport; stderr: string }> {
  const r = await probe([...args, '--json']);
  return { code: r.code, report: JSON.parse(r.stdout) as ProbeReport, stderr: r.stderr };
}

/** The summary with its wrapped lines joined again. */
function flat(stdout: string): string {
  return stdout.replace(/\n {8,}(?=\S)/g, ' ');
}

/** Seconds of idleness in a transcript's end line. */
function idleOf(stdout: string): number {
  const m = / after ([\d.]+) s idle/.exec(stdout);
  if (!m) throw new Error(`no idle time in:\n${stdout}`);
  return Number(m[1]);
}

const FAST = ['--reply-timeout', '0.5', '--max-idle', '5'];

// Every server, nginx and temp dir any test started, whichever tests ran.
afterAll(() => stopAll(), 30_000);

describe('probe: usage', () => {
  it('documents its options and exit statuses, man-style', async () => {
    const r = await probe(['--help']);
    expect(r.code).toBe(0);
    for (const section of ['NAME', 'SYNOPSIS', 'OPTIONS', 'EXIT STATUS', 'EXAMPLES']) {
      expect(r.stdout).toMatch(new RegExp(`^${section}$`, 'm'));
    }
    for (const code of [0, 1, 2, 3, 4, 5, 130])
      expect(r.stdout).toMatch(new RegExp(`^ {4}${code} +\\S`, 'm'));
  });

  it.each([
    [[], 'no URL given'],
    [['ftp://example.com/'], '"ftp" URLs cannot carry a WebSocket'],
    [['example.com:8080/chat'], 'is not a URL'],
    [['ws://u:p@example.com/'], 'user name or password'],
    [['ws://127.0.0.1:1/', '--idle', '10', '--max-idle', '5'], '--idle 10 is longer than --max-idle 5'],
    [['ws://127.0.0.1:1/', '--idle', 'soon'], '--idle needs a number of seconds (got "soon")'],
    [['ws://127.0.0.1:1/', '-H', 'no colon'], '-H needs "Name: value"'],
    [['ws://127.0.0.1:1/', '--location', '/x/'], '--location is only used with --config'],
    [['ws://127.0.0.1:1/', '--config', 'no-such-nginx.conf'], 'cannot read no-such-nginx.conf: no such file'],
    [['ws://127.0.0.1:1/', '--bogus'], 'unknown option --bogus'],
    [['ws://127.0.0.1:1/', '--nginx-version', 'latest'], '--nginx-version needs a version such as 1.22.1'],
  ])('refuses %j with exit 2 before connecting', async (args, message) => {
    const r = await probe(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('names a config that does not parse, with its line', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const file = join(dir, 'broken.conf');
    writeFileSync(file, 'http {\n    server {\n        listen 80\n    }\n}\n');
    const r = await probe(['ws://127.0.0.1:1/', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.conf:4: cannot parse: .*/);
  });

  it('reads a server’s own messages, and closes with 1002 on a frame that breaks the protocol', async () => {
    const port = await customServer((sock) => {
      sock.write(Buffer.concat([Buffer.from([0x81, 7]), Buffer.from('welcome')]));
      // Servers must not mask; a browser fails the connection on a masked frame.
      setTimeout(() => sock.write(Buffer.from([0x81, 0x81, 1, 2, 3, 4, 0x41])), 1200);
    });
    const { code, report } = await probeJson([`ws://127.0.0.1:${port}/`, ...FAST]);
    expect(code).toBe(1);
    expect(report.frames.find((f) => f.dir === '<')).toMatchObject({ kind: 'text', data: 'welcome' });
    expect(report.echo).toMatchObject({ echoed: false, other_messages: 1 });
    expect(report.end).toMatchObject({ how: 'protocol', code: 1002, by: 'probe' });
    expect(report.end?.summary.message).toMatch(
      /^the probe closed the connection with 1002: the server broke the WebSocket protocol \(a masked frame from the server\) after 1\.\d s$/,
    );
    expect(report.frames.at(-1)).toMatchObject({ dir: '>', kind: 'close', code: 1002 });
  });

  it('says so when nothing listens (exit 3)', async () => {
    const port = await freePort();
    const { code, report } = await probeJson([`ws://127.0.0.1:${port}/chat/`]);
    expect(code).toBe(3);
    expect(report.failure?.code).toBe('fail-refused');
    expect(report.failure?.message).toBe(
      `connection refused by 127.0.0.1 port ${port}: nothing listens there`,
    );
  });
});

const missing = nginxMissing();
const suite = missing ? describe.skip : describe;
if (missing) it.skip(`probe against real nginx: ${missing}`, () => {});
const noOpenssl = opensslMissing();
const tlsIt = noOpenssl
  ? (name: string, fn: () => Promise<void>) => it.skip(`${name}: ${noOpenssl}`, fn)
  : it;

suite('probe: live chains on real nginx', () => {
  let dir: string;
  let aPort: number;
  let bPort: number;
  let plainPort: number;
  let backendPort: number;
  let tlsPort: number | null = null;
  let aConf: string;
  let bConf: string;
  let tlsConf: string | null = null;
  let plainConf: string;
  let resetPort: number;
  let goingAwayPort: number;
  let silentPort: number;

  beforeAll(async () => {
    dir = tempDir();
    backendPort = await echoBackend();
    aPort = await freePort();
    aConf = await startChainNginx(dir, 'nginx-a.conf', proxyConfig(aPort, backendPort, '2s'));
    bPort = await freePort();
    bConf = await startChainNginx(dir, 'nginx-b.conf', proxyConfig(bPort, aPort, '1s'));
    plainPort = await freePort();
    plainConf = await startChainNginx(
      dir,
      'nginx-plain.conf',
      proxyConfig(plainPort, backendPort, '1s', { upgradeHeaders: false }),
    );
    const cert = noOpenssl ? null : selfSigned(dir);
    if (cert) {
      tlsPort = await freePort();
      tlsConf = await startChainNginx(
        dir,
        'nginx-tls.conf',
        proxyConfig(tlsPort, backendPort, '1s', { ssl: cert }),
      );
    }
    resetPort = await customServer((sock) => setTimeout(() => sock.resetAndDestroy(), 1200));
    goingAwayPort = await customServer((sock) => {
      setTimeout(() => sock.write(closeFrame(1001, 'server restart')), 1200);
      // A server closes TCP once the client has answered its close frame.
      sock.on('data', (chunk: Buffer) => {
        if ((chunk[0]! & 0x0f) === 0x8) sock.end();
      });
    });
    silentPort = await silentServer();
  }, 30_000);

  it('through nginx A: both header sets, echo, pong, then nginx closes at proxy_read_timeout 2s', async () => {
    const r = await probe([`ws://127.0.0.1:${aPort}/chat/`, ...FAST, '--config', aConf]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').map((l) => l.slice(10));
    const sent = lines.filter((l) => l.startsWith('> ')).map((l) => l.split(':')[0]);
    expect(sent.slice(0, 7)).toEqual([
      '> GET /chat/ HTTP/1.1',
      '> Host',
      '> Upgrade',
      '> Connection',
      '> Sec-WebSocket-Key',
      '> Sec-WebSocket-Version',
      '> User-Agent',
    ]);
    const received = lines.filter((l) => l.startsWith('< ')).map((l) => l.split(':')[0]);
    // nginx's own order: Server, Date, then the backend's Connection/Upgrade/Accept.
    expect(received.slice(0, 6)).toEqual([
      '< HTTP/1.1 101 Switching Protocols',
      '< Server',
      '< Date',
      '< Connection',
      '< Upgrade',
      '< Sec-WebSocket-Accept',
    ]);
    expect(r.stdout).toMatch(
      /> \[text\] "nginx-ws-lab probe [0-9a-f]{8}"\n.*< \[text\] "nginx-ws-lab probe [0-9a-f]{8}"/,
    );
    expect(r.stdout).toMatch(/\* echo: the same message came back in [\d.]+ ms/);
    expect(r.stdout).toMatch(/< \[pong\] "nginx-ws-lab"\n.*\* ping: pong in [\d.]+ ms/);
    expect(r.stdout).toContain(
      'closed by the other side without a close frame (TCP FIN: the browser sees 1006)',
    );
    expect(Math.abs(idleOf(r.stdout) - 2)).toBeLessThanOrEqual(0.6);
    expect(flat(r.stdout)).toMatch(
      /verdict +agrees: closed after [\d.]+ s idle without a close frame, as your config predicts: nginx’s proxy_read_timeout 2s \(\S*nginx-a\.conf line 10\) closed it/,
    );
    expect(flat(r.stdout)).toMatch(
      /config +location \/chat\/ \(\S*nginx-a\.conf line 5\) at port \d+ proxy_read_timeout 2s/,
    );
    // Off a terminal, the hold's progress is a line a second on stderr (5 s hold: 1 s apart).
    expect(r.stderr).toMatch(/^idle 1 s of 5 s: connection still open$/m);
  });

  it('through B → A: B closes at 1 s; without --config it blames a proxy, with A’s config a hop in front of nginx', async () => {
    const plain = await probe([`ws://127.0.0.1:${bPort}/chat/`, ...FAST]);
    expect(plain.code).toBe(1);
    expect(Math.abs(idleOf(plain.stdout) - 1)).toBeLessThanOrEqual(0.6);
    expect(flat(plain.stdout)).toMatch(/likely +a proxy on the way ended an idle tunnel/);
    expect(flat(plain.stdout)).toContain('add --config with the nginx.conf of the nginx behind this URL');

    const behind = await probeJson([
      `ws://127.0.0.1:${bPort}/chat/`,
      ...FAST,
      '--config',
      aConf,
      '--listen',
      String(aPort),
    ]);
    expect(behind.code).toBe(5);
    expect(behind.report.end).toMatchObject({ how: 'fin', code: 1006, by: 'peer' });
    expect(behind.report.prediction?.timeout).toMatchObject({ seconds: 2, value: '2s' });
    expect(behind.report.verdict).toMatchObject({ kind: 'disagree', code: 'verdict-hop-in-front' });
    expect(behind.report.verdict?.message).toMatch(
      /^differs: closed after [\d.]+ s idle with no close frame: your nginx config predicts proxy_read_timeout 2s \(.*nginx-a\.conf line 10\), so a hop in front of nginx \(a load balancer’s idle timeout\?\) closed it/,
    );

    const front = await probeJson([`ws://127.0.0.1:${bPort}/chat/`, ...FAST, '--config', bConf]);
    expect(front.code).toBe(1);
    expect(front.report.verdict).toMatchObject({ kind: 'agree', code: 'verdict-agree-timeout' });
    expect(front.report.prediction?.route).toMatchObject({ location: 'location /chat/' });
  });

  it('holds an open connection for --idle, then closes it itself (exit 0), redrawing one progress line on a terminal', async () => {
    const r = await probe(
      [`ws://127.0.0.1:${aPort}/chat/`, '--idle', '1', '--reply-timeout', '0.5', '--config', aConf],
      true,
    );
    const seen = `${r.stdout}\n--- stderr\n${JSON.stringify(r.stderr)}`;
    expect(r.code, seen).toBe(0);
    expect(r.stdout).toContain('the 1 s hold is over: the probe sends a close frame (1000)');
    expect(r.stdout).toMatch(/> \[close\] 1000\n.*< \[close\] 1000\n/);
    expect(r.stdout).toMatch(
      /still open after the 1\.0 s hold: the probe closed it \(the server answered the close frame in [\d.]+ ms\)/,
    );
    expect(flat(r.stdout)).toMatch(
      /verdict +agrees: open for the whole 1\.0 s hold, as your config predicts/,
    );
    // Drawn every 0.5 s: `idle 0 s`, and `idle 1 s` when a busy machine is late.
    const CLEAR = '\r\x1b[2K';
    expect(r.stderr.startsWith(CLEAR), seen).toBe(true);
    expect(r.stderr.slice(CLEAR.length), seen).toMatch(
      /^idle [01] s of 1 s · connection open · 0 frame\(s\) from the server/,
    );
    expect(r.stderr).not.toContain('\n');
  });

  tlsIt(
    'wss:// with a self-signed certificate: refused without --insecure (exit 3), probed with it',
    async () => {
      if (tlsPort === null) throw new Error('openssl req could not make a certificate');
      const refused = await probe([`wss://127.0.0.1:${tlsPort}/chat/`, ...FAST]);
      expect(refused.code).toBe(3);
      expect(refused.stdout).toMatch(/TLS handshake with 127\.0\.0\.1 failed: self[- ]signed certificate/);
      expect(refused.stdout).toContain('--insecure accepts it anyway');

      const { code, report } = await probeJson([
        `wss://127.0.0.1:${tlsPort}/chat/`,
        ...FAST,
        '-k',
        '--config',
        tlsConf!,
      ]);
      expect(code).toBe(1);
      expect(report.connection?.tls).toMatchObject({
        trusted: false,
        subject: 'CN=127.0.0.1',
        alpn: 'http/1.1',
      });
      expect(report.connection?.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(report.echo?.echoed).toBe(true);
      expect(report.end).toMatchObject({ how: 'fin' });
      expect(Math.abs(report.end!.idle - 1)).toBeLessThanOrEqual(0.6);
      expect(report.verdict?.code).toBe('verdict-agree-timeout');
    },
  );

  it('a hop without the upgrade headers: the backend’s 426 and its body, with the hint (exit 4)', async () => {
    const r = await probe([`ws://127.0.0.1:${plainPort}/chat/`, ...FAST, '--config', plainConf]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('< HTTP/1.1 426 Upgrade Required');
    expect(r.stdout).toContain('< expected websocket only');
    expect(r.stdout).toContain('a hop dropped the Upgrade/Connection headers');
    expect(flat(r.stdout)).toMatch(/verdict +agrees: your config predicts 426 too/);
  });

  it('a server that resets: the reset, and who does that', async () => {
    const { code, report } = await probeJson([`ws://127.0.0.1:${resetPort}/`, ...FAST]);
    expect(code).toBe(1);
    expect(report.echo).toMatchObject({ echoed: false, other_messages: 0 });
    expect(report.ping).toMatchObject({ pong: false });
    expect(report.end).toMatchObject({ how: 'reset', code: 1006, by: 'peer' });
    expect(report.likely[0]?.code).toBe('likely-reset');
    expect(report.transcript.map((l) => l.text)).toContain(
      'echo: no answer within 0.5 s: this server does not echo (that is fine)',
    );
  });

  it('a server that sends a close frame 1001 with a reason: code, reason, and the probe’s answer', async () => {
    const r = await probe([`ws://127.0.0.1:${goingAwayPort}/`, ...FAST]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/< \[close\] 1001 "server restart"\n.*> \[close\] 1001\n/);
    expect(r.stdout).toContain(
      'closed by the other side with a close frame 1001 (going away) and reason "server restart"',
    );
    expect(flat(r.stdout)).toMatch(/likely +the WebSocket server ended it on purpose/);
  });

  it('a server that never answers the handshake: the timeout, named (exit 4)', async () => {
    const { code, report } = await probeJson([`ws://127.0.0.1:${silentPort}/`, '--handshake-timeout', '0.5']);
    expect(code).toBe(4);
    expect(report.failure?.code).toBe('fail-handshake-timeout');
    expect(report.failure?.message).toMatch(
      /^no answer to the upgrade request within 0\.5 s \(--handshake-timeout\)/,
    );
    expect(report.response).toBeNull();
  });

  it('sends -H, --origin and --protocol in place, and says when no subprotocol was chosen', async () => {
    const { code, report } = await probeJson([
      `http://127.0.0.1:${backendPort}/chat/?room=1`,
      '-H',
      'User-Agent: ops-check',
      '-H',
      'X-Trace: 42',
      '--origin',
      'https://app.example',
      '--protocol',
      'chat, superchat',
      '--idle',
      '0.2',
      '--reply-timeout',
      '0.5',
    ]);
    expect(code).toBe(0);
    expect(report.url).toBe(`ws://127.0.0.1:${backendPort}/chat/?room=1`);
    expect(report.request?.line).toBe('GET /chat/?room=1 HTTP/1.1');
    expect(report.request?.headers.map(([n]) => n)).toEqual([
      'Host',
      'Upgrade',
      'Connection',
      'Sec-WebSocket-Key',
      'Sec-WebSocket-Version',
      'Origin',
      'Sec-WebSocket-Protocol',
      'User-Agent',
      'X-Trace',
    ]);
    expect(report.request?.headers).toContainEqual(['User-Agent', 'ops-check']);
    expect(report.subprotocol).toBeNull();
    expect(report.transcript.map((l) => l.text)).toContain(
      'the server chose none of the subprotocols offered (chat, superchat)',
    );
  });
});
