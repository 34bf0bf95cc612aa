import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectGuideDiagrams, guideOf, plainHeading, scanDiagrams } from './guide-diagrams';

const mdx = (body: string) => `---\ntitle: "Timeouts: idle"\n---\nimport { Mermaid } from 'x';\n\n${body}`;

describe('scanDiagrams', () => {
  it('reads id, caption and a template-literal code, with the heading above', () => {
    const text = mdx(
      [
        '## How `map` works',
        '',
        '<Mermaid',
        '  id="map-flow"',
        '  caption="From &quot;a&quot; to b"',
        '  code={`flowchart LR',
        '    A["x \\` y"] --> B',
        '    C -- "\\\\d" --> D`}',
        '/>',
        '',
        '<Mermaid id="second" code={"graph TD\\nA-->B"} />',
      ].join('\n'),
    );
    const found = scanDiagrams('g.mdx', text);
    expect(found).toEqual([
      {
        id: 'map-flow',
        caption: 'From "a" to b',
        code: 'flowchart LR\n    A["x ` y"] --> B\n    C -- "\\d" --> D',
        line: 8,
        section: 'How map works',
      },
      { id: 'second', caption: null, code: 'graph TD\nA-->B', line: 16, section: 'How map works' },
    ]);
  });

  it('ignores tags and headings inside code fences', () => {
    const text = mdx(
      [
        '## Real',
        '````mdx',
        '## Not a heading',
        '<Mermaid code={`x`} />',
        '```',
        '````',
        '<Mermaid id="a" code={`graph TD`} />',
      ].join('\n'),
    );
    expect(scanDiagrams('g.mdx', text).map((d) => [d.id, d.section])).toEqual([['a', 'Real']]);
  });

  it('fails with file:line and a fix for what it cannot read', () => {
    expect(() => scanDiagrams('g.mdx', mdx('<Mermaid id="Bad Id" code={`x`} />'))).toThrow(
      /g\.mdx:6: .*lowercase/,
    );
    expect(() => scanDiagrams('g.mdx', mdx('<Mermaid id="a" code={src} />'))).toThrow(
      /g\.mdx:6: .*only a string or a template literal/,
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the MDX text under test holds a ${} on purpose
    expect(() => scanDiagrams('g.mdx', mdx('<Mermaid id="a" code={`${x}`} />'))).toThrow(/\$\{…\}/);
    expect(() => scanDiagrams('g.mdx', mdx('<Mermaid id="a" code={`x`}>'))).toThrow(/self-closing/);
    expect(() => scanDiagrams('g.mdx', mdx('<Mermaid id="a" code={`x'))).toThrow(/never closed/);
    expect(() => scanDiagrams('g.mdx', mdx('<Mermaid id="a" code={`  `} />'))).toThrow(/empty/);
  });

  it('plain heading text drops inline markup', () => {
    expect(plainHeading("What `default` and `''` each cover")).toBe("What default and '' each cover");
    expect(plainHeading('**Bold** [link](x) ##')).toBe('Bold link');
  });
});

describe('collectGuideDiagrams', () => {
  const en = mdx(
    '## A\n<Mermaid id="one" caption="Cap" code={`graph TD`} />\n## B\n<Mermaid id="two" code={`graph LR`} />',
  );
  const zh = mdx(
    '## 甲\n<Mermaid id="one" caption="图" code={`graph TD`} />\n<Mermaid id="two" code={`graph LR`} />',
  );

  it('links each diagram to its anchor in its guide, titled by caption, else section', () => {
    const { diagrams: all, problems } = collectGuideDiagrams({
      '/content/docs/en/guides/timeouts.mdx': en,
      '/content/docs/zh/guides/timeouts.mdx': zh,
    });
    expect(problems).toEqual([]);
    const two = all.find((d) => d.lang === 'en' && d.id === 'two');
    expect(two).toMatchObject({
      href: '/en/guides/timeouts/#diagram-two',
      title: 'B',
      pageTitle: 'Timeouts: idle',
    });
    expect(all.find((d) => d.lang === 'zh' && d.id === 'one')?.title).toBe('图');
  });

  it('refuses duplicate ids; reports a missing id, a missing twin or a twin in another page', () => {
    expect(() =>
      collectGuideDiagrams({ '/content/docs/en/guides/a.mdx': en, '/content/docs/en/guides/b.mdx': en }),
    ).toThrow(/content\/docs\/en\/guides\/b\.mdx:\d+: .*also used at content\/docs\/en\/guides\/a\.mdx/);
    const problems = (files: Record<string, string>) => collectGuideDiagrams(files).problems.join('\n');
    expect(
      problems({ '/content/docs/en/guides/a.mdx': en, '/content/docs/zh/guides/a.mdx': mdx('') }),
    ).toMatch(/^content\/docs\/en\/guides\/a\.mdx:7: .*no twin in the zh guides/m);
    expect(problems({ '/content/docs/en/guides/a.mdx': en, '/content/docs/zh/guides/b.mdx': zh })).toMatch(
      /in guide "a" here but in "b"/,
    );
    expect(problems({ '/content/docs/en/guides/a.mdx': mdx('<Mermaid code={`graph TD`} />') })).toMatch(
      /^content\/docs\/en\/guides\/a\.mdx:6: <Mermaid> needs id=/,
    );
  });

  it('guideOf maps paths to language and page', () => {
    expect(guideOf('/content/docs/zh/guides/index.mdx')).toEqual({ lang: 'zh', page: '' });
    expect(guideOf('/content/docs/fr/guides/a.mdx')).toBeNull();
  });

  it('the real guides: every diagram has an id, zh and en have the same ids', () => {
    const root = join(import.meta.dirname, '../../../content/docs');
    const files: Record<string, string> = {};
    for (const lang of ['zh', 'en']) {
      for (const name of readdirSync(join(root, lang, 'guides'))) {
        if (name.endsWith('.mdx'))
          files[`/content/docs/${lang}/guides/${name}`] = readFileSync(
            join(root, lang, 'guides', name),
            'utf8',
          );
      }
    }
    const { diagrams: all, problems } = collectGuideDiagrams(files);
    expect(problems).toEqual([]);
    const count = Object.values(files).reduce((n, t) => n + (t.match(/^\s*<Mermaid\b/gm)?.length ?? 0), 0);
    expect(all.length).toBe(count);
    const ids = (lang: string) =>
      all
        .filter((d) => d.lang === lang)
        .map((d) => d.id)
        .sort();
    expect(ids('zh')).toEqual(ids('en'));
    expect(ids('en').length).toBeGreaterThan(0);
  });
});
