import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedCodes } from './messages';
import { diagnosticCodes, ruleGuides, ruleIds, rules } from './registry';

/**
 * A rule is one module plus one line in `rules` (registry.ts) plus its texts in the
 * dictionaries (docs/contributing.md, "A diagnostic rule"). These checks keep the three in step:
 * what the registry derives, what each rule declares, and what the dictionaries hold.
 */

const root = join(import.meta.dirname, '../../..');
const dictionaries = Object.fromEntries(
  ['zh', 'en'].map((lang) => [
    lang,
    JSON.parse(readFileSync(join(root, `src/i18n/${lang}.json`), 'utf8')).diagnostic as Record<
      string,
      string
    >,
  ]),
);
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const ruleSources = readdirSync(join(import.meta.dirname, 'rules'))
  .map((f) => readFileSync(join(import.meta.dirname, 'rules', f), 'utf8'))
  .concat(readFileSync(join(import.meta.dirname, 'rule.ts'), 'utf8'));

describe('the rule registry', () => {
  it('registers each rule once, with a distinct id', () => {
    expect(new Set(ruleIds).size).toBe(rules.length);
    expect(new Set(rules).size).toBe(rules.length);
  });

  it("names each rule's own codes after the rule, and no code twice", () => {
    const owner = new Map<string, string>(Object.keys(sharedCodes).map((c) => [c, 'shared']));
    const problems: string[] = [];
    for (const rule of rules) {
      const codes = Object.keys(rule.codes);
      if (codes.length === 0) problems.push(`${rule.id} declares no code`);
      for (const code of codes) {
        if (!code.startsWith(`${rule.id}.`)) problems.push(`${rule.id} declares ${code}, not ${rule.id}.…`);
        if (owner.has(code)) problems.push(`${code} declared by ${rule.id} and ${owner.get(code)}`);
        owner.set(code, rule.id);
      }
    }
    expect(problems).toEqual([]);
    expect(Object.keys(diagnosticCodes).sort()).toEqual([...owner.keys()].sort());
  });

  it('gives every rule a guide link', () => {
    for (const rule of rules)
      expect(ruleGuides[rule.id], rule.id).toMatch(/^\/guides\/[a-z0-9-]+\/(#[\w-]+)?$/);
  });

  it('uses every shared code in some rule', () => {
    for (const code of Object.keys(sharedCodes)) {
      if (code === 'list-separator') continue; // the renderers join list parameters with it
      expect(
        ruleSources.some((s) => s.includes(`'${code}'`)),
        code,
      ).toBe(true);
    }
  });

  for (const lang of Object.keys(dictionaries)) {
    it(`has a ${lang} text for every registered code, with its declared parameters`, () => {
      const problems: string[] = [];
      for (const [code, params] of Object.entries(diagnosticCodes) as Array<[string, readonly string[]]>) {
        const text = dictionaries[lang]![code];
        if (text === undefined) problems.push(`no ${lang} text for diagnostic.${code}`);
        else if (placeholders(text).join() !== [...new Set(params)].sort().join())
          problems.push(
            `${lang} diagnostic.${code} uses {${placeholders(text)}}, the code declares {${params}}`,
          );
      }
      expect(problems).toEqual([]);
    });

    it(`holds no ${lang} diagnostic text that no rule or shared code declares`, () => {
      const orphans = Object.keys(dictionaries[lang]!).filter((k) => !(k in diagnosticCodes));
      expect(orphans).toEqual([]);
    });
  }
});
