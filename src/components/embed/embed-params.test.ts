import { describe, expect, it } from 'vitest';
import { PLAYGROUND_VIEWS, pickView, readEmbedParams, SCENARIO_VIEWS } from './embed-params';

describe('readEmbedParams', () => {
  it('reads s, view and theme in any order', () => {
    expect(readEmbedParams('#s=AbC_-&view=diagram&theme=light')).toEqual({
      s: 'AbC_-',
      view: 'diagram',
      theme: 'light',
    });
    expect(readEmbedParams('#theme=dark&s=x')).toEqual({ s: 'x', view: null, theme: 'dark' });
  });

  it('ignores unknown themes and keys, and keeps the first of repeated keys', () => {
    expect(readEmbedParams('#s=a&s=b&theme=<b>&foo=1')).toEqual({ s: 'a', view: null, theme: null });
    expect(readEmbedParams('')).toEqual({ s: null, view: null, theme: null });
    expect(readEmbedParams('#s=')).toEqual({ s: '', view: null, theme: null });
  });
});

describe('pickView', () => {
  it('accepts only the listed views, falling back to the first', () => {
    expect(pickView('timeline', PLAYGROUND_VIEWS)).toBe('timeline');
    expect(pickView('timeline', SCENARIO_VIEWS)).toBe('transcript');
    expect(pickView('<script>', PLAYGROUND_VIEWS)).toBe('terminal');
    expect(pickView(null, SCENARIO_VIEWS)).toBe('transcript');
  });
});
