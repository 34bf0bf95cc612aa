// @ts-check
/**
 * Builds the publishable CLI (packages/cli): the engine and the command line bundled by esbuild
 * into one ES module for Node ≥ 20, `yaml` included, so the package has no runtime
 * dependencies and no TypeScript at run time. `npm pack` in packages/cli runs this first.
 */
import { chmodSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
