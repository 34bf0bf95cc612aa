import type en from './en.json';
import type { Translate } from './translate';

/**
 * Expressive Code's texts on code blocks. ec.config.mjs reads them from dictionaries.mjs, and no
 * page imports them from here, but the catalog serves every namespace (tests/unit/i18n.test.ts).
 * @public
 */
export { default as codeBlocks } from 'virtual:i18n/codeBlocks';
export { default as diagnostic } from 'virtual:i18n/diagnostic';
/**
 * One line per directive for the config editor's help. The help imports `virtual:i18n/directive`
 * itself, so that its chunk, loaded on the first hover, carries it; listed here for the catalog test.
 * @public
 */
export { default as directive } from 'virtual:i18n/directive';
export { default as embed } from 'virtual:i18n/embed';
export { default as embedDialog } from 'virtual:i18n/embedDialog';
export { default as exercises } from 'virtual:i18n/exercises';
export { default as goal } from 'virtual:i18n/goal';
export { default as guides } from 'virtual:i18n/guides';
export { default as playground } from 'virtual:i18n/playground';
/** Engine message texts, by the engine's code tables (`messageCodes`): reason, diagnostic, goal. */
export { default as reason } from 'virtual:i18n/reason';
export { default as share } from 'virtual:i18n/share';
/**
 * The dictionaries, one namespace at a time: `share[lang]` is the `share` table of one
 * language; make a `t` with `translator(share[lang])`. Each namespace is a module of its own
 * (`virtual:i18n/<namespace>`, served from the JSON by vite-plugin.mjs), so a page's bundle
 * carries only the namespaces it uses. Node code (CLI, build configs) uses dictionaries.mjs.
 */
/** Header links, the root page, page titles, Starlight's title and sidebar. */
export { default as site } from 'virtual:i18n/site';

export type NamespaceName = keyof typeof en;
/** The keys of one namespace. */
export type Keys<N extends NamespaceName> = keyof (typeof en)[N] & string;
/** A `t` over one namespace (see `translator`). */
export type Translator<N extends NamespaceName> = Translate<Keys<N>>;
