import en from './en.json';
import zh from './zh.json';

/** Site languages; the first is the fallback when the browser asks for neither. */
export const languages = ['zh', 'en'] as const;
export type Lang = (typeof languages)[number];
export type UiKey = keyof typeof zh;

const dictionaries: Record<Lang, Record<UiKey, string>> = { zh, en };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** Returns a translator for one language; keys are checked at compile time. */
export function useTranslations(lang: Lang): (key: UiKey) => string {
  const dict = dictionaries[lang];
  return (key) => dict[key];
}

/** Picks a site language from the browser's preference list (navigator.languages). */
export function pickLanguage(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLang(primary)) return primary;
  }
  return languages[0];
}
