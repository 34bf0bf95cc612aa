import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run as check } from '../../playground/cli/commands/check';
import { run as simulate } from '../../playground/cli/commands/simulate';
import { decodeUtf8, firstInvalidUtf8 } from '../../playground/cli/utf8-file';

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
