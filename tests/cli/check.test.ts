import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../playground/cli/commands/check';
import type { Diagnostic } from '../../playground/src/index';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function check(args: string[], env: Record<string, string | undefined> = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL, LC_MESSAGES: process.env.LC_MESSAGES };
  Object.assign(process.env, { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...env });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await run(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const lineFormat = /^(.+):(\d+):(\d+) (error|warning|info) (ws-[a-z0-9-]+) (.+)$/;

let dir: string;

function write(rel: string, text: string): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-check-'));
  // Relative includes resolve against the main file's directory (conf/), even from conf/sites/.
  write(
    'conf/nginx.conf',
    'events {}\nhttp {\n    include sites/*.conf;\n    include nothing-here/*.conf;\n}\n',
  );
  write('conf/sites/app.conf', 'server {\n    listen 8080;\n    include snippets/ws.conf;\n}\n');
  write(
    'conf/snippets/ws.conf',
    'location /ws/ {\n    proxy_pass http://127.0.0.1:9000;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection "upgrade";\n}\n',
  );
  write('conf/sites/snippets/ws.conf', 'this would be wrong: nginx does not resolve includes here;\n');
  write('broken.conf', 'http {\n    server {\n        listen 80;\n');
  write('clean.conf', 'server {\n    listen 80;\n    location / {\n        root /srv;\n    }\n}\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('nginx-ws-lab check', () => {
  it('follows include globs relative to the main config directory, like nginx', async () => {
    const r = await check([join(dir, 'conf/nginx.conf')]);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) expect(l).toMatch(lineFormat);
    const http = lines.find((l) => l.includes('ws-missing-http-version'));
    expect(http).toBeDefined();
    const [, file, line, col, severity] = lineFormat.exec(http!)!;
    expect(file).toBe(join(dir, 'conf/snippets/ws.conf'));
    expect([line, col, severity]).toEqual(['1', '1', 'error']);
    expect(r.code).toBe(1);
  });

  it('exits 0 and prints nothing for a config without findings', async () => {
    const r = await check([join(dir, 'clean.conf')]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 2 with the path for a missing file', async () => {
    const r = await check([join(dir, 'missing.conf')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot read ${join(dir, 'missing.conf')}: no such file`);
  });

  it('exits 2 with file and line for a config nginx cannot parse', async () => {
    const r = await check([join(dir, 'broken.conf')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.conf:4: cannot parse: unexpected end of file, expecting "}"/);
  });

  it('reports a missing include once, with file and line, and checks everything else', async () => {
    const path = write(
      'with-missing-include.conf',
      [
        'events {}',
        'http {',
        '    include /nonexistent/site.conf;',
        '    include snippets/none-*.conf;',
        '    server {',
        '        listen 80;',
        '        include /nonexistent/site.conf;',
        '        location /ws/ {',
        '            proxy_pass http://127.0.0.1:9000;',
        '            proxy_set_header Upgrade $http_upgrade;',
        '        }',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
    const r = await check([path]);
    const notes = r.stderr.split('\n').filter((l) => l.includes('include not checked'));
    // Each include line once (the glob matching nothing is fine, as in nginx).
    expect(notes).toEqual([
      expect.stringMatching(
        /with-missing-include\.conf:3: warning: include not checked: open\(\) "\/nonexistent\/site\.conf" failed/,
      ),
      expect.stringMatching(
        /with-missing-include\.conf:7: warning: include not checked: open\(\) "\/nonexistent\/site\.conf" failed/,
      ),
    ]);
    // The server after the missing includes is still checked.
    expect(r.stdout).toMatch(/with-missing-include\.conf:8:9 error ws-missing-http-version /);
    expect(r.code).toBe(1);

    const sarif = JSON.parse((await check([path, '--format', 'sarif'])).stdout);
    const results = sarif.runs[0].results as Array<{ ruleId: string; level: string; locations: unknown[] }>;
    const missing = results.filter((x) => x.ruleId === 'nginx-include-missing');
    expect(missing.map((x) => x.level)).toEqual(['warning', 'warning']);
    expect(results.some((x) => x.ruleId === 'ws-missing-http-version')).toBe(true);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  it('still stops at a config nginx cannot parse after a missing include', async () => {
    const path = write(
      'missing-then-broken.conf',
      'http {\n    include /nonexistent/a.conf;\n    server {\n',
    );
    const r = await check([path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing-then-broken.conf:2: warning: include not checked');
    expect(r.stderr).toMatch(/cannot parse: unexpected end of file/);
  });

  it('rejects unknown options and bad values with exit 2', async () => {
    expect((await check(['--format', 'xml'])).code).toBe(2);
    expect((await check(['--lang', 'fr'])).code).toBe(2);
    expect((await check(['--bogus'])).code).toBe(2);
  });

  it('picks the message language from --lang, then LC_ALL/LANG', async () => {
    const conf = join(dir, 'conf/nginx.conf');
    const zhEnv = await check([conf], { LANG: 'zh_CN.UTF-8' });
    expect(zhEnv.stdout).toMatch(/[\u4e00-\u9fff]/);
    const overridden = await check([conf, '--lang', 'en'], { LC_ALL: 'zh_CN.UTF-8' });
    expect(overridden.stdout).not.toMatch(/[\u4e00-\u9fff]/);
    const lcAllWins = await check([conf], { LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' });
    expect(lcAllWins.stdout).toMatch(/[\u4e00-\u9fff]/);
  });

  it('--format json prints the diagnostics with both languages and fixes', async () => {
    const r = await check([join(dir, 'conf/nginx.conf'), '--format', 'json']);
    const list = JSON.parse(r.stdout) as Array<
      Omit<Diagnostic, 'message'> & { message: Record<string, string> }
    >;
    const d = list.find((x) => x.id === 'ws-missing-http-version')!;
    expect(d.location.file).toBe(join(dir, 'conf/snippets/ws.conf'));
    expect(d.message.zh).toMatch(/^location \/ws\/ 未设置 proxy_http_version 1\.1/);
    expect(d.message.en).toMatch(/^location \/ws\/ has no proxy_http_version 1\.1/);
    expect(d.fix?.edits[0]?.insert).toContain('proxy_http_version 1.1;');
    // Every guide target is checked to exist in both languages by tests/unit/diagnostics-guides.test.ts.
    expect(d.guide).toMatch(/^\/guides\/[a-z-]+\/(?:#[a-z0-9-]+)?$/);
  });

  it('--format sarif prints a SARIF 2.1.0 log whose results point at their rules', async () => {
    const r = await check([join(dir, 'conf/nginx.conf'), '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const { rules } = log.runs[0].tool.driver;
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    for (const res of log.runs[0].results) {
      expect(rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      expect(res.message.text.length).toBeGreaterThan(0);
      const { artifactLocation, region } = res.locations[0].physicalLocation;
      expect(artifactLocation.uri).toMatch(/^file:\/\//);
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
        expect(Number.isInteger(region[k]) && region[k] >= 1).toBe(true);
      }
      for (const fix of res.fixes ?? []) {
        for (const change of fix.artifactChanges) expect(change.replacements.length).toBeGreaterThan(0);
      }
    }
    expect(r.code).toBe(1);
  });

  it('checks a scenario file with its own request', async () => {
    const path = write(
      'scenario.yaml',
      [
        'title: { zh: 路由到 /live/, en: Routed to /live/ }',
        'config: |',
        '  server {',
        '      listen 18080;',
        '      location /live/ {',
        '          proxy_pass http://127.0.0.1:18081;',
        '      }',
        '  }',
        'backends:',
        '  "127.0.0.1:18081": { kind: websocket }',
        'client:',
        '  request:',
        '    path: /live/feed',
        '    headers: { Host: example.com, Upgrade: websocket, Connection: Upgrade }',
        '  until: 2',
        '',
      ].join('\n'),
    );
    const r = await check([path]);
    expect(r.stdout).toMatch(/:3:5 error ws-upgrade-not-forwarded /);
    expect(r.code).toBe(1);
  });

  it.runIf(existsSync('/etc/nginx/nginx.conf'))(
    'runs on the installed /etc/nginx tree without crashing',
    async () => {
      const r = await check([]);
      expect(r.stderr).toBe('');
      expect([0, 1]).toContain(r.code);
      const lines = r.stdout.trim() ? r.stdout.trim().split('\n') : [];
      for (const l of lines) expect(l).toMatch(lineFormat);
      // Debian's nginx.conf still lists TLSv1 and TLSv1.1; the finding must point at that line.
      const text = readFileSync('/etc/nginx/nginx.conf', 'utf8').split('\n');
      const tlsLine = text.findIndex((l) => /^\s*ssl_protocols\b.*\bTLSv1\b/.test(l)) + 1;
      if (tlsLine > 0) expect(r.stdout).toContain(`/etc/nginx/nginx.conf:${tlsLine}:`);
    },
  );
});
