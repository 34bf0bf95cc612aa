/**
 * Which builds a conformance run plays on (--nginx, --versions) and what a scenario's
 * nginx_version pin means there; where each version's recordings and known disagreements live.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownDisagreementFor } from '../../playground/cli/conformance/known-disagreements';
import { recordedOutcome, recordedVersions } from '../../playground/cli/conformance/recordings';
import { findScenarioFiles, loadScenarioFile } from '../../playground/cli/conformance/scenario-file';
import { nginxCommands, parseVersionsArg, playsOn } from '../../playground/cli/conformance/versions';

const dirs: string[] = [];
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-versions-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repoWith(installed: string[]): string {
  const root = temp();
  mkdirSync(join(root, 'scripts/nginx-versions'), { recursive: true });
  const versions = ['1.22.1', '1.26.3', '1.30.6'].map((nginx) => ({ nginx }));
  writeFileSync(join(root, 'scripts/nginx-versions/nginx-versions.json'), JSON.stringify({ versions }));
  for (const v of installed) {
    mkdirSync(join(root, '.nginx', v), { recursive: true });
    writeFileSync(join(root, '.nginx', v, 'nginx'), '#!/bin/sh\n');
  }
  return root;
}

describe('nginx_version pins', () => {
  it('plays an unpinned scenario everywhere, x.y.z on that version, x.y on its patch releases', () => {
    expect(playsOn(undefined, '1.30.6')).toBe(true);
    expect(playsOn('1.22.1', '1.22.1')).toBe(true);
    expect(playsOn('1.22.1', '1.26.3')).toBe(false);
    expect(playsOn('1.30', '1.30.6')).toBe(true);
    expect(playsOn('1.30', '1.3.0')).toBe(false);
    expect(playsOn('1.30', '1.26.3')).toBe(false);
  });

  it('reads the pin of a v1 and of a v2 scenario file alike', () => {
    const dir = temp();
    const config = 'config: |\n  server { listen 18080; location / { return 200; } }\n';
    writeFileSync(
      join(dir, 'v1.yaml'),
      `nginx_version: "1.22.1"\n${config}client: { request: { path: / } }\n`,
    );
    writeFileSync(
      join(dir, 'v2.yaml'),
      `nginx_version: "1.22.1"\n${config}clients: [{ request: { path: / } }]\n`,
    );
    writeFileSync(join(dir, 'free.yaml'), `${config}clients: [{ request: { path: / } }]\n`);
    expect(loadScenarioFile(join(dir, 'v1.yaml')).scenario.nginx_version).toBe('1.22.1');
    expect(loadScenarioFile(join(dir, 'v2.yaml')).scenario.nginx_version).toBe('1.22.1');
    expect(loadScenarioFile(join(dir, 'free.yaml')).scenario.nginx_version).toBeUndefined();
  });
});

describe('--versions and --nginx', () => {
  it('reads all, a list, and refuses anything else naming it', () => {
    expect(parseVersionsArg('all')).toBe('all');
    expect(parseVersionsArg('1.26.3,1.30.6')).toEqual(['1.26.3', '1.30.6']);
    expect(parseVersionsArg('1.26')).toMatch(/"1.26" is not a version like 1.26.3/);
    expect(parseVersionsArg(undefined)).toMatch(/needs "all"/);
  });

  it('maps versions to the installed launchers, after any --nginx, without duplicates', () => {
    const root = repoWith(['1.22.1', '1.26.3', '1.30.6']);
    expect(nginxCommands(root, [], 'all')).toEqual(
      ['1.22.1', '1.26.3', '1.30.6'].map((v) => [join(root, '.nginx', v, 'nginx')]),
    );
    const own = join(root, 'my-nginx');
    expect(nginxCommands(root, [own], ['1.30.6', '1.30.6'])).toEqual([
      [own],
      [join(root, '.nginx/1.30.6/nginx')],
    ]);
  });

  it('says how to install a missing version, and which versions are pinned', () => {
    const root = repoWith(['1.22.1']);
    expect(nginxCommands(root, [], 'all')).toMatch(
      /nginx 1.26.3 is not installed .*: run node scripts\/nginx-versions\/install.mjs/,
    );
    expect(nginxCommands(root, [], ['1.25.0'])).toMatch(
      /1.25.0 is not pinned .*pinned: 1.22.1, 1.26.3, 1.30.6/,
    );
  });
});

describe('recordings and known disagreements per version', () => {
  it('reads recorded/NAME.json for 1.22.1 and recorded/<version>/NAME.json for the others', () => {
    const set = temp();
    writeFileSync(join(set, 'a.yaml'), 'config: x\n');
    mkdirSync(join(set, 'recorded/1.30.6'), { recursive: true });
    writeFileSync(join(set, 'recorded/a.json'), '{"format":"outcome@1","config_error":"old"}');
    writeFileSync(join(set, 'recorded/1.30.6/a.json'), '{"format":"outcome@1","config_error":"new"}');
    expect(recordedVersions(set)).toEqual(['1.22.1', '1.30.6']);
    expect(recordedOutcome(join(set, 'a.yaml'), '1.22.1')).toMatchObject({ config_error: 'old' });
    expect(recordedOutcome(join(set, 'a.yaml'), '1.30.6')).toMatchObject({ config_error: 'new' });
    expect(recordedOutcome(join(set, 'a.yaml'), '1.26.3')).toBeNull();
    // Version folders and version lists are never taken for scenarios.
    writeFileSync(join(set, 'KNOWN-DISAGREEMENTS.1.30.6.yaml'), 'a: ~\n');
    expect(findScenarioFiles([set])).toEqual([join(set, 'a.yaml')]);
  });

  it("lets a version's list replace the set's entry, or clear it with ~", () => {
    const set = temp();
    writeFileSync(join(set, 'a.yaml'), 'config: x\n');
    writeFileSync(join(set, 'b.yaml'), 'config: x\n');
    writeFileSync(
      join(set, 'KNOWN-DISAGREEMENTS.yaml'),
      'a:\n  cause: host-validation\n  fails: [outcome]\nb:\n  cause: gzip\n  fails: [headers]\n',
    );
    writeFileSync(
      join(set, 'KNOWN-DISAGREEMENTS.1.30.6.yaml'),
      'a: ~\nb:\n  cause: gzip\n  fails: [outcome]\n',
    );
    expect(knownDisagreementFor(join(set, 'a.yaml'))?.causes).toEqual(['host-validation']);
    expect(knownDisagreementFor(join(set, 'a.yaml'), '1.26.3')?.fails).toEqual(['outcome']);
    expect(knownDisagreementFor(join(set, 'a.yaml'), '1.30.6')).toBeNull();
    expect(knownDisagreementFor(join(set, 'b.yaml'), '1.30.6')?.fails).toEqual(['outcome']);
  });
});
