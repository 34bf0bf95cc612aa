import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../playground/src/index';
import * as engine from '../../playground/src/index';
import {
  checkConfig,
  decodePermalink,
  defaultBackend,
  defaultRegexRunner,
  diagnoseScenario,
  encodePermalink,
  exceedsBytes,
  formatBytes,
  loadScenario,
  MAX_BLOCK_DEPTH,
  MAX_CONFIG_BYTES,
  MAX_DIAGRAM_MESSAGES,
  MAX_DIRECTIVES,
  MAX_NOTE_TEXT,
  MAX_SCENARIO_BYTES,
  MAX_SCENARIO_ENTRIES,
  MAX_SIMULATED_EVENTS,
  MAX_STEPS,
  MAX_YAML_VALUES,
  parseConfig,
  printConfig,
  renderMermaid,
  renderTranscript,
  scenarioToYaml,
  simulate,
  utf8Bytes,
} from '../../playground/src/index';
import { dictionaries } from '../../src/i18n/dictionaries.mjs';
import { renderMessage } from '../../src/i18n/translate';
import { runScenario } from '../../src/playground-ui/run-scenario';

/**
 * Inputs chosen to hurt, each named for the threat. The engine must answer every one with a
 * result or a clear, located error: no exception, no stack overflow, no hang (vitest's
 * timeout is the hang detector; nothing here measures time).
 */

function scenarioWith(
  config: string,
  headers: Array<[string, string]> = [['Host', 'example.com']],
): Scenario {
  return {
    title: 'hostile',
    config,
    backends: { '127.0.0.1:18081': defaultBackend() },
    client: {
      request: { method: 'GET', path: '/chat/', http_version: '1.1', headers },
      steps: [{ at: 0.5, send: 'hello' }],
      until: 2,
    },
  };
}

/** About `bytes` of plausible config: many proxied locations in one server. */
function bigConfig(bytes: number): string {
  const line = (i: number) =>
    `    location /p${i} { proxy_pass http://127.0.0.1:18081; proxy_set_header X-N "v${i}"; }\n`;
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const l = line(i);
    lines.push(l);
    size += l.length;
  }
  return `events {}\nhttp {\n  server {\n    listen 18080;\n${lines.join('')}  }\n}\n`;
}

const FIVE_MB = 5 * 1024 * 1024;

describe('hostile: a 5 MB paste', () => {
  const config = bigConfig(FIVE_MB);
  const size = formatBytes(utf8Bytes(config));

  it('parse and check refuse it unread, naming its size and the limit', () => {
    for (const result of [parseConfig(config), checkConfig(config)]) {
      expect(result.status).toBe('failed');
      expect(result.errors[0]).toMatchObject({ code: 'engine-config-too-large', line: null });
      expect(result.errors[0]?.error).toBe(`the config is ${size}; the simulator reads at most 1 MB`);
    }
    expect(size).toBe('5 MB');
  });

  it('simulate answers with that message as its config error', () => {
    const sim = simulate(scenarioWith(config));
    expect(sim.outcome).toEqual({
      format: 'outcome@1',
      config_error: `the config is ${size}; the simulator reads at most 1 MB`,
    });
    expect(sim.errors[0]?.code).toBe('engine-config-too-large');
  });

  it('counts included files too', () => {
    const s = {
      ...scenarioWith('events {}\nhttp { include big.conf; }\n'),
      files: { 'big.conf': bigConfig(FIVE_MB) },
    };
    expect(simulate(s).errors[0]?.code).toBe('engine-config-too-large');
  });

  it('the scenario loader refuses a 5 MB scenario file, naming its size', () => {
    const text = `title: big\nconfig: |\n${config.replace(/^/gm, '  ')}client: { request: { path: / } }\n`;
    const loaded = loadScenario(text);
    expect(loaded.scenario).toBeNull();
    expect(loaded.errors).toEqual([
      {
        line: null,
        path: '(top)',
        message: `the scenario is ${formatBytes(utf8Bytes(text))}; the simulator reads at most 2 MB`,
      },
    ]);
  });

  it("the playground's worker answers at once with a line-1 marker instead of checking it", () => {
    const response = runScenario(engine, { id: 7, scenario: 'client: {}', config });
    expect(response).toMatchObject({ id: 7, kind: 'result', simulation: null });
    if (response.kind !== 'result') throw new Error('expected a result');
    expect(response.configErrors).toEqual([
      {
        file: 'nginx.conf',
        line: 1,
        error: `the config is ${size}; the simulator reads at most 1 MB`,
        code: 'engine-config-too-large',
      },
    ]);
  });

  it('the limits count UTF-8 bytes, so a Chinese config cannot slip past at a third of the size', () => {
    expect(exceedsBytes('a'.repeat(MAX_CONFIG_BYTES), MAX_CONFIG_BYTES)).toBe(false);
    expect(exceedsBytes('a'.repeat(MAX_CONFIG_BYTES + 1), MAX_CONFIG_BYTES)).toBe(true);
    const chinese = '中'.repeat(Math.floor(MAX_CONFIG_BYTES / 3) + 1);
    expect(chinese.length).toBeLessThan(MAX_CONFIG_BYTES);
    expect(exceedsBytes(chinese, MAX_CONFIG_BYTES)).toBe(true);
    expect(utf8Bytes('😀')).toBe(4);
    expect(MAX_SCENARIO_BYTES).toBeGreaterThan(MAX_CONFIG_BYTES);
  });

  it('a config under the limit is still read (the limit is not a cut-off for real configs)', () => {
    const result = checkConfig(bigConfig(100 * 1024));
    expect(result.errors).toEqual([]);
  });
});

