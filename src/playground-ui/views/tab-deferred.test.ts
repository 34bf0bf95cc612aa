import { describe, expect, it } from 'vitest';
import { TabDeferred } from './tab-deferred';

describe('TabDeferred', () => {
  it('draws the open tab at once and a hidden one, with its newest answer only, when opened', () => {
    let open = 'transcript';
    const drawn: string[] = [];
    const views = new TabDeferred(() => open);
    views.run('transcript', () => drawn.push('transcript 1'));
    views.run('timeline', () => drawn.push('timeline 1'));
    views.run('timeline', () => drawn.push('timeline 2'));
    expect(drawn).toEqual(['transcript 1']);
    open = 'timeline';
    views.shown('timeline');
    views.shown('timeline');
    expect(drawn).toEqual(['transcript 1', 'timeline 2']);
    views.run('timeline', () => drawn.push('timeline 3'));
    expect(drawn.at(-1)).toBe('timeline 3');
  });
});
