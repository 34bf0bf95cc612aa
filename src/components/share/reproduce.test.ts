import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reproduceCommand, reproduceFileName, reproduceScript } from './reproduce';

const scenario = [
  'title: { zh: 例子, en: Example }',
  'config: |',
  '  server {',
  '      listen 18080;',
  "      location / { return 200 'it''s $uri'; }",
  '  }',
  '# a line that looks like the end marker:',
  'NGINX_WS_LAB_SCENARIO',
  'client: { port: 18080, request: { path: / }, until: 0.5 }',
].join('\n');

const dir = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-reproduce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the reproduce script', () => {
  it('hands the scenario, byte for byte, to nginx-ws-lab conformance with the chosen nginx, then cleans up', () => {
    // A stand-in npx on PATH records what it was asked to run and the file it was given.
    const fake = join(dir, 'bin');
    execFileSync('mkdir', ['-p', fake]);
    writeFileSync(
      join(fake, 'npx'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\ncp "$4" "${dir}/seen.yaml"\nexit 7\n`,
    );
    chmodSync(join(fake, 'npx'), 0o755);
    const script = join(dir, 'r.sh');
    writeFileSync(
      script,
      reproduceScript({ scenario, fileBase: 'Example' }, 'https://example.test/en/playground/'),
    );
    let status = 0;
    try {
      execFileSync('sh', [script], {
        env: { PATH: `${fake}:/usr/bin:/bin`, NGINX: '/opt/nginx/sbin/nginx' },
      });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(7);
    const args = readFileSync(join(dir, 'args'), 'utf8').trim().split('\n');
    expect(args.slice(0, 3)).toEqual(['--yes', 'nginx-ws-lab@0.1.0', 'conformance']);
    expect(args.slice(4)).toEqual(['--nginx', '/opt/nginx/sbin/nginx']);
    expect(readFileSync(join(dir, 'seen.yaml'), 'utf8')).toBe(`${scenario}\n`);
    // The temporary directory is gone.
    expect(() => readFileSync(args[3]!)).toThrow();
  });

  it('names the file after the title and quotes the one command', () => {
    expect(reproduceFileName('Gitea: plain request')).toBe('reproduce-gitea-plain-request.sh');
    expect(reproduceFileName('例子')).toBe('reproduce-scenario.sh');
    expect(reproduceCommand()).toBe(
      'npx --yes nginx-ws-lab@0.1.0 conformance scenario.yaml --nginx /usr/sbin/nginx',
    );
  });
});