describe('hostile: deeply nested blocks', () => {
  const nested = (depth: number, open: (i: number) => string) =>
    `events {}\nhttp {\n  server {\n    listen 18080;\n${Array.from({ length: depth }, (_, i) => `${open(i)} {\n`).join('')}${'}\n'.repeat(depth)}  }\n}\n`;

  it('10,000 levels: a located error instead of a stack overflow, in every entry point', () => {
    const config = nested(10_000, () => 'location /');
    const checked = checkConfig(config);
    // http and server are open before the nested locations start at line 5.
    const deep = checked.errors.find((e) => e.code === 'engine-nesting-too-deep');
    expect(deep).toEqual({
      file: 'nginx.conf',
      line: 4 + MAX_BLOCK_DEPTH - 1,
      error: `blocks nested more than ${MAX_BLOCK_DEPTH} levels deep are not supported by the simulator`,
      code: 'engine-nesting-too-deep',
    });
    const sim = simulate(scenarioWith(config));
    expect(sim.errors.some((e) => e.code === 'engine-internal')).toBe(false);
    expect('config_error' in sim.outcome && sim.outcome.config_error).toContain('nested more than');
    expect(() => diagnoseScenario(scenarioWith(config))).not.toThrow();
    expect(() => printConfig(parseConfig(config))).not.toThrow();
  });

  it('10,000 levels of junk blocks and of unclosed braces fail the same way', () => {
    expect(checkConfig('x {'.repeat(10_000)).errors.map((e) => e.code)).toContain('engine-nesting-too-deep');
    expect(checkConfig(`${'{'.repeat(10_000)}${'}'.repeat(10_000)}`).status).toBe('failed');
  });

  it('nesting through include files counts too', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 15; i++)
      files[`n${i}.conf`] =
        `location /${i}/ {\n${'location /x/ {\n'.repeat(8)}include n${i + 1}.conf;\n${'}\n'.repeat(9)}`;
    files['n15.conf'] = 'return 200;';
    const s = { ...scenarioWith('events {}\nhttp { server { listen 18080; include n0.conf; } }\n'), files };
    const sim = simulate(s);
    expect(sim.errors.map((e) => e.code)).toContain('engine-nesting-too-deep');
  });

  it(`${MAX_BLOCK_DEPTH - 3} levels (under the limit) go through check, simulate, diagnostics, print and render`, () => {
    // nginx accepts nested locations whose prefixes extend their parent's.
    const config = nested(MAX_BLOCK_DEPTH - 3, (i) => `location /${'a/'.repeat(i + 1)}`).replace(
      '    listen 18080;\n',
      '    listen 18080;\n    location /chat/ { proxy_pass http://127.0.0.1:18081; }\n',
    );
    const checked = checkConfig(config);
    expect(checked.errors).toEqual([]);
    const sim = simulate(scenarioWith(config));
    expect(sim.errors).toEqual([]);
    expect(renderMermaid(sim)).toContain('sequenceDiagram');
    expect(renderTranscript(sim)).toContain('GET /chat/ HTTP/1.1');
    expect(Array.isArray(diagnoseScenario(scenarioWith(config)))).toBe(true);
    expect(parseConfig(printConfig(parseConfig(config))).errors).toEqual([]);
  });

  it('a scenario nested 10,000 levels deep in YAML is refused with a message, not a crash', () => {
    for (const text of [
      `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      `${'{a: '.repeat(5000)}${'}'.repeat(5000)}`,
    ]) {
      const loaded = loadScenario(text);
      expect(loaded.scenario).toBeNull();
      expect(loaded.errors.length).toBeGreaterThan(0);
    }
  });
});

describe('hostile: a catastrophic regex in a map', () => {
  const shapes: Array<[string, string]> = [
    ['~^(a+)+$', 'nested quantifier'],
    ['~^(\\w+\\s?)*$', 'nested quantifier'],
    ['~*(x+x+)+y', 'nested quantifier'],
    ['~^(a{1,}){2,}$', 'nested quantifier'],
    ['~(a|aa)*$', 'alternatives that can match the same text'],
    ['~^(\\w|\\d)+$', 'alternatives that can match the same text'],
  ];
  for (const [pattern, why] of shapes) {
    it(`${pattern} is refused with its line number and never run`, () => {
      const config = [
        'events {}',
        'http {',
        `  map $http_x $m {`,
        `    "${pattern}" bad;`,
        '    default ok;',
        '  }',
        '  server {',
        '    listen 18080;',
        '    location /chat/ { proxy_pass http://127.0.0.1:18081; proxy_set_header X-M $m; }',
        '  }',
        '}',
      ].join('\n');
      // The classic subject that makes a backtracking engine take exponential time.
      const sim = simulate(
        scenarioWith(config, [
          ['Host', 'a'],
          ['X', `${'a1'.repeat(2000)}!`],
        ]),
      );
      const refused = sim.errors.find((e) => e.code === 'engine-regex-refused');
      expect(refused).toMatchObject({ file: 'nginx.conf', line: 4 });
      expect(refused?.error).toContain(why);
      expect(sim.errors.some((e) => e.code === 'engine-internal')).toBe(false);
    });
  }
});

describe('hostile: repeated alternatives stay allowed when the text decides', () => {
  it('literal alternatives none of which starts another are still run', () => {
    for (const pattern of ['(css|js)+$', '(a|b)*', '^/(ws|socket\\.io)/', '(a|aa){2}']) {
      expect('error' in defaultRegexRunner.compile(pattern, false)).toBe(false);
    }
  });
});

describe('hostile: invalid UTF-8 in a permalink', () => {
  it('bytes that are not UTF-8 inside a well-formed link are refused by name', () => {
    const bytes = new Uint8Array([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0xc0, 0x80]);
    const payload = Buffer.from(deflateSync(bytes)).toString('base64url');
    expect(decodePermalink(`1.${payload}`)).toEqual({ ok: false, code: 'permalink-not-utf8' });
    expect(decodePermalink(payload)).toEqual({ ok: false, code: 'permalink-not-utf8' });
  });

  it('percent-encoded junk is refused as not base64, not decoded', () => {
    expect(decodePermalink('1.%FF%FE')).toEqual({ ok: false, code: 'permalink-not-base64' });
  });
});

describe('hostile: a permalink from a future version', () => {
  it('is refused with its own code and version, whatever follows the mark', () => {
    const body = encodePermalink('title: x').split('.')[1] ?? '';
    for (const version of [2, 17, 999_999]) {
      expect(decodePermalink(`${version}.${body}`)).toEqual({
        ok: false,
        code: 'permalink-future-version',
        version,
      });
      expect(decodePermalink(`${version}.!!not base64!!`)).toEqual({
        ok: false,
        code: 'permalink-future-version',
        version,
      });
    }
  });
});

describe('hostile: HTML and script in every text field (engine side)', () => {
  const html = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  it('travel through load, simulate and the YAML writer as plain text, unchanged', () => {
    const s: Scenario = {
      ...scenarioWith(
        `events {}\nhttp {\n  # ${html}\n  map $http_x $m { default "${html.replace(/"/g, '\\"')}"; }\n  server {\n    listen 18080;\n    server_name "<b>x</b>";\n    location /chat/ { proxy_pass http://127.0.0.1:18081; proxy_set_header X-M $m; add_header X-H "${html.replace(/"/g, '\\"')}"; }\n  }\n}\n`,
        [
          ['Host', html],
          [html, html],
        ],
      ),
      title: html,
      description: { zh: html, en: html },
      client: {
        request: {
          method: 'GET',
          path: '/chat/',
          http_version: '1.1',
          headers: [
            ['Host', 'x'],
            ['X-A', html],
          ],
        },
        steps: [{ at: 0.5, send: html }],
        until: 2,
      },
    };
    const loaded = loadScenario(scenarioToYaml(s));
    expect(loaded.errors).toEqual([]);
    expect(loaded.scenario?.title).toBe(html);
    const sim = simulate(loaded.scenario!);
    expect(sim.errors).toEqual([]);
    // The header value reaches the backend byte for byte: escaping is the renderer's job.
    expect(JSON.stringify(sim.outcome)).toContain(JSON.stringify(html).slice(1, -1));
  });
});

describe('hostile: runaway event counts (review F4)', () => {
  const tunnelConfig = [
    'events {}',
    'http {',
    '  server {',
    '    listen 18080;',
    '    location /chat/ {',
    '      proxy_pass http://127.0.0.1:18081;',
    '      proxy_http_version 1.1;',
    '      proxy_set_header Upgrade $http_upgrade;',
    '      proxy_set_header Connection "upgrade";',
    '      proxy_read_timeout 86400s;',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const upgrade: Array<[string, string]> = [
    ['Host', 'a'],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
    ['Sec-WebSocket-Version', '13'],
  ];

  it('a tick and a ping every microsecond for a day stop at the event cap, saying when', () => {
    const s = scenarioWith(tunnelConfig, upgrade);
    s.backends['127.0.0.1:18081'] = { ...defaultBackend(), send_every: 0.000001, ping_every: 0.000001 };
    s.client.until = 86400;
    const sim = simulate(s);
    expect(sim.timeline.length).toBe(MAX_SIMULATED_EVENTS);
    const last = sim.timeline.at(-1)!;
    expect(last.kind).toBe('note');
    expect(last.explain).toEqual({
      code: 'event-limit',
      params: { limit: MAX_SIMULATED_EVENTS, at: last.at },
    });
    expect(last.at).toBeGreaterThan(0.5);
    expect(last.at).toBeLessThan(10);
    const limit = sim.errors.find((e) => e.code === 'engine-event-limit');
    expect(limit?.error).toBe(
      `more than ${MAX_SIMULATED_EVENTS} events: the scenario stops at t=${last.at} s`,
    );
    expect(limit?.explain).toEqual(last.explain);
    // The connection did not end in what was simulated: no invented end.
    expect('end' in sim.outcome && sim.outcome.end).toBeNull();
    for (const lang of ['zh', 'en'] as const) {
      const text = renderMessage(dictionaries[lang].reason, last.explain!);
      expect(text).toContain(String(MAX_SIMULATED_EVENTS));
      expect(text).toContain(String(last.at));
    }
    expect(sim.transcript.length).toBeLessThan(MAX_SIMULATED_EVENTS);
    expect(renderMermaid(sim).split('\n').length).toBeLessThan(MAX_DIAGRAM_MESSAGES + 10);
    expect(renderMermaid(sim)).toMatch(/Note over N: \d+ more events not shown \(from [\d.]+s\)/);
  });
  // The tunnel's event queue on 30,000 steps, and its order: playground/src/sim/event-queue.test.ts.
});

describe('hostile: counts the simulator refuses by name (review F6)', () => {
  const head = 'title: big\nconfig: |\n  events {}\nclient:\n  request: { path: /chat/ }\n';

  it('30,000 steps in a scenario file are refused before the YAML is parsed', () => {
    const steps = Array.from({ length: 30_000 }, (_, i) => `    - { at: ${i / 1000}, send: "m${i}" }`);
    const loaded = loadScenario(`${head}  steps:\n${steps.join('\n')}\n`);
    expect(loaded.scenario).toBeNull();
    expect(loaded.errors).toEqual([
      {
        // 10 values before the steps, 5 in each step: value 5001 is in step 999, on line 1005.
        line: 1005,
        path: '(top)',
        message: `the scenario has more than ${MAX_YAML_VALUES} YAML values (value ${MAX_YAML_VALUES + 1} is on line 1005); the simulator reads at most ${MAX_YAML_VALUES}: fewer clients, requests or headers`,
      },
    ]);
  });

  it('30,000 entries under an unknown key count too (they froze the page for 2 s)', () => {
    const extra = Array.from({ length: 30_000 }, () => '{a: 1, b: x}').join(', ');
    expect(loadScenario(`${head}extra: [${extra}]\n`).errors[0]?.message).toContain('YAML values');
    // How the lexer counts: playground/src/limits/yaml-values.test.ts.
  });

  it(`more than ${MAX_STEPS} steps or ${MAX_SCENARIO_ENTRIES} backends, headers or files are refused by count`, () => {
    const many = (n: number, f: (i: number) => string) =>
      Array.from({ length: n }, (_, i) => f(i)).join('\n');
    const steps = loadScenario(
      `${head}  steps:\n${many(MAX_STEPS + 1, (i) => `    - { at: ${i}, ping: "" }`)}\n`,
    );
    expect(steps.errors.map((e) => e.message)).toEqual([
      `client.steps has ${MAX_STEPS + 1} steps; the simulator reads at most ${MAX_STEPS}`,
    ]);
    const backends = loadScenario(
      `${head}backends:\n${many(MAX_SCENARIO_ENTRIES + 1, (i) => `  "127.0.0.1:${20000 + i}": { kind: refused }`)}\n`,
    );
    expect(backends.errors.map((e) => e.message)).toEqual([
      `backends has ${MAX_SCENARIO_ENTRIES + 1} backends; the simulator reads at most ${MAX_SCENARIO_ENTRIES}`,
    ]);
    // From code (no YAML), a scenario still runs with the first ones and says so.
    const s = scenarioWith('events {}\nhttp { server { listen 18080; location /chat/ { return 200; } } }\n');
    s.client.steps = Array.from({ length: 30_000 }, (_, i) => ({ at: i / 1000, ping: '' }));
    const sim = simulate(s);
    expect(sim.errors.map((e) => e.error)).toContain(
      `client.steps: client.steps has 30000 steps; the simulator reads at most ${MAX_STEPS}`,
    );
    expect(sim.timeline.filter((e) => e.kind === 'skipped').length).toBeLessThanOrEqual(MAX_STEPS);
  });

  it(`a config of more than ${MAX_DIRECTIVES} directives is refused at the directive that passes the cap`, () => {
    const rewrites = Array.from({ length: 20_000 }, () => '      rewrite ^(.*)$ $1$1;').join('\n');
    const config = `events {}\nhttp {\n  server {\n    listen 18080;\n    location /chat/ {\n${rewrites}\n    }\n  }\n}\n`;
    const checked = checkConfig(config);
    expect(checked.errors[0]).toEqual({
      file: 'nginx.conf',
      line: MAX_DIRECTIVES + 1,
      error: `the config has more than ${MAX_DIRECTIVES} directives; the simulator reads at most ${MAX_DIRECTIVES}`,
      code: 'engine-too-many-directives',
      explain: { code: 'too-many-directives', params: { limit: MAX_DIRECTIVES } },
    });
    expect(simulate(scenarioWith(config)).outcome).toMatchObject({
      config_error: expect.stringContaining('directives'),
    });
  });

  it('rewrites that double the URI a thousand times run, and their notes quote it shortened', () => {
    const rewrites = Array.from({ length: 1000 }, () => '      rewrite ^(.*)$ $1$1;').join('\n');
    const config = `events {}\nhttp {\n  server {\n    listen 18080;\n    location /chat/ {\n${rewrites}\n      return 200;\n    }\n  }\n}\n`;
    const sim = simulate(scenarioWith(config));
    const notes = sim.timeline.filter((e) => e.explain?.code === 'rewrite-uri');
    expect(notes).toHaveLength(1000);
    for (const n of notes) {
      for (const v of Object.values(n.explain?.params ?? {}))
        expect(String(v).length).toBeLessThanOrEqual(MAX_NOTE_TEXT);
      expect(n.label.length).toBeLessThan(2 * MAX_NOTE_TEXT + 20);
    }
  });
});

describe('hostile: invisible characters in a config (review F8)', () => {
  const config = [
    'events {}',
    'http {',
    '  # \u202Eupgrade only\u202C',
    '  server {',
    '    listen 18080;',
    '    location /chat/ {',
    '      proxy_pass http://127.0.0.1:18081;',
    '      proxy_http_version 1.1;',
    '      proxy_set_header Upgrade $http_upgrade;',
    '      proxy_set_header Conn\u200Bection "upgrade";',
    '    }',
    '  }',
    '}',
  ].join('\n');
  const upgrade: Array<[string, string]> = [
    ['Host', 'a'],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
    ['Sec-WebSocket-Version', '13'],
  ];

  it('are named with their line, and the fix deletes them (the upgrade then goes through)', () => {
    const s = scenarioWith(config, upgrade);
    expect(simulate(s).outcome).toMatchObject({ tunnel: false });
    const found = diagnoseScenario(s).filter((d) => d.id === 'ws-invisible-character');
    const text = (lang: 'zh' | 'en', message: engine.Message) =>
      renderMessage(dictionaries[lang].diagnostic, message);
    expect(found.map((d) => [d.location.line, d.location.col, d.severity, text('en', d.message)])).toEqual([
      [3, 5, 'warning', 'invisible character U+202E, U+202C in `⟨U+202E⟩upgrade` on line 3'],
      [10, 28, 'warning', 'invisible character U+200B in `Conn⟨U+200B⟩ection` on line 10'],
    ]);
    expect(text('zh', found[1]!.message)).toBe('第 10 行的 `Conn⟨U+200B⟩ection` 中有不可见字符 U+200B');
    let fixed = config;
    for (const d of [...found].reverse()) fixed = engine.applyEdits(fixed, d.fix!.edits);
    expect(fixed).not.toMatch(engine.INVISIBLE_CHARS);
    const after = { ...s, config: fixed };
    expect(diagnoseScenario(after).filter((d) => d.id === 'ws-invisible-character')).toEqual([]);
    expect(simulate(after).outcome).toMatchObject({ tunnel: true, response: { status: 101 } });
  });
});

describe('hostile: a very long unknown directive name', () => {
  it('is reported without comparing it, letter by letter, to every directive name', () => {
    // 4,000 characters, under nginx's 4,096 for a token: each used to cost about 0.1 s.
    const names = Array.from({ length: 100 }, (_, i) => `x${String(i).padStart(3, '0')}${'y'.repeat(4000)}`);
    const config = `events {}\nhttp {\n${names.map((n) => `  ${n} on;`).join('\n')}\n}\n`;
    for (const text of [config, config.replace('events', 'events ')]) {
      const checked = checkConfig(text);
      expect(checked.errors[0]).toMatchObject({ line: 3, code: 'unknown-directive' });
      expect(checked.errors[0]?.suggestion).toBeUndefined();
      diagnoseScenario(scenarioWith(text));
    }
    // Short misspellings still get their suggestion.
    expect(checkConfig('events {}\nhttp {\n  server { locaton / { } }\n}\n').errors[0]?.suggestion).toBe(
      'location',
    );
  });
});
