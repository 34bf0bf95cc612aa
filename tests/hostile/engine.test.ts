import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../playground/src/config/check';
import { MAX_BLOCK_DEPTH, parseConfig } from '../../playground/src/config/parse';
import { printConfig } from '../../playground/src/config/print';
import { diagnoseScenario } from '../../playground/src/diagnostics/index';
import { defaultRegexRunner } from '../../playground/src/eval/regex';
import * as engine from '../../playground/src/index';
import {
  exceedsBytes,
  formatBytes,
  MAX_CONFIG_BYTES,
  MAX_SCENARIO_BYTES,
  utf8Bytes,
} from '../../playground/src/limits/size';
import { decodePermalink, encodePermalink } from '../../playground/src/permalink';
import { renderMermaid } from '../../playground/src/render/mermaid';
import { renderTranscript } from '../../playground/src/render/transcript';
import { defaultBackend, loadScenario, scenarioToYaml } from '../../playground/src/scenario/load';
import type { Scenario } from '../../playground/src/scenario/types';
import { simulate } from '../../playground/src/sim/simulate';
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
