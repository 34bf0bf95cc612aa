import { describe, expect, it } from 'vitest';
import { standaloneSvg, withFontFallbacks } from './standalone-svg';

const mermaidLike = [
  '<svg id="m1" width="100%" xmlns="http://www.w3.org/2000/svg" class="flowchart" style="max-width: 480px; background-color: white;" viewBox="-8 -8 480 200" role="graphics-document document">',
  '<style>@import url("https://fonts.example/x.css");#m1{font-family:"trebuchet ms",verdana,arial,sans-serif;fill:#333;}#m1 .a{background:url(https://evil.example/p.png)}</style>',
  '<g onclick="alert(1)"><text x="1" y="2">Browser&nbsp;→ nginx &amp; 101</text></g>',
  '<image href="https://evil.example/x.png"/><use xlink:href="#arrow"/>',
  '<script>alert(1)</script>',
  '</svg>',
].join('');

describe('standaloneSvg', () => {
  const { svg, width, height } = standaloneSvg(mermaidLike, {
    background: '#ffffff',
    title: 'Handshake <1>',
  });

  it('has an XML declaration, the namespaces and a pixel size from the viewBox', () => {
    expect(
      svg.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="480" height="200" id="m1" class="flowchart" viewBox="-8 -8 480 200">',
      ),
    ).toBe(true);
    expect([width, height]).toEqual([480, 200]);
    expect(svg.match(/xmlns="/g)?.length).toBe(1);
  });

  it('paints the background over the whole viewBox and carries a title', () => {
    expect(svg).toContain(
      '<title>Handshake &lt;1&gt;</title><rect x="-8" y="-8" width="480" height="200" fill="#ffffff"/>',
    );
  });

  it('loads nothing from elsewhere and runs nothing', () => {
    expect(svg.replace(/ xmlns(?::xlink)?="[^"]*"/g, '')).not.toMatch(/https?:\/\//);
    expect(svg).not.toMatch(/<script|onclick|@import/);
    expect(svg).toContain('<use xlink:href="#arrow"/>');
    expect(svg).toContain('background:none');
  });

  it('keeps only XML entities and adds CJK font fallbacks', () => {
    expect(svg).toContain('Browser&#160;→ nginx &amp; 101');
    expect(svg).toContain(
      "font-family: 'trebuchet ms', verdana, arial, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif;",
    );
  });

  it('keeps local url() references, also as computed styles spell them', () => {
    const out = standaloneSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><rect style="fill: url(&quot;http://127.0.0.1:1/en/playground/#pg-stripes&quot;); font-family: system-ui, sans-serif;"/></svg>',
      { background: 'black' },
    ).svg;
    expect(out).toContain('fill: url(#pg-stripes);');
    expect(out).toContain(
      "font-family: 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', system-ui, sans-serif;",
    );
    expect(out).toContain('viewBox="0 0 10 5"');
    expect(out).not.toContain('xmlns:xlink');
  });

  it('quoted families inside a style attribute stay well-formed XML', () => {
    const out = standaloneSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><text style="font-family: -apple-system, &quot;Segoe UI&quot;, sans-serif; fill: red;">a</text></svg>',
      { background: 'black' },
    ).svg;
    expect(out).toContain(
      `style="font-family: -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif; fill: red;"`,
    );
    // Every & starts an entity: nothing like "&quot," is left behind.
    expect(out.match(/&(?!(?:amp|lt|gt|quot|apos|#\d+);)/g)).toBeNull();
  });

  it('refuses what is not an SVG or has no size', () => {
    expect(() => standaloneSvg('<div></div>', { background: 'white' })).toThrow(/<svg>/);
    expect(() => standaloneSvg('<svg width="100%"></svg>', { background: 'white' })).toThrow(/viewBox/);
  });
});

describe('withFontFallbacks', () => {
  it('moves generic families to the end so CJK faces are reached', () => {
    expect(withFontFallbacks('ui-monospace, monospace')).toBe(
      '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", ui-monospace, monospace, sans-serif',
    );
    expect(
      withFontFallbacks('"PingFang SC", sans-serif').startsWith('"PingFang SC", "Hiragino Sans GB"'),
    ).toBe(true);
  });
});
