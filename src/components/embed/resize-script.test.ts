import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs public/embed/resize.js against a stand-in page with two lab iframes and one other frame. */
function page(scriptSrc: string) {
  const source = readFileSync(join(import.meta.dirname, '../../../public/embed/resize.js'), 'utf8');
  const listeners: Array<(e: unknown) => void> = [];
  const frames = [0, 1, 2].map((i) => ({ contentWindow: { id: i }, style: { height: '' }, loading: 'lazy' }));
  const window: Record<string, unknown> = {
    addEventListener: (type: string, fn: (e: unknown) => void) => type === 'message' && listeners.push(fn),
  };
  const document = { currentScript: { src: scriptSrc }, getElementsByTagName: () => frames };
  new Function('window', 'document', 'location', source)(window, document, {
    href: 'https://wiki.example/page',
  });
  const post = (origin: string, frame: number, data: unknown) => {
    for (const fn of listeners) fn({ origin, source: frames[frame]?.contentWindow, data });
  };
  return { frames, post, listeners };
}

describe('the embed auto-resize script', () => {
  it('sizes the frame that sent its height, from the lab origin only, within 100–4000 px', () => {
    const { frames, post } = page('https://lab.example/embed/resize.js');
    post('https://lab.example', 1, { type: 'nginx-ws-lab:height', height: 612.4 });
    expect(frames.map((f) => f.style.height)).toEqual(['', '612px', '']);
    expect(frames[1]?.loading).toBe('eager');
    post('https://evil.example', 0, { type: 'nginx-ws-lab:height', height: 50 });
    expect(frames[0]?.style.height).toBe('');
    post('https://lab.example', 0, { type: 'nginx-ws-lab:height', height: 1e9 });
    post('https://lab.example', 2, { type: 'nginx-ws-lab:height', height: 3 });
    expect(frames.map((f) => f.style.height)).toEqual(['4000px', '612px', '100px']);
    post('https://lab.example', 2, { type: 'other', height: 700 });
    post('https://lab.example', 2, { type: 'nginx-ws-lab:height', height: '700' });
    post('https://lab.example', 2, { type: 'nginx-ws-lab:height', height: Number.NaN });
    expect(frames[2]?.style.height).toBe('100px');
  });

  it('does nothing when it cannot tell where it was loaded from', () => {
    expect(page('').listeners).toHaveLength(0);
  });
});
