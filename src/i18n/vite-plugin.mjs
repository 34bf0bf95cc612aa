// @ts-check
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { locales } from './locales.mjs';

const PREFIX = 'virtual:i18n/';

/**
 * Serves each namespace of the dictionaries as a module of its own:
 * `virtual:i18n/<namespace>` exports `{ zh: {...}, en: {...} }` (see catalog.ts). A bundler
 * splits code by module, not by export, so this is what keeps a guide page from loading the
 * playground's or the engine's texts. The JSON files stay the only source.
 *
 * @returns {import('vite').Plugin}
 */
export function i18nNamespaces() {
  return {
    name: 'nginx-ws-lab:i18n-namespaces',
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : undefined;
    },
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return undefined;
      const namespace = id.slice(PREFIX.length + 1);
      /** @type {Record<string, unknown>} */
      const table = {};
      for (const lang of Object.keys(locales)) {
        const file = fileURLToPath(new URL(`./${lang}.json`, import.meta.url));
        this.addWatchFile(file);
        const dictionary = JSON.parse(readFileSync(file, 'utf8'));
        if (!(namespace in dictionary))
          this.error(`${file} has no namespace "${namespace}" (${id.slice(1)})`);
        table[lang] = dictionary[namespace];
      }
      return `export default ${JSON.stringify(table)};`;
    },
  };
}
