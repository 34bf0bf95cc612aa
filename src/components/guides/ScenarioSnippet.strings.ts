import type { Lang } from '../../i18n/ui';

/** UI strings of <ScenarioSnippet>, both languages in one place. */
export const scenarioSnippetStrings: Record<Lang, { open: string; openHint: string; tested: string }> = {
  zh: {
    open: '在在线实验中打开',
    openHint: '在在线实验里运行这段配置，看 nginx 每一步怎么做',
    tested: '本例是一个实验场景，测试套件会拿它在真实 nginx 上跑一遍。',
  },
  en: {
    open: 'Open in the playground',
    openHint: 'Run this config in the playground and watch what nginx does step by step',
    tested: 'This example is a scenario that the test suite runs against real nginx.',
  },
};
