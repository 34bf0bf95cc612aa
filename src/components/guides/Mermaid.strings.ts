import type { Lang } from '../../i18n/ui';

/** UI strings of <Mermaid>, both languages in one place. */
export const mermaidStrings: Record<Lang, { source: string; figure: string; failed: string }> = {
  zh: {
    source: '查看图的源码（Mermaid）',
    figure: '图',
    failed: '图无法渲染，下面是它的源码。',
  },
  en: {
    source: 'Show the diagram source (Mermaid)',
    figure: 'Figure',
    failed: 'The diagram could not be rendered; its source is shown below.',
  },
};
