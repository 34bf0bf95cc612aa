import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodePermalink } from '../../../playground/src/index';
import { embed } from '../../i18n/catalog';
import { languages } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { embedSource, scenarioTitle } from './embed-source';

const yaml = 'title: { zh: 标题, en: Title }\nconfig: |\n  events {}\nclient: { request: { path: / } }\n';

describe('embedSource', () => {
  it('decodes a permalink into config, the rest and the title in the page language', () => {
    const source = embedSource(encodePermalink(yaml), 'zh');
    expect(source.ok).toBe(true);
    if (!source.ok) return;
    expect(source.config).toBe('events {}\n');
    expect(source.rest).not.toContain('config');
    expect(source.title).toBe('标题');
    expect(source.text).toBe(yaml);
  });

  it.each([
    [null, 'error.missing'],
    ['', 'error.missing'],
    ['<script>', 'error.permalink-not-base64'],
    ['AAAA', 'error.permalink-not-deflate'],
    [
      Buffer.from(deflateSync(strToU8('x'.repeat(600 * 1024)))).toString('base64url'),
      'error.permalink-too-large',
    ],
    [encodePermalink('- a list'), 'error.not-scenario'],
    [`7.${encodePermalink('title: x').split('.')[1]}`, 'error.permalink-future-version'],
    [encodePermalink('config: [1]'), 'error.not-scenario'],
  ])('%s → %s, a message both languages have', (value, key) => {
    const source = embedSource(value, 'en');
    expect(source.ok).toBe(false);
    if (source.ok) return;
    expect(source.key).toBe(key);
    for (const lang of languages) {
      expect(source.key in embed[lang]).toBe(true);
      expect(translator(embed[lang])(source.key, source.params)).not.toMatch(/\{\w+\}/);
    }
  });

  it('falls back to the other language, and to null, for the title', () => {
    expect(scenarioTitle('title: { en: Only English }\n', 'zh')).toBe('Only English');
    expect(scenarioTitle('title: Plain\n', 'zh')).toBe('Plain');
    expect(scenarioTitle('client: {}\n', 'en')).toBeNull();
  });

  // Review F5: these threw from readRest() and left every embed blank.
  const laughs = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...Array.from({ length: 8 }, (_, i) => {
      const prev = String.fromCharCode(97 + i);
      const name = String.fromCharCode(98 + i);
      return `${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
    }),
    'config: ""',
  ].join('\n');
  it.each([
    ['an unresolved alias', 'title: *nope\nconfig: ""', /Unresolved alias/],
    ['a billion laughs', laughs, /[Ee]xcessive alias count/],
    [
      '30,000 list entries',
      `title: x\nconfig: ""\nextra: [${'{a: 1, b: x}, '.repeat(30_000)}]`,
      /more than 5000 YAML values/,
    ],
  ])('%s is the usual not-a-scenario message, not an exception', (_name, text, message) => {
    const source = embedSource(encodePermalink(text), 'en');
    expect(source).toMatchObject({ ok: false, key: 'error.not-scenario' });
    if (source.ok) return;
    expect(source.params?.message).toMatch(message);
  });
});
