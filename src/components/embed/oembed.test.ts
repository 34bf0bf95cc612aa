import { describe, expect, it } from 'vitest';
import { imageMarkdown } from '../share/share-codes';
import { guidePageItems } from './guide-page-items';
import { oembed, oembedLink, svgSize } from './oembed';
import { snippetItems, snippetTranscriptSvg, snippetTranscriptText } from './snippet-items';
import { transcriptSvg } from './transcript-svg';

const provider = { name: 'nginx WebSocket Lab', url: 'https://lab.example/en/' };

describe('oEmbed JSON', () => {
  it('is a rich embed: the iframe, the optional resize script from the same site, a size and a thumbnail', () => {
    const json = oembed(
      {
        src: 'https://lab.example/en/embed/diagram/x/',
        title: 'A "quoted" <title>',
        height: 431.6,
        thumbnail: { url: 'https://lab.example/en/embed/diagram/x/light.svg', width: 640.4, height: 320 },
      },
      provider,
    );
    expect(json).toMatchObject({
      version: '1.0',
      type: 'rich',
      title: 'A "quoted" <title>',
      provider_name: 'nginx WebSocket Lab',
      provider_url: 'https://lab.example/en/',
      width: 760,
      height: 432,
      thumbnail_url: 'https://lab.example/en/embed/diagram/x/light.svg',
      thumbnail_width: 640,
      thumbnail_height: 320,
    });
    expect(json.html).toBe(
      '<iframe src="https://lab.example/en/embed/diagram/x/" width="100%" height="432" title="A &quot;quoted&quot; &lt;title&gt;" loading="lazy" allow="clipboard-write" style="border:0"></iframe>' +
        '<script src="https://lab.example/embed/resize.js" async></script>',
    );
  });

  it('has no thumbnail fields without an image, and a height kept sensible', () => {
    const json = oembed({ src: 'https://lab.example/e/', title: 't', height: 1e6 }, provider);
    expect(Object.keys(json).filter((k) => k.startsWith('thumbnail'))).toEqual([]);
    expect(json.height).toBe(2000);
    expect(oembedLink('/en/x/oembed.json', 't')).toEqual({
      rel: 'alternate',
      type: 'application/json+oembed',
      href: '/en/x/oembed.json',
      title: 't',
    });
  });

  it('reads an SVG size from its viewBox, else from width and height', () => {
    expect(svgSize('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 812.5 300">')).toEqual({
      width: 812.5,
      height: 300,
    });
    expect(svgSize('<svg width="120" height="80px">')).toEqual({ width: 120, height: 80 });
    expect(svgSize('<svg>')).toBeNull();
  });
});

describe('static fallback for wikis that strip iframes', () => {
  it('draws a transcript as an SVG of text rows, markup in the text escaped', () => {
    const svg = transcriptSvg(
      [
        { at: 0, dir: '>', text: 'GET /ws/<script> HTTP/1.1' },
        { at: 0.25, dir: '<', text: 'HTTP/1.1 101 Switching Protocols\nUpgrade: websocket' },
        { at: 1, dir: '*', text: 'closed & done' },
      ],
      'A & B',
    );
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
    expect(svg).toContain('<title>A &amp; B</title>');
    expect(svg).toContain('&gt; GET /ws/&lt;script&gt; HTTP/1.1');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('closed &amp; done');
    // One row per line of text, the continuation under a blank timestamp.
    expect(svg.match(/<text /g)?.length).toBe(1 + 2 * 4);
    expect(svgSize(svg)?.height).toBeGreaterThan(4 * 18);
  });

  it('makes room for the title, and cuts one too long for any row', () => {
    const lines = [{ at: 0, dir: '*' as const, text: 'x' }];
    const zh = transcriptSvg(lines, '握手穿过 nginx：101 之后变成双向隧道');
    expect(zh).toContain('>握手穿过 nginx：101 之后变成双向隧道</text>');
    // Wide characters count twice: 24 of them make the picture wider than its 40-column minimum.
    const wide = transcriptSvg(lines, '双向隧道'.repeat(6));
    expect(wide).toContain(`>${'双向隧道'.repeat(6)}</text>`);
    expect(svgSize(wide)?.width).toBeGreaterThan(48 * 7.8 + 28);
    const long = transcriptSvg(lines, 'word '.repeat(60));
    expect(long).toMatch(/>(?:word )+w?o?r?d?…<\/text>/);
    expect(svgSize(long)?.width).toBeLessThanOrEqual(Math.ceil(110 * 7.8 + 28));
  });

  it('every guide snippet has an embed page address, a transcript as text and as an image, in both languages', () => {
    const items = snippetItems();
    expect(items.length).toBeGreaterThan(40);
    expect(new Set(items.map((i) => i.lang))).toEqual(new Set(['zh', 'en']));
    const handshake = items.find((i) => i.lang === 'en' && i.name === 'handshake-through-nginx');
    expect(handshake?.path).toBe('/en/embed/scenario/handshake-through-nginx/');
    if (!handshake) return;
    const text = snippetTranscriptText(handshake);
    expect(text).toMatch(/101 Switching Protocols/);
    const svg = snippetTranscriptSvg(handshake);
    expect(svg).toContain('101 Switching Protocols');
    expect(svg).toContain(`<title>${handshake.title}</title>`);
  });

  it('"Copy as image" is Markdown showing the image, with the link back', () => {
    expect(
      imageMarkdown({
        title: 'Handshake [1]',
        image: 'https://lab.example/en/embed/scenario/h/transcript.svg',
        link: 'https://lab.example/en/playground/#s=1.a(b)',
        linkText: 'Open',
      }),
    ).toBe(
      '![Handshake \\[1\\]](https://lab.example/en/embed/scenario/h/transcript.svg)\n\n[Open](https://lab.example/en/playground/#s=1.a%28b%29)\n',
    );
  });
});

describe('discovery links of a guide page', () => {
  it('lists its diagrams and snippets in page order, skipping code fences', () => {
    const mdx = [
      '<ScenarioSnippet name="guides/hop-by-hop-dropped" />',
      '```mdx',
      '<ScenarioSnippet name="guides/minimal" />',
      '```',
      '<Mermaid',
      '  id="handshake-through-nginx"',
      '  code={`a->>b`} />',
      '<ScenarioSnippet name="guides/handshake-through-nginx" mark={[5, 6]} />',
      '<ScenarioSnippet name="guides/no-such-file" />',
    ].join('\n');
    const items = guidePageItems(mdx, 'en', '/en/guides/handshake/');
    expect(items.map((i) => i.oembed)).toEqual([
      '/en/embed/scenario/hop-by-hop-dropped/oembed.json',
      '/en/embed/diagram/handshake-through-nginx/oembed.json',
      '/en/embed/scenario/handshake-through-nginx/oembed.json',
    ]);
    expect(items.every((i) => i.title.length > 0)).toBe(true);
  });
});
