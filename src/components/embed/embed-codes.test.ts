import { describe, expect, it } from 'vitest';
import { embedUrl, escapeAttribute, iframeCode, markdownLink, playgroundUrl } from './embed-codes';

const target = {
  kind: 'scenario' as const,
  lang: 'en' as const,
  permalink: 'abc_-9',
  view: 'transcript',
  title: 'Say "hi" <b>&</b>',
};

describe('embed codes', () => {
  it('builds absolute URLs from the given origin', () => {
    expect(embedUrl('https://lab.example', target)).toBe(
      'https://lab.example/en/embed/scenario/#s=abc_-9&view=transcript',
    );
    expect(
      embedUrl('http://127.0.0.1:4321', { ...target, kind: 'playground', view: 'diagram', theme: 'dark' }),
    ).toBe('http://127.0.0.1:4321/en/embed/playground/#s=abc_-9&view=diagram&theme=dark');
    expect(playgroundUrl('https://lab.example', 'zh', 'xyz')).toBe(
      'https://lab.example/zh/playground/#s=xyz',
    );
  });

  it('escapes the title and the URL inside the iframe markup', () => {
    const code = iframeCode('https://lab.example', target);
    expect(code).toBe(
      '<iframe src="https://lab.example/en/embed/scenario/#s=abc_-9&amp;view=transcript" width="100%" height="480" loading="lazy" title="Say &quot;hi&quot; &lt;b&gt;&amp;&lt;/b&gt;" allow="clipboard-write" style="border:0"></iframe>',
    );
    // What a browser reads back from the attribute is the original text.
    expect(escapeAttribute('a"b').replace(/&quot;/g, '"')).toBe('a"b');
  });

  it('refuses a permalink that is not base64url instead of pasting it into markup', () => {
    expect(() => embedUrl('https://x', { ...target, permalink: '"><script>' })).toThrow(/base64url/);
    expect(() => playgroundUrl('https://x', 'en', 'a b')).toThrow(/base64url/);
    expect(() => playgroundUrl('https://x', 'en', '1.a.b')).toThrow(/base64url/);
    expect(playgroundUrl('https://x', 'en', '1.a_-b')).toBe('https://x/en/playground/#s=1.a_-b');
  });

  it('writes a Markdown link whose text cannot break out of the brackets', () => {
    expect(markdownLink('proxy_read_timeout [2s]', 'https://x/en/playground/#s=a')).toBe(
      '[proxy\\_read\\_timeout \\[2s\\]](https://x/en/playground/#s=a)',
    );
    expect(markdownLink('a\nb', 'https://x/(y)')).toBe('[a b](https://x/%28y%29)');
  });
});

describe('embed codes and invisible characters (review F8)', () => {
  it('leave no bidi or zero-width character in the iframe title or the Markdown link', () => {
    const target = {
      kind: 'scenario' as const,
      lang: 'en' as const,
      permalink: '1.abc',
      view: 'transcript',
      title: 'a\u202Eb\uFEFFc',
    };
    expect(iframeCode('https://lab.example', target)).toContain('title="abc"');
    expect(markdownLink('x\u200By\u2067z', 'https://lab.example/')).toBe('[xyz](https://lab.example/)');
  });
});
