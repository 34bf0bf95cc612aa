import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_FILE, reproduceCommand, reproduceFileName, reproduceScript } from './reproduce';

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
  /** Stand-ins on PATH: curl writes a CLI file and records the URL; node records its arguments and the scenario. */
  function standIns(): string {
    const fake = join(dir, 'bin');
    execFileSync('mkdir', ['-p', fake]);
    writeFileSync(
      join(fake, 'curl'),
      `#!/bin/sh\nfor last; do :; done\nprintf '%s\\n' "$last" > "${dir}/url"\nwhile [ "$1" != -o ]; do shift; done\necho '// the CLI' > "$2"\n`,
    );
    writeFileSync(
      join(fake, 'node'),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\ncp "$1" "${dir}/cli.mjs"\ncp "$3" "${dir}/seen.yaml"\nexit 7\n`,
    );
    chmodSync(join(fake, 'curl'), 0o755);
    chmodSync(join(fake, 'node'), 0o755);
    return fake;
  }

  function play(env: Record<string, string>): { status: number; args: string[] } {
    const script = join(dir, 'r.sh');
    writeFileSync(
      script,
      reproduceScript({ scenario, fileBase: 'Example' }, 'https://example.test/en/playground/#s=abc'),
    );
    let status = 0;
    try {
      execFileSync('sh', [script], { env: { PATH: `${standIns()}:/usr/bin:/bin`, ...env } });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    return { status, args: readFileSync(join(dir, 'args'), 'utf8').trim().split('\n') };
  }

  it('fetches the CLI from the site it came from, hands it the scenario byte for byte with the chosen nginx, then cleans up', () => {
    const { status, args } = play({ NGINX: '/opt/nginx/sbin/nginx' });
    expect(status).toBe(7);
    expect(readFileSync(join(dir, 'url'), 'utf8').trim()).toBe(`https://example.test/cli/${CLI_FILE}`);
    expect(readFileSync(join(dir, 'cli.mjs'), 'utf8')).toBe('// the CLI\n');
    expect(args[1]).toBe('conformance');
    expect(args.slice(3)).toEqual(['--nginx', '/opt/nginx/sbin/nginx']);
    expect(readFileSync(join(dir, 'seen.yaml'), 'utf8')).toBe(`${scenario}\n`);
    // The temporary directory is gone.
    expect(() => readFileSync(args[2]!)).toThrow();
  });

  it('uses a CLI the reader already has instead of fetching one', () => {
    const own = join(dir, 'own-cli.mjs');
    writeFileSync(own, '// mine\n');
    rmSync(join(dir, 'url'), { force: true });
    const { args } = play({ NGINX_WS_LAB: own });
    expect(args[0]).toBe(own);
    expect(() => readFileSync(join(dir, 'url'))).toThrow();
  });

  it('names the file after the title, quotes the one command, and the CLI file is the package version', () => {
    expect(reproduceFileName('Gitea: plain request')).toBe('reproduce-gitea-plain-request.sh');
    expect(reproduceFileName('例子')).toBe('reproduce-scenario.sh');
    expect(reproduceCommand()).toBe(`node ${CLI_FILE} conformance scenario.yaml --nginx /usr/sbin/nginx`);
    const { version } = JSON.parse(
      readFileSync(join(__dirname, '../../../packages/cli/package.json'), 'utf8'),
    );
    expect(CLI_FILE).toBe(`nginx-ws-lab-${version}.mjs`);
  });
});
