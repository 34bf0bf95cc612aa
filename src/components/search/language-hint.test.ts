import { describe, expect, it } from 'vitest';
import { otherLanguageFor } from './language-hint';

describe('search in the other language', () => {
  it('offers Chinese pages for a Chinese query on an English page, and English pages for a Latin query on a Chinese one', () => {
    expect(otherLanguageFor('超时', 'en')).toBe('zh');
    expect(otherLanguageFor('proxy 超时', 'en')).toBe('zh');
    expect(otherLanguageFor('timeout', 'en')).toBeNull();
    expect(otherLanguageFor('timeout', 'zh')).toBe('en');
    expect(otherLanguageFor('握手', 'zh')).toBeNull();
    expect(otherLanguageFor('  ', 'en')).toBeNull();
  });
});
