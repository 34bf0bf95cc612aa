import { describe, expect, it } from 'vitest';
import { decodePermalink } from '../../playground/src/index';
import { mermaidThemeFor } from '../../src/components/guides/mermaid-theme';
import { buildSnippet, findScenarioText } from '../../src/components/guides/scenario-snippet';

const yaml = `title: { zh: 中文标题, en: English title }
config: |
  server { listen 18080; }
backends: {}
client: { request: { path: / }, until: 1 }
`;

describe('buildSnippet', () => {
  it('takes the title in the page language and links the whole scenario', () => {
    const zh = buildSnippet('guides/x', yaml, 'zh');
    expect(zh.title).toBe('中文标题');
    expect(zh.config).toBe('server { listen 18080; }');
    const hash = zh.playgroundHref.replace('/zh/playground/#s=', '');
    expect(decodePermalink(hash)).toMatchObject({ ok: true, text: yaml });
    expect(buildSnippet('guides/x', yaml, 'en').title).toBe('English title');
  });

  it('lets the page override the title', () => {
    expect(buildSnippet('guides/x', yaml, 'en', 'Mine').title).toBe('Mine');
  });

  it('names the file and the fix when config or title is missing', () => {
    expect(() => buildSnippet('guides/x', 'title: t\n', 'en')).toThrow(
      /content\/scenarios\/guides\/x\.yaml.*config/,
    );
    expect(() => buildSnippet('guides/x', 'config: "a;"\n', 'en')).toThrow(/title/);
  });
});

describe('findScenarioText', () => {
  it('lists the known names when one is missing', () => {
    const files = { '/content/scenarios/guides/a.yaml': 'x' };
    expect(findScenarioText('guides/a', files)).toBe('x');
    expect(() => findScenarioText('guides/b', files)).toThrow(/guides\/b.*guides\/a/);
  });
});

describe('mermaidThemeFor', () => {
  it("follows Starlight's data-theme, else the OS preference", () => {
    expect(mermaidThemeFor('dark', false)).toBe('dark');
    expect(mermaidThemeFor('light', true)).toBe('default');
    expect(mermaidThemeFor(undefined, true)).toBe('dark');
    expect(mermaidThemeFor(null, false)).toBe('default');
  });
});
