import type { Lang } from './languages';
import type { Params, Translate } from './translate';

/**
 * Counted nouns ("1 client", "2 clients", "2 个客户端"): a dictionary holds one key per CLDR
 * plural category the site's languages use (`<base>.one`, `<base>.other`; Chinese has only
 * `other`, so its two texts are the same), and Intl.PluralRules picks one for the count.
 */
export type PluralCategory = 'one' | 'other';

const rules = new Map<Lang, Intl.PluralRules>();

export function pluralCategory(lang: Lang, count: number): PluralCategory {
  let r = rules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(lang);
    rules.set(lang, r);
  }
  return r.select(count) === 'one' ? 'one' : 'other';
}

/** `t('<base>.one' | '<base>.other', { count, …params })` for `count` in `lang`. */
export function counted<K extends string>(
  t: Translate<K>,
  lang: Lang,
  base: string,
  count: number,
  params: Params = {},
): string {
  return t(`${base}.${pluralCategory(lang, count)}` as K, { ...params, count });
}
