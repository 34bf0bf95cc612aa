// @ts-check
/**
 * Builds the publishable CLI (packages/cli): the engine and the command line bundled by esbuild
 * into one ES module for Node ≥ 20, `yaml` included, so the package has no runtime
 * dependencies and no TypeScript at run time. `npm pack` in packages/cli runs this first.
 *
 *   node scripts/build-cli.mjs                 packages/cli/dist/nginx-ws-lab.mjs
 *   node scripts/build-cli.mjs --site dist     also dist/cli/nginx-ws-lab-<version>.mjs, which the
 *                                              site's "Reproduce on your nginx" scripts fetch, and
 *                                              the package tarball beside it (CI and pre-commit
 *                                              install it by URL: the package is not on the npm
 *                                              registry, and a name there could be claimed by anyone)
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8'));
const outfile = join(root, 'packages/cli/dist/nginx-ws-lab.mjs');

await build({
  entryPoints: [join(root, 'playground/cli/entry.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  define: { NGINX_WS_LAB_VERSION: JSON.stringify(pkg.version) },
  // yaml's CommonJS build requires Node built-ins: give the ES module a require.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __nwlRequire } from 'node:module';\nconst require = __nwlRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);

const site = process.argv.indexOf('--site');
if (site > 0) {
  const dir = join(process.argv[site + 1] ?? 'dist', 'cli');
  mkdirSync(dir, { recursive: true });
  copyFileSync(outfile, join(dir, `nginx-ws-lab-${pkg.version}.mjs`));
  const packed = spawnSync(
    'npm',
    ['pack', '--silent', '--ignore-scripts', '--pack-destination', resolve(dir)],
    {
      cwd: join(root, 'packages/cli'),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (packed.status !== 0) throw new Error(`npm pack in packages/cli failed (exit ${packed.status})`);
}
