/**
 * The site's languages. The first is the fallback when nothing names one of them. Each has a
 * dictionary (src/i18n/<lang>.json) and a Starlight locale (src/i18n/locales.mjs); a unit
 * test keeps the three in step.
 */
export const languages = ['zh', 'en'] as const;
export type Lang = (typeof languages)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * The language of a page or a reader: the first candidate that names a site language — a
 * language tag (`zh-CN`, `en-US`, `<html lang>`, navigator.languages), a Starlight locale or
 * a URL's first path segment — else the first site language.
 */
export function pageLang(...candidates: ReadonlyArray<string | null | undefined>): Lang {
  for (const tag of candidates) {
    const primary = (tag ?? '').toLowerCase().split('-')[0];
    if (isLang(primary)) return primary;
  }
  return languages[0];
}
