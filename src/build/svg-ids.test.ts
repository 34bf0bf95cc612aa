import { describe, expect, it } from 'vitest';
import { scopeSvgIds } from './svg-ids';

describe('scopeSvgIds', () => {
  it('prefixes the ids mermaid numbers page-wide and every reference to them', () => {
    const svg = [
      '<svg id="d-light" aria-labelledby="chart-title-d-light i0">',
      '<style>#d-light .actor{fill:#333;} #i0{stroke:#abc}</style>',
      '<defs><marker id="arrowhead"></marker><filter id="d-light-shadow"></filter></defs>',
      '<line id="actor1" marker-end="url(#arrowhead)" filter="url(#d-light-shadow)"></line>',
      '<use href="#actor1"></use><use xlink:href="#actor1"></use><path style="marker: url(\'#arrowhead\')"></path>',
      '<text id="i0">i0 #i0 url(#i0)</text></svg>',
    ].join('');
    const out = scopeSvgIds(svg, 'd-light');
    expect(out).toContain('<svg id="d-light" aria-labelledby="chart-title-d-light d-light-i0">');
    expect(out).toContain('<style>#d-light .actor{fill:#333;} #d-light-i0{stroke:#abc}</style>');
    expect(out).toContain('<marker id="d-light-arrowhead">');
    expect(out).toContain('<filter id="d-light-shadow">');
    expect(out).toContain(
      '<line id="d-light-actor1" marker-end="url(#d-light-arrowhead)" filter="url(#d-light-shadow)">',
    );
    expect(out).toContain('<use href="#d-light-actor1"></use><use xlink:href="#d-light-actor1"></use>');
    expect(out).toContain("marker: url('#d-light-arrowhead')");
    // Text is text: a label that happens to read like a reference stays as written.
    expect(out).toContain('<text id="d-light-i0">i0 #i0 url(#i0)</text>');
  });

  it('two scoped copies of one drawing share no id', () => {
    const svg =
      '<svg id="X"><marker id="arrowhead"></marker><line id="actor0" marker-end="url(#arrowhead)"></line></svg>';
    const ids = (s: string) => [...s.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    const light = ids(scopeSvgIds(svg.replaceAll('"X"', '"a-light"'), 'a-light'));
    const dark = ids(scopeSvgIds(svg.replaceAll('"X"', '"a-dark"'), 'a-dark'));
    expect(light.filter((id) => dark.includes(id))).toEqual([]);
  });

  it('leaves a drawing without foreign ids untouched', () => {
    const svg = '<svg id="p"><g id="p-a"></g><rect fill="url(#p-a)"></rect></svg>';
    expect(scopeSvgIds(svg, 'p')).toBe(svg);
  });
});
