import type { Lang } from '../../i18n/ui';

/** UI strings of <CommonMistakes>, both languages in one place. */
export const commonMistakesStrings: Record<Lang, { title: string }> = {
  zh: { title: '常见误区' },
  en: { title: 'Common mistakes' },
};
