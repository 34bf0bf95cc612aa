import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse';
import { loadScenario } from '../scenario/load';
import { diagnose, diagnoseScenario, ruleIds } from './diagnose';
import { applyEdits } from './edits';
import { ruleGuides, ruleScenarios } from './guides';

const repo = join(import.meta.dirname, '../../..');

const broken = `map $http_upgrade $connection_upgrade {
    default upgrade;
}
server {
    listen 80;
    proxy_set_header Host $host;
    location /ws/ {
        proxy_pass http://127.0.0.1:9000;
        proxy_set_header Upgrade $http_upgrade;
        proxy_buffering off;
        proxy_connect_timeout 7d;
    }
}
`;

describe('diagnose', () => {
  it('is deterministic and sorted by position, then rule order', () => {
    const a = diagnose(parseConfig(broken));
    const b = diagnose(parseConfig(broken));
    expect(a).toEqual(b);
    const keys = a.map((d) => [d.location.line, d.location.col, ruleIds.indexOf(d.id)] as const);
    const sorted = [...keys].sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
    expect(keys).toEqual(sorted);
    expect(new Set(a.map((d) => d.id))).toEqual(
      new Set([
        'ws-map-no-empty-key',
        'ws-missing-http-version',
        'ws-connection-not-set',
        'ws-header-inheritance-lost',
        'ws-read-timeout-vs-heartbeat',
        'ws-buffering-myth',
        'ws-connect-timeout-cap',
      ]),
    );
  });

  it('fills both languages and a guide link for every finding', () => {
    for (const d of diagnose(parseConfig(broken))) {
      for (const text of [d.message, d.explanation, ...(d.fix ? [d.fix.title] : [])]) {
        expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(text.en).toMatch(/^[\x20-\x7e–—…“”é]+$/);
      }
      expect(d.guide).toBe(ruleGuides[d.id]);
    }
  });

  it('judges proxy_http_version by the nginx version', () => {
    const text = broken.replace(
      'proxy_set_header Upgrade',
      'proxy_set_header Connection $connection_upgrade;\n        proxy_set_header Upgrade',
    );
    const ids = (v: string) => diagnose(parseConfig(text), { nginxVersion: v }).map((d) => d.id);
    expect(ids('1.22.1')).toContain('ws-missing-http-version');
    expect(ids('1.30.0')).not.toContain('ws-missing-http-version');
  });

  it('works on a partial tree from a config with a syntax error', () => {
    const parse = parseConfig('server {\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9000;\n');
    expect(parse.status).toBe('failed');
    expect(diagnose(parse).map((d) => d.id)).toContain('ws-upgrade-not-forwarded');
  });

  it('applies all fixes of a config one after another until the errors are gone', () => {
    let text = broken;
    for (let round = 0; round < 10; round++) {
      const next = diagnose(parseConfig(text), { sources: { 'nginx.conf': text } }).find(
        (d) => d.severity !== 'info' && d.fix,
      );
      if (!next) break;
      text = applyEdits(text, next.fix!.edits);
      expect(parseConfig(text).errors, text).toEqual([]);
    }
    expect(diagnose(parseConfig(text)).filter((d) => d.severity === 'error')).toEqual([]);
    expect(text).toContain('proxy_http_version 1.1;');
    expect(text).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(text).toContain('proxy_set_header Host $host;');
  });
});

describe('applyEdits', () => {
  it('inserts, replaces and deletes by 1-based line and column', () => {
    const text = 'a;\nbb;\nccc;\n';
    expect(applyEdits(text, [{ from: { line: 2, col: 1 }, to: { line: 2, col: 4 }, insert: 'x;' }])).toBe(
      'a;\nx;\nccc;\n',
    );
    expect(applyEdits(text, [{ from: { line: 1, col: 3 }, to: { line: 1, col: 3 }, insert: '\nz;' }])).toBe(
      'a;\nz;\nbb;\nccc;\n',
    );
    expect(applyEdits(text, [{ from: { line: 3, col: 1 }, to: { line: 4, col: 1 }, insert: '' }])).toBe(
      'a;\nbb;\n',
    );
  });
});

/** Scenarios that show a mistake on purpose, with the errors/warnings they must raise. */
const deliberatelyBroken: Record<string, string[]> = {
  'guides/hop-by-hop-dropped.yaml': ['ws-missing-http-version', 'ws-upgrade-not-forwarded'],
  'guides/lb-connection-empty.yaml': ['ws-connection-not-set'],
  'guides/trouble-firefox-connection.yaml': ['ws-connection-from-client'],
  'guides/trouble-host-lost.yaml': ['ws-header-inheritance-lost'],
  'guides/trouble-no-http-version.yaml': ['ws-missing-http-version'],
  'guides/trouble-no-upgrade-headers.yaml': ['ws-upgrade-not-forwarded'],
  'guides/trouble-regex-shadow.yaml': ['ws-location-shadowed', 'ws-upgrade-not-forwarded'],
  'guides/without-connection.yaml': ['ws-connection-not-set'],
  'guides/without-http-version.yaml': ['ws-missing-http-version'],
  'guides/without-upgrade.yaml': ['ws-upgrade-not-forwarded'],
  'diagnostics/ws-connection-not-set.yaml': ['ws-connection-not-set'],
};

function scenarioFiles(dir: string): string[] {
  const full = join(repo, 'content/scenarios', dir);
  return existsSync(full)
    ? readdirSync(full)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => `${dir}/${f}`)
    : [];
}

describe('scenario configs', () => {
  // Files another part of the project is still writing may not load yet; loading is tested there.
  const files = [...scenarioFiles('guides'), ...scenarioFiles('diagnostics')];
  for (const rel of files) {
    const loaded = loadScenario(readFileSync(join(repo, 'content/scenarios', rel), 'utf8'));
    if (!loaded.scenario) continue;
    const scenario = loaded.scenario;
    it(`${rel}: ${deliberatelyBroken[rel] ? 'raises exactly its mistakes' : 'raises no error or warning'}`, () => {
      const found = [
        ...new Set(
          diagnoseScenario(scenario)
            .filter((d) => d.severity !== 'info')
            .map((d) => d.id),
        ),
      ].sort();
      expect(found).toEqual([...(deliberatelyBroken[rel] ?? [])].sort());
    });
  }

  it('names scenarios that exist for the behaviour-backed rules', () => {
    for (const [id, rel] of Object.entries(ruleScenarios)) {
      const path = join(repo, 'content/scenarios', rel);
      expect(existsSync(path), `${id}: ${rel}`).toBe(true);
    }
  });
});
