import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageNamespace } from '../../playground/src/index';
import {
  checkExercise,
  diagnose,
  loadScenario,
  type Message,
  type MessageParam,
  messageCodes,
  parseConfig,
  parseExercise,
  simulate,
} from '../../playground/src/index';
import * as catalog from '../../src/i18n/catalog';
import en from '../../src/i18n/en.json';
import { isLang, type Lang, languages, pageLang } from '../../src/i18n/languages';
import { locales } from '../../src/i18n/locales.mjs';
import { fill, renderMessage, translator } from '../../src/i18n/translate';
import zh from '../../src/i18n/zh.json';

type Dictionary = Record<string, Record<string, string>>;
const dictionaries: Record<Lang, Dictionary> = { zh, en };
const root = join(import.meta.dirname, '../..');

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('the dictionaries (src/i18n/<lang>.json)', () => {
  it('exist for every site language and nothing else, each with a Starlight locale', () => {
    const files = readdirSync(join(root, 'src/i18n')).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...languages].sort());
    expect(Object.keys(locales)).toEqual([...languages]);
  });

  const [first, ...others] = languages;
  const reference = dictionaries[first];

  for (const lang of others) {
    it(`${lang} has exactly the namespaces and keys of ${first}`, () => {
      const dict = dictionaries[lang];
      expect(Object.keys(dict).sort()).toEqual(Object.keys(reference).sort());
      for (const ns of Object.keys(reference)) {
        const missing = Object.keys(reference[ns]!).filter((k) => !(k in (dict[ns] ?? {})));
        const extra = Object.keys(dict[ns] ?? {}).filter((k) => !(k in reference[ns]!));
        expect({ ns, missing, extra }).toEqual({ ns, missing: [], extra: [] });
      }
    });

    it(`${lang} uses the same {placeholders} as ${first} in every text`, () => {
      const differ: string[] = [];
      for (const [ns, table] of Object.entries(reference)) {
        for (const [key, text] of Object.entries(table)) {
          const other = dictionaries[lang][ns]?.[key] ?? '';
          if (placeholders(other).join() !== placeholders(text).join())
            differ.push(`${ns}.${key}: ${first} {${placeholders(text)}} vs ${lang} {${placeholders(other)}}`);
        }
      }
      expect(differ).toEqual([]);
    });
  }

  it('has no empty text', () => {
    for (const lang of languages) {
      for (const [ns, table] of Object.entries(dictionaries[lang])) {
        for (const [key, text] of Object.entries(table))
          expect(text.trim(), `${lang} ${ns}.${key}`).not.toBe('');
      }
    }
  });

  it('is what the catalog serves, namespace by namespace', () => {
    for (const ns of Object.keys(reference)) {
      const served = (catalog as unknown as Record<string, Record<Lang, unknown>>)[ns];
      expect(served, `catalog.ts exports no ${ns}`).toBeDefined();
      for (const lang of languages) expect(served?.[lang]).toEqual(dictionaries[lang][ns]);
    }
  });
});

describe("the engine's code tables", () => {
  for (const [ns, table] of Object.entries(messageCodes) as Array<
    [MessageNamespace, Record<string, readonly string[]>]
  >) {
    it(`every ${ns} code has a text in every language, with exactly its declared parameters`, () => {
      const problems: string[] = [];
      for (const [code, params] of Object.entries(table)) {
        for (const lang of languages) {
          const text = dictionaries[lang][ns]?.[code];
          if (text === undefined) problems.push(`${lang}: no text for ${ns}.${code}`);
          else if (placeholders(text).join() !== [...new Set(params)].sort().join())
            problems.push(
              `${lang} ${ns}.${code}: text uses {${placeholders(text)}}, the code declares {${params}}`,
            );
        }
      }
      expect(problems).toEqual([]);
    });

    it(`the ${ns} namespace holds no text for a code the engine does not have`, () => {
      for (const lang of languages) {
        const stale = Object.keys(dictionaries[lang][ns] ?? {}).filter((k) => !(k in table));
        expect(stale, lang).toEqual([]);
      }
    });
  }
});

