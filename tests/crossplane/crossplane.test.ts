/**
 * `parse --json` and `format` against crossplane's own output, recorded by running crossplane
 * (`scripts/crossplane-record.ts`): crossplane's test configs with every option, and every
 * scenario config of the corpus. Byte-identical, except the cases in `exceptions.yaml`, where we
 * follow nginx (each must still differ, so the list stays true). Then `build`: what it writes
 * parses back to the same statements.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { formatText } from '../../playground/cli/commands/format';
import { crossplaneJson, readParseArgs } from '../../playground/cli/commands/parse';
import { fileSystemHost } from '../../playground/cli/crossplane-host';
import { buildConfig, type CrossplaneStatement, crossplaneParse } from '../../playground/src/index';
import {
  CONFIGS,
  corpusConfigs,
  crossplaneCases,
  digest,
  OPTION_SETS,
  RECORDED,
  writeCorpusConfig,
} from '../../scripts/crossplane-record';

const tests = JSON.parse(readFileSync(join(RECORDED, 'crossplane-tests.json'), 'utf8')) as {
  parse: Record<string, string>;
  format: Record<string, string>;
};
const corpus = JSON.parse(readFileSync(join(RECORDED, 'corpus.json'), 'utf8')) as {
  corpus: Record<string, { sha: string; parse: string; format: string }>;
};
const exceptions = parseYaml(readFileSync(join(import.meta.dirname, 'exceptions.yaml'), 'utf8')) as Array<{
  because: string;
  cases: string[];
}>;
const excepted = new Map(exceptions.flatMap((e) => e.cases.map((c) => [c, e.because] as const)));
const seen = new Set<string>();

/** crossplane's callback is a Python traceback: only its last line can match ours. */
function withoutTracebacks(text: string): { text: string; callbacks: string[] } {
  if (!text.startsWith('{')) return { text, callbacks: [] };
  const callbacks: string[] = [];
  const payload = JSON.parse(text) as { errors: Array<{ callback?: string }> };
  for (const e of payload.errors) {
    if (e.callback !== undefined)
      callbacks.push(
        e.callback
          .trim()
          .split('\n')
          .at(-1)!
          .replace(/^crossplane\.errors\./, ''),
      );
    delete e.callback;
  }
  return { text: JSON.stringify(payload), callbacks };
}

function compare(key: string, ours: string, theirs: string): void {
  seen.add(key);
  const a = withoutTracebacks(ours);
  const b = withoutTracebacks(theirs);
  if (excepted.has(key)) {
    expect(a.text, `${key} is listed in exceptions.yaml but now matches crossplane`).not.toBe(b.text);
    return;
  }
  expect(a.text, key).toBe(b.text);
  expect(a.callbacks, key).toEqual(b.callbacks);
}

describe("crossplane's own test configs", () => {
  for (const { dir, file } of crossplaneCases()) {
    for (const options of OPTION_SETS) {
      const key = [dir, file, ...options].join(' ');
      it(`parse ${key}`, () => {
        const theirs = tests.parse[key];
        expect(theirs, `${key} not recorded: run scripts/crossplane-record.ts`).toBeDefined();
        const invocation = readParseArgs([file, '--json', ...options]);
        if ('error' in invocation) throw new Error(invocation.error);
        compare(`parse ${key}`, crossplaneJson(invocation, join(CONFIGS, dir)), theirs!);
      });
    }
    it(`format ${dir} ${file}`, () => {
      const theirs = tests.format[`${dir} ${file}`]!;
      let ours: string;
      try {
        ours = formatText(file, 4, false, join(CONFIGS, dir));
      } catch {
        ours = 'ERROR\n';
      }
      if (theirs.startsWith('ERROR')) {
        seen.add(`format ${dir} ${file}`);
        expect(ours).toBe('ERROR\n');
      } else compare(`format ${dir} ${file}`, ours, theirs);
    });
  }
});

// About 800 configs parsed, formatted and built: seconds, more on a busy machine.
describe('the corpus: every scenario config', { timeout: 120_000 }, () => {
  const configs = corpusConfigs();
  const dir = mkdtempSync(join(tmpdir(), 'xp-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fresh = configs.filter((c) => corpus.corpus[c.key]?.sha === digest(c.config));

  it("was recorded for nearly all of today's configs", () => {
    expect(configs.length).toBeGreaterThan(500);
    // Scenarios added or changed since the recording are skipped until it is rerun.
    expect(fresh.length / configs.length).toBeGreaterThan(0.9);
  });

  it('gives crossplane-identical JSON and format output', () => {
    let n = 0;
    for (const c of fresh) {
      const here = mkdtempSync(join(dir, 'c-'));
      writeCorpusConfig(here, c);
      const recorded = corpus.corpus[c.key]!;
      const invocation = readParseArgs(['nginx.conf', '--json']);
      if ('error' in invocation) throw new Error(invocation.error);
      compare(`parse ${c.key}`, crossplaneJson(invocation, here), recorded.parse);
      let ours: string;
      try {
        ours = formatText('nginx.conf', 4, false, here);
      } catch {
        ours = 'ERROR\n';
      }
      if (recorded.format.startsWith('ERROR')) expect(ours, c.key).toBe('ERROR\n');
      else compare(`format ${c.key}`, ours, recorded.format);
      n++;
    }
    expect(n).toBe(fresh.length);
  });

  it('build writes text that parses back to the same statements', () => {
    const strip = (list: CrossplaneStatement[]): unknown =>
      list.map((s) => ({ d: s.directive, a: s.args, c: s.comment, b: s.block ? strip(s.block) : undefined }));
    let checked = 0;
    for (const c of configs) {
      const here = mkdtempSync(join(dir, 'b-'));
      writeCorpusConfig(here, c);
      const host = fileSystemHost(here);
      const first = crossplaneParse('nginx.conf', host, {
        single: true,
        comments: true,
        checkContext: false,
        checkArguments: false,
      });
      if (first.status !== 'ok') continue;
      const text = buildConfig(first.config[0]!.parsed);
      const again = crossplaneParse(
        'built.conf',
        { read: () => ({ text }), glob: () => [] },
        {
          single: true,
          comments: true,
          checkContext: false,
          checkArguments: false,
        },
      );
      expect(again.errors, `${c.key}\n${text}`).toEqual([]);
      expect(strip(again.config[0]!.parsed), c.key).toEqual(strip(first.config[0]!.parsed));
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('exceptions.yaml', () => {
  it('lists only cases that exist, each with a reason', () => {
    for (const e of exceptions) {
      expect(e.because.length).toBeGreaterThan(40);
      for (const c of e.cases) expect(seen.has(c), `${c} is no recorded case`).toBe(true);
    }
  });
});
