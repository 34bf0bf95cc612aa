/**
 * The published CLI stands alone: `npm pack` in packages/cli (which bundles the engine and the
 * commands into one ES module), the tarball installed into an empty prefix with no registry,
 * and every command run from there on the machine's own Node (≥ 20), far from this repository.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const PKG = join(ROOT, 'packages/cli');
/** The machine's Node if it has one (Debian's is 20), else the one running the tests. */
const NODE_DIR = existsSync('/usr/bin/node') ? '/usr/bin' : resolve(process.execPath, '..');

let work: string;
let bin: string;
let tarball: string;

function cli(args: string[], cwd = join(work, 'job')) {
  const r = spawnSync(bin, args, {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: `${NODE_DIR}:/usr/bin:/bin`, HOME: work, LANG: 'C.UTF-8' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-pack-'));
  const npmEnv = {
    ...process.env,
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
  };
  const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: PKG,
    encoding: 'utf8',
    env: npmEnv,
    timeout: 120_000,
  });
  const info = JSON.parse(packed) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info[0]!.filename);
  const prefix = join(work, 'prefix');
  mkdirSync(prefix);
  execFileSync(
    'npm',
    ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball],
    {
      cwd: work,
      encoding: 'utf8',
      env: npmEnv,
      timeout: 120_000,
    },
  );
  bin = join(prefix, 'bin/nginx-ws-lab');
  mkdirSync(join(work, 'job'));
  cpSync(join(ROOT, 'tests/crossplane/configs/includes-regular'), join(work, 'job/conf'), {
    recursive: true,
  });
  writeFileSync(
    join(work, 'job/ws.conf'),
    'events {}\nhttp {\n  server {\n    listen 8080;\n    location /ws/ {\n      proxy_pass http://127.0.0.1:9000;\n      proxy_set_header Upgrade $http_upgrade;\n    }\n  }\n}\n',
  );
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// Each run starts a fresh Node on a one-file bundle: about a second on a busy machine.
describe('the packed CLI', { timeout: 60_000 }, () => {
  it('packs only the bundle, the README and package.json, with no dependencies', () => {
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listed).toEqual(['package/README.md', 'package/dist/nginx-ws-lab.mjs', 'package/package.json']);
    const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.engines.node).toBe('>=20');
    expect(pkg.private).toBeUndefined();
    const installed = readdirSync(join(work, 'prefix/lib/node_modules'));
    expect(installed).toEqual(['nginx-ws-lab']);
  });

  it("answers --version and --help with every command, on the machine's Node, without warnings", () => {
    const nodeVersion = execFileSync(join(NODE_DIR, 'node'), ['--version'], { encoding: 'utf8' }).trim();
    expect(Number(nodeVersion.slice(1).split('.')[0])).toBeGreaterThanOrEqual(20);
    const version = cli(['--version']);
    expect(version.stdout.trim()).toBe(
      `nginx-ws-lab ${JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')).version}`,
    );
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    for (const name of ['build', 'check', 'conformance', 'format', 'parse', 'probe', 'simulate']) {
      expect(help.stdout).toContain(`  ${name} `);
      const own = cli([name, '--help']);
      expect(own.code, name).toBe(0);
      expect(own.stdout, name).toMatch(new RegExp(`nginx-ws-lab ${name}`));
      expect(own.stdout, name).toMatch(/exit/i);
      expect(own.stderr, name).toBe('');
    }
  });

  it('parse prints crossplane JSON, follows includes and exits 0 as crossplane does', () => {
    const r = cli(['parse', 'nginx.conf', '--json'], join(work, 'job/conf'));
    expect(r.code).toBe(0);
    const payload = JSON.parse(r.stdout);
    expect(payload.config.map((c: { file: string }) => c.file)).toEqual([
      'nginx.conf',
      'conf.d/server.conf',
      'foo.conf',
    ]);
    expect(payload.errors[0].error).toBe("[Errno 2] No such file or directory: 'bar.conf'");
    const text = cli(['parse', 'nginx.conf'], join(work, 'job/conf'));
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("No such file or directory: 'bar.conf'");
    // --nginx-t: what nginx -t would say, in nginx's words.
    const nginxT = cli(['parse', 'ws.conf', '--nginx-t']);
    expect(nginxT.code).toBe(0);
    expect(nginxT.stdout).toBe(
      'nginx: the configuration file ws.conf syntax is ok\nnginx: configuration file ws.conf test is successful\n',
    );
    const failedT = cli(['parse', 'nginx.conf', '--nginx-t'], join(work, 'job/conf'));
    expect(failedT.code).toBe(1);
    expect(failedT.stderr).toMatch(
      /^nginx: \[emerg\] open\(\) ".*bar\.conf" failed \(2: No such file or directory\) in .*server\.conf:5$/m,
    );
  });

  it('format and build round-trip a config', () => {
    const formatted = cli(['format', 'conf/foo.conf']);
    expect(formatted.stdout).toBe('location /foo {\n    return 200 foo;\n}\n');
    const json = cli(['parse', 'ws.conf', '--json', '--out', 'ws.json']);
    expect(json.code).toBe(0);
    const built = cli(['build', 'ws.json', '--dir', 'out', '--no-headers']);
    expect(built.code).toBe(0);
    expect(readFileSync(join(work, 'job/out/ws.conf'), 'utf8')).toContain('location /ws/ {');
    expect(cli(['build', 'ws.json', '--dir', 'out']).code).toBe(1);
  });

  it('check finds the missing upgrade headers, as text and as SARIF', () => {
    const text = cli(['check', 'ws.conf']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^ws\.conf:5:5 error ws-connection-not-set /m);
    const sarif = cli(['check', 'ws.conf', '--format', 'sarif']);
    const log = JSON.parse(sarif.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'ws.conf',
      uriBaseId: '%SRCROOT%',
    });
  });

  it('simulate plays a scenario, and conformance and probe fail cleanly on bad input', () => {
    writeFileSync(
      join(work, 'job/s.yaml'),
      [
        'title: { zh: 例子, en: Example }',
        'config: |',
        '  server {',
        '      listen 18080;',
        '      location / { return 200 ok; }',
        '  }',
        'client:',
        '  port: 18080',
        '  request: { path: / }',
        '  until: 0.5',
        '',
      ].join('\n'),
    );
    const sim = cli(['simulate', 's.yaml', '--json']);
    expect(sim.stderr).toBe('');
    expect(sim.code).toBe(0);
    expect(JSON.parse(sim.stdout)).toBeTruthy();
    const conf = cli(['conformance', 'missing.yaml']);
    expect(conf.code).not.toBe(0);
    expect(conf.stderr + conf.stdout).toMatch(/missing\.yaml/);
    const probe = cli(['probe', 'not-a-url']);
    expect(probe.code).toBe(2);
  });
});