/** Every message (and nested message) in a value, with the namespace it is rendered from. */
function messagesIn(value: unknown, out: Message[] = []): Message[] {
  if (value && typeof value === 'object' && 'code' in value && typeof value.code === 'string') {
    out.push(value as Message);
    for (const p of Object.values((value as Message).params ?? {}) as MessageParam[]) messagesIn(p, out);
  }
  return out;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

describe('what the engine emits on the corpus is in its code tables', () => {
  const emitted: Record<MessageNamespace, Message[]> = { reason: [], diagnostic: [], goal: [] };
  const engine = { loadScenario, simulate, parseConfig };
  for (const file of yamlFiles(join(root, 'content/scenarios'))) {
    const text = readFileSync(file, 'utf8');
    const loaded = loadScenario(text);
    if (loaded.scenario) {
      const sim = simulate(loaded.scenario);
      for (const h of [...sim.headers.flat(), ...(sim.responseHeaders ?? [])]) {
        if (h.reason) emitted.reason.push(h.reason);
        if (h.provenance.kind === 'default') emitted.reason.push({ code: h.provenance.code });
      }
      for (const e of sim.timeline) if (e.explain) emitted.reason.push(e.explain);
      for (const e of sim.errors) if (e.explain) emitted.reason.push(e.explain);
      const parse = parseConfig(loaded.scenario.config, { file: 'nginx.conf' });
      for (const d of diagnose(parse, { scenario: loaded.scenario, connectionTarget: 100000 }))
        emitted.diagnostic.push(
          ...messagesIn(d.message),
          ...messagesIn(d.explanation),
          ...messagesIn(d.fix?.title),
        );
    }
    const { exercise } = parseExercise(text, file);
    if (exercise) {
      for (const config of [exercise.start_config, exercise.solution, 'events {}\n'])
        for (const run of checkExercise(exercise, config, engine).runs)
          for (const r of run.results) emitted.goal.push(...messagesIn(r.message));
    }
  }

  for (const ns of Object.keys(emitted) as MessageNamespace[]) {
    it(`${ns}: every code emitted is declared and given every parameter its text uses`, () => {
      const table: Record<string, readonly string[]> = messageCodes[ns];
      expect(emitted[ns].length).toBeGreaterThan(10);
      const wrong = new Set<string>();
      for (const m of emitted[ns]) {
        const declared = table[m.code];
        if (!declared) wrong.add(`${m.code}: not in the table`);
        else if (declared.some((p) => !(p in (m.params ?? {}))))
          wrong.add(`${m.code}: params {${Object.keys(m.params ?? {})}} lack some of {${declared}}`);
      }
      expect([...wrong]).toEqual([]);
    });
  }
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(translator({ hello: 'Hello {name}' })('hello', { name: 'nginx' })).toBe('Hello nginx');
  });

  it('renders engine messages: nested ones from the same namespace, lists with its separator', () => {
    const table = { outer: '{who} saw {items}', who: 'the client', 'list-separator': '、' };
    expect(renderMessage(table, { code: 'outer', params: { who: { code: 'who' }, items: ['a', 'b'] } })).toBe(
      'the client saw a、b',
    );
  });

  it('shows a code without text with its parameters instead of hiding it', () => {
    expect(renderMessage({}, { code: 'some-new-code', params: { line: 3 } })).toBe('some-new-code (line=3)');
    expect(renderMessage(catalog.reason.zh, { code: 'empty-value', params: { expression: '$x' } })).toContain(
      '空',
    );
  });
});

describe('pageLang', () => {
  it('follows the first candidate naming a site language', () => {
    expect(pageLang('en-US', 'zh-CN')).toBe('en');
    expect(pageLang('zh-TW')).toBe('zh');
    expect(pageLang('fr-FR', 'en')).toBe('en');
    expect(pageLang(undefined, 'en')).toBe('en');
    expect(pageLang('zh-CN')).toBe('zh');
  });

  it('falls back to the first site language', () => {
    expect(pageLang('fr', 'de')).toBe(languages[0]);
    expect(pageLang()).toBe(languages[0]);
    expect(pageLang(null, '')).toBe(languages[0]);
    expect(isLang(languages[0])).toBe(true);
  });
});
