import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { directiveNames } from '../../playground/src/index';
import { languages } from '../../src/i18n/languages';
import { directiveMentions, type Mention } from './guides-mentions';
import { pagesUnder, readPage } from './guides-outline';
import { DIRECTIVE_PAGES, referenceUrl, WEBSOCKET_PAGE } from './nginx-reference';

const docs = join(import.meta.dirname, '../../content/docs');

const known = new Set([...directiveNames(), ...Object.keys(DIRECTIVE_PAGES)]);

describe('directiveMentions', () => {
  it('finds bare and linked mentions, skips code, headings, messages and longer link texts', () => {
    const page = [
      '---',
      'title: `proxy_pass`',
      '---',
      '## `proxy_pass` in a heading',
      '```nginx',
      'proxy_pass http://b;',
      '```',
      'Use [`proxy_pass http://b;`](https://x/p) and `keepalive 8`.',
      '| [404 after `proxy_pass`](#t) | `upstream timed out (110: …) while connecting` |',
      '<ScenarioSnippet name="guides/x" />',
    ].join('\n');
    expect(directiveMentions(page, (n) => known.has(n))).toEqual([
      { line: 8, directive: 'proxy_pass', url: 'https://x/p' },
      { line: 8, directive: 'keepalive', url: null },
    ]);
  });
});

describe('the guides link nginx.org', () => {
  for (const lang of languages) {
    const dir = join(docs, lang);
    for (const page of pagesUnder(dir).filter((p) => p.startsWith('guides/'))) {
      const text = readPage(dir, page);

      it(`${lang}/${page}: each directive's first mention links its reference`, () => {
        const first = new Map<string, Mention>();
        for (const m of directiveMentions(text, (n) => known.has(n)))
          if (!first.has(m.directive)) first.set(m.directive, m);
        const wrong = [...first.values()]
          .filter((m) => m.url !== referenceUrl(m.directive))
          .map(
            (m) =>
              `line ${m.line}: \`${m.directive}\` → ${m.url ?? 'no link'}, expected ${
                referenceUrl(m.directive) ?? 'an entry in tests/unit/nginx-reference.ts'
              }`,
          );
        expect(wrong).toEqual([]);
      });

      // Every page that explains proxying WebSocket points to nginx's own page on it.
      if (!/^guides\/(?:index|glossary|embedding)\.mdx$/.test(page)) {
        it(`${lang}/${page}: links nginx.org's WebSocket page`, () => {
          expect(text).toContain(`](${WEBSOCKET_PAGE})`);
        });
      }
    }
  }
});
