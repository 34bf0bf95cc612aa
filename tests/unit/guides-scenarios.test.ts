import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSnippet, scenarioPath } from '../../src/components/guides/scenario-snippet';
import { languages } from '../../src/i18n/languages';
import { outlineOf, pagesUnder, readPage } from './guides-outline';

const root = join(import.meta.dirname, '../..');
const docs = join(root, 'content/docs');

describe('every ScenarioSnippet in the guides names a usable scenario', () => {
  for (const lang of languages) {
    const dir = join(docs, lang);
    for (const page of pagesUnder(dir)) {
      const names = outlineOf(readPage(dir, page)).snippets;
      for (const name of names) {
        it(`${lang}/${page} → ${name}`, () => {
          const file = join(root, scenarioPath(name));
          expect(existsSync(file), `${scenarioPath(name)} is missing`).toBe(true);
          const snippet = buildSnippet(name, readFileSync(file, 'utf8'), lang);
          expect(snippet.config).toMatch(/\S/);
          expect(snippet.playgroundHref.startsWith(`/${lang}/playground/#s=`)).toBe(true);
        });
      }
    }
  }
});
