import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run as check } from '../../playground/cli/commands/check';
import { run as parse } from '../../playground/cli/commands/parse';
import { run as simulate } from '../../playground/cli/commands/simulate';
import { simulatorFor } from '../../playground/cli/conformance/simulator';
import {
  cliRegexRunner,
  EngineTimeout,
  scenarioPlace,
  timeoutMessage,
  withinTimeLimit,
} from '../../playground/cli/time-limit';
import { decodeUtf8, firstInvalidUtf8 } from '../../playground/cli/utf8-file';
import {
  formatBytes,
  MAX_CONFIG_TREE_BYTES,
  MAX_FILE_BYTES,
  MAX_GLOB_ENTRIES,
} from '../../playground/src/index';

/** Hostile files handed to the command line: each must end in a located message, never a crash. */

const dir = mkdtempSync(join(tmpdir(), 'hostile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function capture(run: (args: string[]) => Promise<number>, args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await run(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function file(name: string, ...parts: Array<string | number[]>): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))),
  );
  return path;
}

const GOOD_CONFIG =
  'events {}\nhttp {\n  server {\n    listen 18080;\n    location /chat/ { proxy_pass http://127.0.0.1:18081; }\n  }\n}\n';

describe('hostile: invalid UTF-8 in files read by the CLI', () => {
  it('check: a config with Latin-1 bytes in a comment is checked, with a warning naming line, column and byte', async () => {
    const path = file(
      'latin1.conf',
      'events {}\n# caf',
      [0xe9],
      ' au lait\n',
      GOOD_CONFIG.slice('events {}\n'.length),
    );
    const result = await capture(check, [path, '--lang', 'en']);
    expect(result.code).not.toBe(2);
    expect(result.stderr).toContain(':2:6: not valid UTF-8 (byte 0xe9): warning:');
  });

  it('check: a scenario file that is not UTF-8 is refused (exit 2) with its line', async () => {
    const path = file(
      'gbk.yaml',
      'title: x\nconfig: |\n  events {}\ndescription: ',
      [0xc4, 0xe3, 0xba, 0xc3],
      '\n',
    );
    const result = await capture(check, [path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('gbk.yaml:4:14: not valid UTF-8 (byte 0xc4); save the scenario as UTF-8');
  });

  it('simulate: a scenario file that is not UTF-8 is refused (exit 2) with its line, and the next file still runs', async () => {
    const bad = file('bad.yaml', 'title: ', [0xff, 0xfe], '\n');
    const good = file(
      'good.yaml',
      `config: |\n${GOOD_CONFIG.trimEnd().replace(/^/gm, '  ')}\nclient:\n  request:\n    path: /chat/\n    headers: { Host: a }\n  until: 1\n`,
    );
    const result = await capture(simulate, [bad, good, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml:1:8: not valid UTF-8 (byte 0xff)');
    expect(JSON.parse(result.stdout.trim()).format).toBe('outcome@1');
  });

  it('the validator agrees with the standard decoder on every kind of bad sequence', () => {
    const cases: number[][] = [
      [0x80], // continuation byte alone
      [0xc0, 0xaf], // overlong
      [0xe0, 0x80, 0xaf], // overlong 3-byte
      [0xed, 0xa0, 0x80], // UTF-16 surrogate
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xe4, 0xb8], // cut short
      [0xf8, 0x88, 0x80, 0x80, 0x80], // 5-byte form
    ];
    for (const bytes of cases) {
      const all = new Uint8Array([0x61, ...bytes]);
      expect(firstInvalidUtf8(all)).toBe(1);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(all)).toThrow();
    }
    const fine = new TextEncoder().encode('中文 ok 😀\n');
    expect(firstInvalidUtf8(fine)).toBe(-1);
    expect(decodeUtf8(fine)).toEqual({ text: '中文 ok 😀\n', invalid: null });
  });
});

/**
 * A scenario whose config holds `mapLine` (config line 3) and `serverLine` (line 6); the
 * request's header X goes through the map into the proxied request.
 */
function redosScenario(
  name: string,
  lines: { map?: string; server?: string },
  path: string,
  header: string,
): string {
  const config = [
    'events {}',
    'http {',
    `  ${lines.map ?? 'map $http_x $m { default 0; }'}`,
    '  server {',
    '    listen 18080;',
    `    ${lines.server ?? 'server_name a;'}`,
    '    location /chat/ { proxy_pass http://127.0.0.1:18081; proxy_set_header X-M $m; }',
    '  }',
    '}',
  ];
  return file(
    name,
    `title: redos\nconfig: |\n${config.map((l) => `  ${l}`).join('\n')}\nclient:\n  request:\n    path: ${JSON.stringify(path)}\n    headers: { Host: a, X: ${JSON.stringify(header)} }\n  until: 1\n`,
  );
}

describe('hostile: runaway (polynomial) regexes in the CLI', () => {
  const a500 = 'a'.repeat(500);
  const poly = '^.*a.*a.*a.*a.*a.*b$';
  const variants: Array<[string, { map?: string; server?: string }, string, string, number]> = [
    ['if', { server: `if ($http_x ~ "${poly}") { return 403; }` }, '/chat/', a500, 6],
    ['location', { server: `location ~ "${poly}" { return 403; }` }, `/chat/${a500}`, 'x', 6],
    ['map', { map: `map $http_x $m { "~${poly}" 1; default 0; }` }, '/chat/', a500, 3],
  ];

  for (const [kind, lines, path, header, configLine] of variants) {
    it(`simulate: a ${kind} regex that backtracks for minutes stops within ~2 s, naming its config line and subject length`, async () => {
      const scenario = redosScenario(`rd-${kind}.yaml`, lines, path, header);
      const started = Date.now();
      const result = await capture(simulate, [scenario, '--json']);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `${scenario} (config line ${configLine}): regular expression "${poly}" ran for more than 2 s ` +
          `on a ${path.length > 100 ? path.length : 500}-character subject (catastrophic backtracking); simplify it\n`,
      );
    });
  }

  it('check: the same regex in a scenario stops with the same message (exit 2)', async () => {
    const scenario = redosScenario('rd-check.yaml', variants[1]![1], `/chat/${a500}`, 'x');
    const result = await capture(check, [scenario]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${scenario} (config line 6): regular expression "${poly}" ran for more than 2 s on a 506-character subject`,
    );
  });

  it("conformance's simulator side: (.*,){12}X against 4000 commas throws a timeout that names its line", () => {
    const text = readFileSync(
      redosScenario(
        'rd-commas.yaml',
        { server: 'location ~ "(.*,){12}X" { return 403; }' },
        `/chat/${','.repeat(4000)}`,
        'x',
      ),
      'utf8',
    );
    let thrown: unknown = null;
    try {
      simulatorFor('1.22.1')(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EngineTimeout);
    const timeout = thrown as EngineTimeout;
    expect(timeout.regex).toEqual({
      pattern: '(.*,){12}X',
      origin: { file: 'nginx.conf', line: 6 },
      subjectLength: 4006,
    });
    expect(timeoutMessage(timeout, (origin) => scenarioPlace('rd-commas.yaml', origin))).toMatch(
      /^rd-commas\.yaml \(config line 6\): regular expression "\(\.\*,\)\{12\}X" ran for more than 2 s on a 4006-character subject/,
    );
  });

  it('the regex hook is cleared after each regex: a slow run without a regex blames no regex', () => {
    let thrown: unknown = null;
    try {
      withinTimeLimit(() => {
        cliRegexRunner.compile('^/chat/', false, { file: 'nginx.conf', line: 3 });
        const compiled = cliRegexRunner.compile('^/chat/', false, { file: 'nginx.conf', line: 3 });
        if ('error' in compiled) throw new Error(compiled.error);
        compiled.exec('/chat/');
        for (;;) {
          // spin until the time limit stops this
        }
      }, 200);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EngineTimeout);
    expect((thrown as EngineTimeout).regex).toBeNull();
    expect(timeoutMessage(thrown as EngineTimeout, () => 'x.yaml')).toBe(
      'x.yaml: the simulator ran for more than 0.2 s and was stopped; make the scenario or config smaller',
    );
  });
});

describe('hostile: includes that are no regular file, too large or too wide (check and parse say the same)', () => {
  const main = (name: string, include: string) => file(name, `events {}\nhttp {\n  include ${include};\n}\n`);

  /** Runs both commands on `path`; each must stop within seconds, with `message` at line 3. */
  async function bothRefuse(path: string, message: string): Promise<void> {
    const checked = await capture(check, [path]);
    const parsed = await capture(parse, [path, '--nginx-t']);
    expect(checked.code).toBe(2);
    expect(parsed.code).toBe(1);
    expect(checked.stderr).toContain(`:3: cannot parse: ${message}\n`);
    expect(parsed.stderr).toContain(`nginx: [emerg] ${message} in ${path}:3\n`);
    // crossplane's parse reads through the same reader: the include fails at its line, the rest stays.
    const crossplane = await capture(parse, [path, '--json']);
    expect(crossplane.code).toBe(0);
    const payload = JSON.parse(crossplane.stdout);
    expect(payload.status).toBe('failed');
    expect(payload.errors.length).toBeGreaterThan(0);
    expect(payload.config[0].parsed.length).toBe(2);
  }

  const notRegular = (path: string, kind: string) =>
    `open() "${path}" failed (not a regular file but ${kind}; nginx-ws-lab reads only regular files)`;

  it('/dev/zero is refused unread (it used to exhaust memory)', async () => {
    await bothRefuse(main('zero.conf', '/dev/zero'), notRegular('/dev/zero', 'a character device'));
  });

  it('a glob that matches /dev/zero is refused the same way', async () => {
    await bothRefuse(main('zero-glob.conf', '/dev/zer*'), notRegular('/dev/zero', 'a character device'));
  });

  it('a FIFO is refused without opening it for a blocking read (it used to hang)', async () => {
    const fifo = join(dir, 'fifo.conf');
    execFileSync('mkfifo', [fifo]);
    await bothRefuse(main('with-fifo.conf', fifo), notRegular(fifo, 'a FIFO'));
    const direct = await capture(check, [fifo]);
    expect(direct.stderr).toContain(`cannot read ${fifo}: not a regular file but a FIFO`);
  });

  it('/dev/stdout, whatever it is connected to, is not read', async () => {
    const path = main('stdout.conf', '/dev/stdout');
    const checked = await capture(check, [path]);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(/open\(\) "\/dev\/stdout" failed \(not a regular file but a/);
  });

  it('a glob over the whole disk stops after a fixed number of directory entries', async () => {
    await bothRefuse(
      main('walk.conf', '/*/*/*/*'),
      `include "/*/*/*/*" visits more than ${MAX_GLOB_ENTRIES} directory entries; nginx-ws-lab stops there, narrow the pattern`,
    );
  });

  it('a symlink loop gets nginx\'s ELOOP wording in both (parse used to say "No such file")', async () => {
    const a = join(dir, 'loop-a.conf');
    symlinkSync(join(dir, 'loop-b.conf'), a);
    symlinkSync(a, join(dir, 'loop-b.conf'));
    await bothRefuse(main('loop.conf', a), `open() "${a}" failed (40: Too many levels of symbolic links)`);
  });

  it('a directory named by an include fails as in nginx (pread, 21: Is a directory)', async () => {
    mkdirSync(join(dir, 'a-dir.conf'), { recursive: true });
    await bothRefuse(
      main('dir.conf', 'a-dir.conf'),
      `pread() "${join(dir, 'a-dir.conf')}" failed (21: Is a directory)`,
    );
  });

  it(`a file over ${formatBytes(MAX_FILE_BYTES)} is refused by its size, unread`, async () => {
    const big = join(dir, 'big.conf');
    writeFileSync(big, '');
    truncateSync(big, MAX_FILE_BYTES + 1);
    await bothRefuse(
      main('with-big.conf', big),
      `open() "${big}" failed (the file is 16 MB; nginx-ws-lab reads at most 16 MB)`,
    );
  });

  it(`includes adding up to more than ${formatBytes(MAX_CONFIG_TREE_BYTES)} stop at the file that crosses it`, async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    for (let i = 0; i < 4; i++) {
      writeFileSync(join(many, `${i}.conf`), '');
      truncateSync(join(many, `${i}.conf`), MAX_FILE_BYTES - 1);
    }
    await bothRefuse(
      main('with-many.conf', `${many}/*.conf`),
      // Four files of 16 MB less a byte, plus the main file, pass 64 MB at the fourth.
      `open() "${join(many, '3.conf')}" failed (the config and its includes add up to more than 64 MB; nginx-ws-lab reads at most that)`,
    );
  });

  it('parse reads a main file over 1 MB as check does (the 1 MB limit is for pastes)', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => `    # ${String(i).padEnd(1000, '.')}`);
    const path = file(
      'long.conf',
      `events {}\nhttp {\n  server {\n    listen 80;\n${lines.join('\n')}\n  }\n}\n`,
    );
    const parsed = await capture(parse, [path, '--nginx-t']);
    expect(parsed.stderr).toBe('');
    expect(parsed.code).toBe(0);
    expect((await capture(check, [path])).code).toBe(0);
  });
});
