import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json';
import { pickLanguage } from '../../src/i18n/ui';
import zh from '../../src/i18n/zh.json';

describe('site strings', () => {
  it('exist in both languages with the same keys, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const dict of [en, zh]) {
      for (const [key, value] of Object.entries(dict)) expect(value.trim(), key).not.toBe('');
    }
  });
});

describe('pickLanguage', () => {
  it('follows the first supported browser language', () => {
    expect(pickLanguage(['en-US', 'zh-CN'])).toBe('en');
    expect(pickLanguage(['zh-TW'])).toBe('zh');
    expect(pickLanguage(['fr-FR', 'en'])).toBe('en');
  });
  it('falls back to zh', () => {
    expect(pickLanguage(['fr', 'de'])).toBe('zh');
    expect(pickLanguage([])).toBe('zh');
  });
});
