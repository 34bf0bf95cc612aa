import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../../src/i18n/dictionaries.mjs';
import { renderMessage } from '../../../src/i18n/translate';
import { parseConfig } from '../config/parse';
import type { Message } from '../message';
import { loadScenario } from '../scenario/load';
import type { Scenario } from '../scenario/types';
import { scenario } from '../sim/test-helpers';
import { diagnose, diagnoseScenario } from './diagnose';
import { applyEdits } from './edits';
import { ruleGuides, ruleIds, ruleScenarios } from './registry';

/** A diagnostic text as the site and the CLI show it. */
const said = (m: Message | undefined, lang: 'zh' | 'en' = 'en') =>
  m ? renderMessage(dictionaries[lang].diagnostic, m) : undefined;

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
      for (const m of [d.message, d.explanation, ...(d.fix ? [d.fix.title] : [])]) {
        expect(said(m, 'zh')).toMatch(/[\u4e00-\u9fff]/);
        expect(said(m, 'en')).toMatch(/^[\x20-\x7e–—…“”é]+$/);
      }
      expect(d.guide).toBe(ruleGuides[d.id]);
    }
  });

  it('judges proxy_http_version by the nginx version', () => {
    const text = broken.replace(
      'proxy_set_header Upgrade',
      'proxy_set_header Connection $connection_upgrade;\n        proxy_set_header Upgrade',
    );
    const finding = (v: string) =>
      diagnose(parseConfig(text), { nginxVersion: v }).find((d) => d.id === 'ws-missing-http-version');
    // An error where the default is HTTP/1.0; a note where it is 1.1 — saying so in both cases.
    for (const v of ['1.22.1', '1.26.3']) {
      expect(finding(v)?.severity, v).toBe('error');
      expect(finding(v)?.message).toEqual({
        code: 'ws-missing-http-version.missing',
        params: expect.objectContaining({ nginx: v }),
      });
    }
    expect(finding('1.30.6')?.severity).toBe('info');
    expect(finding('1.30.6')?.message).toEqual({
      code: 'ws-missing-http-version.default-ok',
      params: expect.objectContaining({ nginx: '1.30.6' }),
    });
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

describe('rewrite-module, trailing-slash and add_header rules', () => {
  const canonical = `map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}
server {
    listen 18080;
    location /chat/ {
        proxy_pass http://127.0.0.1:18081;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_read_timeout 60s;
    }
}
`;
  const newRules = [
    'ws-trailing-slash-redirect',
    'ws-add-header-not-on-101',
    'ws-add-header-inheritance-lost',
    'ws-if-last-wins',
  ];
  /** A WebSocket handshake for `path`, as the playground sends it. */
  const wsScenario = (config: string, path: string): Scenario => scenario(config, { path });
  const find = (text: string, id: string, options: Parameters<typeof diagnose>[1] = {}) =>
    diagnose(parseConfig(text), { sources: { 'nginx.conf': text }, ...options }).filter((d) => d.id === id);
  const inLocation = (lines: string) =>
    canonical.replace('        proxy_read_timeout 60s;\n', `        proxy_read_timeout 60s;\n${lines}`);

  it('raises none of them on the canonical config, with or without its handshake', () => {
    for (const options of [{}, { scenario: wsScenario(canonical, '/chat/') }]) {
      const ids = diagnose(parseConfig(canonical), options).map((d) => d.id);
      expect(ids.filter((id) => newRules.includes(id))).toEqual([]);
    }
  });

  it('ws-trailing-slash-redirect: an error when the handshake for the name without / gets the 301', () => {
    const [d, ...more] = find(canonical, 'ws-trailing-slash-redirect', {
      scenario: wsScenario(canonical, '/chat'),
    });
    expect(more).toEqual([]);
    expect(d?.severity).toBe('error');
    expect(d?.location.line).toBe(7);
    expect(said(d?.message)).toContain('/chat gets a 301 to /chat/');
    expect(d?.fix).toBeUndefined();
    // The query is not part of the name; a plain request is followed by browsers.
    expect(
      find(canonical, 'ws-trailing-slash-redirect', { scenario: wsScenario(canonical, '/chat?x=1') }),
    ).toHaveLength(1);
    const plain = wsScenario(canonical, '/chat');
    plain.client.request.headers = [['Host', 'example.com']];
    expect(find(canonical, 'ws-trailing-slash-redirect', { scenario: plain })).toEqual([]);
  });

  it('ws-trailing-slash-redirect: silent without a request, on the slash URL, and when a location takes the bare name', () => {
    expect(find(canonical, 'ws-trailing-slash-redirect')).toEqual([]);
    expect(
      find(canonical, 'ws-trailing-slash-redirect', { scenario: wsScenario(canonical, '/chat/') }),
    ).toEqual([]);
    for (const extra of [
      'location = /chat { return 404; }',
      'location /chat { proxy_pass http://127.0.0.1:18081; }',
    ]) {
      const text = canonical.replace('    location /chat/ {', `    ${extra}\n    location /chat/ {`);
      expect(
        find(text, 'ws-trailing-slash-redirect', { scenario: wsScenario(text, '/chat') }),
        extra,
      ).toEqual([]);
    }
    // Without proxy_pass there is no auto_redirect: the request goes elsewhere.
    const noProxy = canonical.replace('proxy_pass http://127.0.0.1:18081;', 'root /srv;');
    expect(find(noProxy, 'ws-trailing-slash-redirect', { scenario: wsScenario(noProxy, '/chat') })).toEqual(
      [],
    );
  });

  it('ws-add-header-not-on-101: info on headers without always; always silences it', () => {
    const text = inLocation(
      '        add_header X-Frame-Options DENY;\n        add_header X-Served-By $hostname always;\n',
    );
    const [d, ...more] = find(text, 'ws-add-header-not-on-101');
    expect(more).toEqual([]);
    expect(d?.severity).toBe('info');
    expect(d?.location.line).toBe(13);
    expect(said(d?.message)).toContain('X-Frame-Options');
    expect(said(d?.message)).not.toContain('X-Served-By');
    const fixed = applyEdits(text, d!.fix!.edits);
    expect(fixed).toContain('add_header X-Frame-Options DENY always;');
    expect(find(fixed, 'ws-add-header-not-on-101')).toEqual([]);
  });

  it('ws-add-header-not-on-101: a warning for headers that only matter on the handshake', () => {
    const text = inLocation('        add_header Set-Cookie "route=a; Path=/";\n');
    expect(find(text, 'ws-add-header-not-on-101').map((d) => d.severity)).toEqual(['warning']);
  });

  it('ws-add-header-not-on-101: follows inheritance and leaves plain locations alone', () => {
    // Inherited from the server: reported once, at the server's line.
    const inherited = canonical.replace(
      '    listen 18080;\n',
      '    listen 18080;\n    add_header X-Frame-Options DENY;\n',
    );
    expect(find(inherited, 'ws-add-header-not-on-101').map((d) => d.location.line)).toEqual([7]);
    // Replaced by the location's own list (with always): the server's line does not apply.
    const replaced = inherited.replace(
      'proxy_read_timeout 60s;',
      'proxy_read_timeout 60s;\n        add_header X-Frame-Options DENY always;',
    );
    expect(find(replaced, 'ws-add-header-not-on-101')).toEqual([]);
    const plain =
      'server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:9000;\n        add_header X-A 1;\n    }\n}\n';
    expect(find(plain, 'ws-add-header-not-on-101')).toEqual([]);
  });

  it('ws-add-header-inheritance-lost: the location drops the server lines; the fix repeats them', () => {
    const text = canonical
      .replace('    listen 18080;\n', '    listen 18080;\n    add_header X-Server s always;\n')
      .replace('proxy_read_timeout 60s;', 'proxy_read_timeout 60s;\n        add_header X-Loc l always;');
    const [d, ...more] = find(text, 'ws-add-header-inheritance-lost');
    expect(more).toEqual([]);
    expect(d?.severity).toBe('warning');
    expect(d?.location.line).toBe(8);
    expect(said(d?.message)).toBe(
      'location /chat/ sets its own add_header, so X-Server set in server (line 7) is no longer sent',
    );
    const fixed = applyEdits(text, d!.fix!.edits);
    expect(fixed).toContain('        add_header X-Loc l always;\n        add_header X-Server s always;\n');
    expect(find(fixed, 'ws-add-header-inheritance-lost')).toEqual([]);
    // proxy_set_header and add_header are separate lists.
    expect(diagnose(parseConfig(text)).map((x) => x.id)).not.toContain('ws-header-inheritance-lost');
  });

  it('ws-add-header-inheritance-lost: an add_header in an if drops the location lines', () => {
    const text = inLocation(
      '        add_header X-Loc 1 always;\n        if ($http_upgrade) {\n            add_header X-If 1 always;\n        }\n',
    );
    const d = find(text, 'ws-add-header-inheritance-lost');
    expect(d.map((x) => x.location.line)).toEqual([14]);
    expect(said(d[0]?.message)).toContain('if ($http_upgrade) sets its own add_header, so X-Loc');
    // Overriding the same name is not a loss; a level without add_header inherits them all.
    const same = canonical
      .replace('    listen 18080;\n', '    listen 18080;\n    add_header Cache-Control public;\n')
      .replace(
        'proxy_read_timeout 60s;',
        'proxy_read_timeout 60s;\n        add_header cache-control no-store always;',
      );
    expect(find(same, 'ws-add-header-inheritance-lost')).toEqual([]);
  });

  it('ws-if-last-wins: configuration in an earlier if is lost when a later if is true too', () => {
    const text = inLocation(
      '        if ($arg_room ~ ^vip) {\n            proxy_pass http://127.0.0.1:18082;\n        }\n' +
        '        if ($http_upgrade) {\n            set $ws 1;\n        }\n',
    );
    const [d, ...more] = find(text, 'ws-if-last-wins');
    expect(more).toEqual([]);
    expect(d?.severity).toBe('warning');
    expect(d?.location.line).toBe(13);
    expect(said(d?.message)).toBe(
      "Whenever the if on line 16 is also true, proxy_pass in if ($arg_room ~ ^vip) is ignored: only the last true if's configuration applies",
    );
    expect(d?.fix).toBeUndefined();
  });

  it('ws-if-last-wins: silent for exclusive conditions, script-only ifs and ifs that end the script', () => {
    const cases = [
      // One if only.
      '        if ($arg_room ~ ^vip) {\n            proxy_pass http://127.0.0.1:18082;\n        }\n',
      // Script directives only.
      '        if ($http_upgrade = "") {\n            return 426;\n        }\n        if ($arg_t) {\n            set $t 1;\n        }\n',
      // Equal to different literals: never both true.
      '        if ($request_method = GET) {\n            add_header X-M get always;\n        }\n        if ($request_method = POST) {\n            add_header X-M post always;\n        }\n',
      // The first if stops the script.
      '        if ($arg_room ~ ^vip) {\n            proxy_pass http://127.0.0.1:18082;\n            break;\n        }\n        if ($http_upgrade) {\n            set $ws 1;\n        }\n',
      // The if repeats what the location sets: nothing to lose.
      '        if ($arg_a) {\n            proxy_http_version 1.1;\n        }\n        if ($arg_b) {\n            set $b 1;\n        }\n',
    ];
    for (const lines of cases) expect(find(inLocation(lines), 'ws-if-last-wins'), lines).toEqual([]);
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
  'guides/trouble-trailing-slash.yaml': ['ws-trailing-slash-redirect'],
  'guides/trouble-add-header-lost.yaml': ['ws-add-header-inheritance-lost'],
  'guides/trouble-if-last-wins.yaml': ['ws-if-last-wins'],
  'guides/without-connection.yaml': ['ws-connection-not-set'],
  'guides/without-http-version.yaml': ['ws-missing-http-version'],
  'guides/without-upgrade.yaml': ['ws-upgrade-not-forwarded'],
  'diagnostics/ws-connection-not-set.yaml': ['ws-connection-not-set'],
  'diagnostics/ws-ssl-no-certificate.yaml': ['ws-ssl-no-certificate'],
  'diagnostics/ws-location-shadowed-regex.yaml': ['ws-location-shadowed'],
  'diagnostics/ws-regex-location-unanchored.yaml': ['ws-location-shadowed'],
  'diagnostics/ws-keepalive-connection-empty-and-map.yaml': ['ws-keepalive-connection-close'],
  'diagnostics/ws-timeout-lost-in-named-location.yaml': ['ws-timeout-lost-in-named-location'],
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
