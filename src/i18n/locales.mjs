// @ts-check
/**
 * Starlight's locales, one per site language (src/i18n/languages.ts), with the BCP 47 tag
 * pages carry in <html lang>. Shared by astro.config.mjs (routing, sitemap) and
 * ec.config.mjs (the language of code blocks' copy button).
 */
export const locales = {
  zh: { label: '简体中文', lang: 'zh-CN' },
  en: { label: 'English', lang: 'en' },
};

export const defaultLocale = 'zh';
