// @ts-check
/**
 * Every dictionary whole, imported the way plain Node can: for the build's config files
 * (astro.config.mjs, ec.config.mjs), the CLI and tests. Pages import catalog.ts instead, so
 * their bundles carry only the namespaces they use. One line per site language.
 */
import en from './en.json' with { type: 'json' };
import zh from './zh.json' with { type: 'json' };

export const dictionaries = { zh, en };
