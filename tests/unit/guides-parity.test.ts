import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outlineOf, pagesUnder, readPage } from './guides-outline';

const docs = join(import.meta.dirname, '../../content/docs');
const zhDir = join(docs, 'zh');
const enDir = join(docs, 'en');

describe('outlineOf', () => {
  it('counts headings outside code, fenced blocks, diagrams and snippet names', () => {
    const page = [
      '## One',
      '### One.a',
      '```nginx title="x"',
      '## not a heading',
      '```',
      '<Mermaid code={`sequenceDiagram`} />',
      '<ScenarioSnippet name="guides/a" title="t" />',
      '<ScenarioSnippet title="t" name="guides/b" />',
      '## Two',
    ].join('\n');
    expect(outlineOf(page)).toEqual({
      h2: 2,
      h3: 1,
      codeBlocks: 1,
      mermaid: 1,
      snippets: ['guides/a', 'guides/b'],
    });
  });

  it('sees a difference that parity must report', () => {
    expect(outlineOf('## A\n## B')).not.toEqual(outlineOf('## A\n### B'));
  });
});

describe('zh and en guides have the same shape', () => {
  const zhPages = pagesUnder(zhDir);
  const enPages = pagesUnder(enDir);

  it('the same pages exist in both languages', () => {
    expect(enPages).toEqual(zhPages);
  });

  for (const page of zhPages.filter((p) => enPages.includes(p))) {
    it(page, () => {
      const zh = outlineOf(readPage(zhDir, page));
      const en = outlineOf(readPage(enDir, page));
      expect(en, `content/docs/en/${page} differs from content/docs/zh/${page}`).toEqual(zh);
    });
  }
});
