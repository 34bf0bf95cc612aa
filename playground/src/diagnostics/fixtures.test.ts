import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse';
import type { Scenario } from '../scenario/types';
import { diagnose } from './diagnose';
import { applyEdits } from './edits';
import { ruleIds } from './registry';
import type { DiagnoseOptions, RuleId } from './types';

/** Golden fixtures: see fixtures/README.md for the header format. */
const root = join(import.meta.dirname, 'fixtures');
const only = process.env.ONLY;

interface Fixture {
  name: string;
  rule: RuleId;
  text: string;
  files: Record<string, string>;
  options: DiagnoseOptions;
  expected: Array<{ line: number; severity: string }>;
}

function scenarioFor(path: string, heartbeat: number | null): Scenario {
  return {
    title: 'fixture',
    config: '',
    backends: {
      '127.0.0.1:18081': {
        kind: 'websocket',
        handshake_delay: 0,
        plain_status: 426,
        echo: true,
        send_every: null,
        ping_every: heartbeat,
        close_after: null,
      },
    },
    client: {
      request: {
        method: 'GET',
        path,
        http_version: '1.1',
        headers: [
          ['Host', 'example.com'],
          ['Upgrade', 'websocket'],
          ['Connection', 'Upgrade'],
        ],
      },
      steps: [],
      until: 5,
    },
  };
}

function load(rule: RuleId, name: string): Fixture {
  const raw = readFileSync(join(root, rule, name), 'utf8');
  const [main = '', ...parts] = raw.split(/^# --- file: /m);
  const files: Record<string, string> = {};
  for (const part of parts) {
    const nl = part.indexOf('\n');
    files[part.slice(0, nl).trim()] = part.slice(nl + 1);
  }
  const header = (key: string) => new RegExp(`^# ${key}: (.+)$`, 'm').exec(main)?.[1]?.trim();
  const options: DiagnoseOptions = {};
  if (header('nginx')) options.nginxVersion = header('nginx');
  if (header('connections')) options.connectionTarget = Number(header('connections'));
  const request = header('request');
  if (request)
    options.scenario = scenarioFor(request, header('heartbeat') ? Number(header('heartbeat')) : null);
  const expected = [...main.matchAll(/^# expect: (\d+) (error|warning|info)$/gm)].map((m) => ({
    line: Number(m[1]),
    severity: m[2] ?? '',
  }));
  return { name, rule, text: main, files, options, expected };
}

function run(f: Fixture, text = f.text) {
  const parse = parseConfig(text, {
    file: 'nginx.conf',
    resolveInclude: (pattern) =>
      f.files[pattern] !== undefined ? [{ file: pattern, text: f.files[pattern]! }] : null,
  });
  return {
    parse,
    diagnostics: diagnose(parse, { ...f.options, sources: { 'nginx.conf': text, ...f.files } }),
  };
}

const dirs = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name as RuleId)
  .filter((d) => !only || d === only);

describe('diagnostics fixtures', () => {
  it('has a directory with a bad and a good fixture for every rule', () => {
    for (const id of ruleIds) {
      const names = readdirSync(join(root, id));
      expect(
        names.some((n) => n.startsWith('bad-')),
        id,
      ).toBe(true);
      expect(
        names.some((n) => n.startsWith('good-')),
        id,
      ).toBe(true);
    }
  });

  for (const rule of dirs) {
    for (const name of readdirSync(join(root, rule)).sort()) {
      const f = load(rule, name);
      if (name.startsWith('good-')) {
        it(`${rule}/${name} does not trigger ${rule}`, () => {
          const { parse, diagnostics } = run(f);
          expect(parse.errors).toEqual([]);
          expect(diagnostics.filter((d) => d.id === rule)).toEqual([]);
        });
        continue;
      }
      it(`${rule}/${name} triggers ${rule} where expected`, () => {
        expect(f.expected.length).toBeGreaterThan(0);
        // A note is for a config that works: no error or warning.
        if (name.startsWith('note-')) expect(f.expected.every((e) => e.severity === 'info')).toBe(true);
        const { parse, diagnostics } = run(f);
        expect(parse.errors).toEqual([]);
        const got = diagnostics
          .filter((d) => d.id === rule)
          .map((d) => ({ line: d.location.line, severity: d.severity }));
        expect(got).toEqual(f.expected);
      });
      it(`${rule}/${name}: each fix parses and silences its finding`, () => {
        const { diagnostics } = run(f);
        for (const d of diagnostics.filter((x) => x.id === rule && x.fix)) {
          const mainEdits = d.fix!.edits.filter((e) => e.file === 'nginx.conf');
          if (mainEdits.length !== d.fix!.edits.length) continue; // fixes in included files: covered elsewhere
          const fixed = applyEdits(f.text, mainEdits);
          const after = run(f, fixed);
          expect(after.parse.errors, fixed).toEqual([]);
          const before = diagnostics.filter((x) => x.id === rule).length;
          expect(after.diagnostics.filter((x) => x.id === rule).length, fixed).toBeLessThan(before);
        }
      });
    }
  }
});
