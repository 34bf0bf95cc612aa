/**
 * Records what `nginx -t` of every pinned nginx version (scripts/nginx-versions/) says about each
 * parser fixture (tests/parser/fixtures.ts) into tests/parser/recorded/<version>.json: the first
 * error and its line, or null when the config passes. `{dir}` stands for the config's directory,
 * as in the fixtures. tests/parser/nginx-t-versions.test.ts holds the parser to each recording
 * when it models that version, on machines without nginx.
 *
 *   npx tsx scripts/nginx-t-fixtures.ts          # every version installed (install.mjs)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launcherFor, pinnedVersions } from '../playground/cli/conformance/versions';
import { configForm, DEFAULT_NGINX_VERSION, parseConfig, wrapHttpContent } from '../playground/src/index';
import { FIXTURES } from '../tests/parser/fixtures';
import { makePrefix, removePrefix, runNginxTest } from '../tests/parser/real-nginx';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'tests/parser/recorded');
mkdirSync(out, { recursive: true });

for (const version of pinnedVersions(root)) {
  const binary = version === DEFAULT_NGINX_VERSION ? '/usr/sbin/nginx' : launcherFor(root, version);
  if (!existsSync(binary))
    throw new Error(
      `nginx ${version} is not installed at ${binary}: run node scripts/nginx-versions/install.mjs`,
    );
  const prefixRoot = makePrefix();
  try {
    const recorded: Record<string, { error: string; line: number | null } | null> = {};
    FIXTURES.forEach((fixture, index) => {
      const prefix = join(prefixRoot, String(index));
      mkdirSync(prefix, { recursive: true });
      const main =
        configForm(parseConfig(fixture.text)) === 'http' ? wrapHttpContent(fixture.text) : fixture.text;
      const real = runNginxTest(prefix, main, fixture.files, binary);
      recorded[fixture.name] =
        real.error === null ? null : { error: real.error.replaceAll(prefix, '{dir}'), line: real.line };
    });
    writeFileSync(
      join(out, `${version}.json`),
      `${JSON.stringify({ nginx: version, fixtures: recorded }, null, 2)}\n`,
    );
    console.log(`${version}: ${FIXTURES.length} fixtures recorded`);
  } finally {
    removePrefix(prefixRoot);
  }
}
