/**
 * The CI examples people copy (docs/ci/, quoted in the README) name commands and options that
 * exist, and the workflow uploads the file the check step writes.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../playground/cli/commands/index';
import { SITE_PLACEHOLDER } from '../../src/build/site-origin';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const pkg = JSON.parse(read('packages/cli/package.json')) as { name: string; version: string };
/**
 * The package is not on the npm registry: the examples install the tarball the site serves
 * (scripts/build-cli.mjs --site), named with the placeholder address a reader replaces by theirs.
 */
const site = SITE_PLACEHOLDER;
const tarball = `${site}/cli/${pkg.name}-${pkg.version}.tgz`;

describe('docs/ci', () => {
  it('the GitHub workflow uploads the SARIF log that check writes, from the tarball the site serves', () => {
    const workflow = parse(read('docs/ci/github-code-scanning.yml'));
    const steps = workflow.jobs['nginx-ws-lab'].steps as Array<{
      run?: string;
      uses?: string;
      with?: Record<string, string>;
    }>;
    const check = steps.find((s) => s.run?.includes(' check '))!;
    const m = /npx --yes --package=(\S+) (nginx-ws-lab) check \S+ --format sarif > (\S+)/.exec(check.run!);
    expect(m).not.toBeNull();
    expect([m![1], m![2]]).toEqual([tarball, pkg.name]);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload.with?.sarif_file).toBe(m![3]);
    expect(workflow.permissions['security-events']).toBe('write');
    expect(read('README.md')).toContain(check.run!);
  });

  it('the pre-commit hooks run commands that exist, from the tarball the site serves', () => {
    const config = parse(read('docs/ci/pre-commit-config.yaml'));
    const hooks = config.repos[0].hooks as Array<{ entry: string; additional_dependencies: string[] }>;
    expect(hooks.length).toBeGreaterThan(0);
    for (const hook of hooks) {
      const [bin, command] = hook.entry.split(' ');
      expect(bin).toBe(pkg.name);
      expect(Object.keys(COMMANDS)).toContain(command);
      expect(hook.additional_dependencies).toEqual([tarball]);
    }
  });
});
