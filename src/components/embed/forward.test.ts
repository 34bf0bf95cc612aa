import { describe, expect, it } from 'vitest';
import { languages } from '../../i18n/languages';
import { forwardTarget } from './forward';
import { themeFromLocation } from './theme';

const at = (pathname: string, search = '', hash = '') => ({ pathname, search, hash });

describe('forwardTarget', () => {
  it('keeps the kind, the diagram id, the query and the hash', () => {
    expect(
      forwardTarget(at('/embed/scenario/', '?theme=dark', '#s=1.ab_-&view=diagram'), ['en-GB'], languages),
    ).toBe('/en/embed/scenario/?theme=dark#s=1.ab_-&view=diagram');
    expect(forwardTarget(at('/embed/diagram/handshake-through-nginx/'), ['zh-CN'], languages)).toBe(
      '/zh/embed/diagram/handshake-through-nginx/',
    );
    expect(forwardTarget(at('/embed/playground'), [], languages)).toBe('/zh/embed/playground/');
    expect(forwardTarget(at('/embed/diagram/index.html', '', '#s=1.x'), ['en'], languages)).toBe(
      '/en/embed/diagram/#s=1.x',
    );
  });

  it('?lang= wins over the browser and is consumed; unknown languages fall through', () => {
    expect(forwardTarget(at('/embed/scenario/', '?lang=zh&theme=light'), ['en-US'], languages)).toBe(
      '/zh/embed/scenario/?theme=light',
    );
    expect(forwardTarget(at('/embed/scenario/', '?lang=fr'), ['de', 'en-US', 'zh'], languages)).toBe(
      '/en/embed/scenario/',
    );
    expect(forwardTarget(at('/embed/scenario/', '?lang=EN'), ['zh'], languages)).toBe('/en/embed/scenario/');
    expect(forwardTarget(at('/embed/scenario/'), ['fr', 'de'], languages)).toBe('/zh/embed/scenario/');
  });

  it('sends anything else to the home page of the language, never elsewhere', () => {
    expect(forwardTarget(at('/embed/../../evil/'), ['en'], languages)).toBe('/en/');
    expect(forwardTarget(at('/embed/diagram/Bad_Id/'), ['en'], languages)).toBe('/en/');
    expect(forwardTarget(at('//evil.example/embed/playground/'), ['en'], languages)).toBe('/en/');
  });
});

describe('themeFromLocation', () => {
  it('reads ?theme= and #theme=, the query winning', () => {
    expect(themeFromLocation('?theme=light', '')).toBe('light');
    expect(themeFromLocation('', '#s=1.a&theme=dark')).toBe('dark');
    expect(themeFromLocation('?a=1&theme=light', '#theme=dark')).toBe('light');
    expect(themeFromLocation('?theme=blue', '#theme=dark')).toBe('dark');
    expect(themeFromLocation('?themes=light', '#xtheme=dark')).toBeNull();
  });

  it('survives being inlined as source text', () => {
    const inlined = new Function(`return (${themeFromLocation.toString()})`)() as typeof themeFromLocation;
    expect(inlined('?theme=dark', '')).toBe('dark');
  });
});
