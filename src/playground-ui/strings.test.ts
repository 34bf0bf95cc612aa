import { describe, expect, it } from 'vitest';
import { explain, fill, pageLang, translator } from './strings';

describe('strings', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
  it('follows the page language', () => {
    expect(pageLang('zh-CN')).toBe('zh');
    expect(pageLang('en')).toBe('en');
    expect(translator('en')('view.timeline')).toBe('Timeline');
    expect(translator('zh')('view.timeline')).toBe('时间线');
  });
  it('shows unknown engine codes with their parameters instead of hiding them', () => {
    expect(explain('en', 'some-new-code', { line: 3 })).toBe('some-new-code (line=3)');
    expect(explain('zh', 'empty-value')).toContain('空');
  });
});
