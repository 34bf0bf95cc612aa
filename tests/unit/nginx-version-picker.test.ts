import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinnedVersions } from '../../playground/cli/conformance/versions';
import { dictionaries } from '../../src/i18n/dictionaries.mjs';
import {
  keepVersion,
  PICKER_VERSIONS,
  scenarioVersion,
  withVersion,
} from '../../src/playground-ui/nginx-version';

const root = join(import.meta.dirname, '../..');

describe('the nginx version picker', () => {
  it('offers exactly the versions the corpus is proven on (scripts/nginx-versions/nginx-versions.json)', () => {
    expect(PICKER_VERSIONS.map((p) => p.version)).toEqual(pinnedVersions(root));
  });

  it('has a distro hint for every version in every language', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const p of PICKER_VERSIONS)
        expect(
          dictionaries[lang].playground[`version.distro.${p.distro}`],
          `${lang} ${p.distro}`,
        ).toBeTruthy();
    }
  });

  it('reads the version from the YAML; a scenario without one (an old permalink) is 1.22.1', () => {
    expect(scenarioVersion('client:\n  request: { path: / }\n')).toBe('1.22.1');
    expect(scenarioVersion('nginx_version: "1.30"\n')).toBe('1.30.0');
    const rest = '# keep me\nclient:\n  request: { path: / }\n';
    const picked = withVersion(rest, '1.30.6');
    expect(scenarioVersion(picked)).toBe('1.30.6');
    expect(picked).toContain('# keep me');
  });

  it('a preset keeps the picked version unless it pins its own', () => {
    const current = withVersion('title: a\n', '1.26.3');
    expect(scenarioVersion(keepVersion(current, 'title: b\n'))).toBe('1.26.3');
    expect(scenarioVersion(keepVersion(current, 'title: b\nnginx_version: "1.30.6"\n'))).toBe('1.30.6');
    expect(keepVersion('title: a\n', 'title: b\n')).toBe('title: b\n');
  });
});
