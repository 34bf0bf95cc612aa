/**
 * `check --format sarif` against the SARIF 2.1.0 JSON schema (the OASIS schema as Microsoft's
 * SARIF tools ship it), plus what GitHub code scanning needs beyond the schema: a rule for every
 * result, 1-based regions, the tool's version, and configs that cannot be parsed reported as
 * results of their own instead of vanishing from the log.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../playground/cli/commands/check';

const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
// The schema's language-tag pattern is not valid with the u flag; it is ECMAScript without it.
const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);

/** The parts of a log these tests read. */
interface SarifLog {
  runs: Array<{
    tool: { driver: { semanticVersion: string; rules: Array<{ id: string }> } };
    invocations: Array<{ executionSuccessful: boolean }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn?: number };
        };
      }>;
    }>;
  }>;
}

let dir: string;

async function sarif(args: string[]): Promise<{ code: number; log: SarifLog }> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await run([...args, '--format', 'sarif', '--lang', 'en']);
    return { code, log: JSON.parse(stdout) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-sarif-'));
  mkdirSync(join(dir, 'conf'));
  writeFileSync(
    join(dir, 'conf/ws.conf'),
    'events {}\nhttp {\n  server {\n    listen 8080;\n    location /ws/ {\n      proxy_pass http://127.0.0.1:9000;\n      proxy_set_header Upgrade $http_upgrade;\n    }\n  }\n}\n',
  );
  writeFileSync(join(dir, 'conf/broken.conf'), 'events {}\nhttp {\n  server {\n    listen 8080\n  }\n}\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check --format sarif', () => {
  it('is a valid SARIF 2.1.0 log with a rule for every result', async () => {
    const { code, log } = await sarif([join(dir, 'conf/ws.conf')]);
    expect(code).toBe(1);
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
    // The schema does bite: a result without a message is refused.
    expect(validate({ ...log, runs: [{ ...log.runs[0]!, results: [{ ruleId: 'x' }] }] })).toBe(false);
    const run0 = log.runs[0]!;
    expect(run0.tool.driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(run0.invocations[0]!.executionSuccessful).toBe(true);
    expect(run0.results.map((r: { ruleId: string }) => r.ruleId)).toContain('ws-connection-not-set');
    for (const r of run0.results) {
      expect(run0.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      const region = r.locations[0]!.physicalLocation.region;
      expect(region.startLine).toBe(5);
      expect(region.startColumn).toBe(5);
    }
  });

  it('reports a config that cannot be parsed as a result at its line, and the run as unsuccessful', async () => {
    const { code, log } = await sarif([join(dir, 'conf/broken.conf'), join(dir, 'conf/ws.conf')]);
    expect(code).toBe(2);
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const run0 = log.runs[0]!;
    expect(run0.invocations[0]!.executionSuccessful).toBe(false);
    const failure = run0.results.find((r) => r.ruleId === 'nginx-config-error')!;
    expect(failure.level).toBe('error');
    expect(failure.message.text).toMatch(/unexpected "}"/);
    expect(failure.locations[0]!.physicalLocation.region.startLine).toBe(5);
    expect(failure.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/.*broken\.conf$/);
    expect(run0.tool.driver.rules[failure.ruleIndex]!.id).toBe('nginx-config-error');
    // The other file's findings are still there.
    expect(run0.results.some((r: { ruleId: string }) => r.ruleId === 'ws-connection-not-set')).toBe(true);
  });

  it('a log with no findings is still valid', async () => {
    writeFileSync(
      join(dir, 'conf/fine.conf'),
      'events {}\nhttp {\n  server {\n    listen 8080;\n    location / { return 200; }\n  }\n}\n',
    );
    const { code, log } = await sarif([join(dir, 'conf/fine.conf')]);
    expect(code).toBe(0);
    expect(validate(log)).toBe(true);
    expect(log.runs[0]!.results).toEqual([]);
  });
});
