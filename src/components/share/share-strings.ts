import type { Lang } from '../../i18n/ui';

/** Every string of the share menus (ShareMenu.astro, share-menu.ts, the providers), zh and en. */
const strings = {
  toggle: { zh: '分享', en: 'Share' },
  toggleHint: {
    zh: '复制嵌入代码、链接或 Markdown，放进 Confluence、GitLab/GitHub Wiki、飞书或语雀',
    en: 'Copy embed code, a link or Markdown for Confluence, GitLab/GitHub wikis, Feishu or Yuque',
  },
  embed: { zh: '复制嵌入代码', en: 'Copy embed code' },
  link: { zh: '复制链接', en: 'Copy link' },
  markdown: { zh: '复制为 Markdown', en: 'Copy as Markdown' },
  svg: { zh: '下载 SVG', en: 'Download SVG' },
  png: { zh: '下载 PNG', en: 'Download PNG' },
  options: { zh: '更多嵌入选项…', en: 'More embed options…' },
  'done.embed': { zh: '已复制嵌入代码（iframe）。', en: 'Embed code (iframe) copied.' },
  'done.link': { zh: '已复制链接。', en: 'Link copied.' },
  'done.markdown': { zh: '已复制 Markdown。', en: 'Markdown copied.' },
  'done.download': { zh: '已下载 {file}。', en: 'Downloaded {file}.' },
  preparing: { zh: '正在生成图片…', en: 'Preparing the image…' },
  selected: {
    zh: '无法写入剪贴板：文字已在下方选中，请按 Ctrl+C / ⌘C 复制。',
    en: 'No clipboard access: the text is selected below, press Ctrl+C / ⌘C.',
  },
  fallbackLabel: { zh: '要复制的文字', en: 'Text to copy' },
  unavailable: {
    zh: '现在没有可分享的内容（场景有错误，或图还没画出来）。',
    en: 'There is nothing to share right now (the scenario has an error, or the diagram is not drawn yet).',
  },
  failed: { zh: '操作失败：{message}', en: 'That did not work: {message}' },
  site: { zh: 'nginx WebSocket 代理实验室', en: 'nginx WebSocket Lab' },
  'md.openScenario': { zh: '在 nginx WebSocket 代理实验室中打开', en: 'Open in nginx WebSocket Lab' },
  'md.openGuide': { zh: '在指南中查看：{page}', en: 'See it in the guide: {page}' },
  'md.snippetLine': {
    zh: '一段 nginx WebSocket 代理配置，已在真实 nginx 1.22.1 上验证',
    en: 'an nginx config for proxying WebSocket, checked against real nginx 1.22.1',
  },
  'md.playgroundLine': {
    zh: '在 nginx WebSocket 代理实验室中模拟的 nginx 配置',
    en: 'an nginx config simulated in the nginx WebSocket Lab playground',
  },
  'md.diagramLine': { zh: '出自指南《{page}》', en: 'from the guide “{page}”' },
  'md.sequenceLine': {
    zh: '这个场景经过 nginx 的时序图，由 nginx WebSocket 代理实验室生成',
    en: 'the sequence diagram of this scenario through nginx, drawn by nginx WebSocket Lab',
  },
  'title.playground': { zh: 'nginx WebSocket 代理实验室：在线实验', en: 'nginx WebSocket Lab: playground' },
  'title.timeline': { zh: '时间线', en: 'Timeline' },
  'title.sequence': { zh: '时序图', en: 'Sequence diagram' },
} as const;

export type ShareStringKey = keyof typeof strings;
export type ShareTranslate = (key: ShareStringKey, params?: Record<string, string | number>) => string;

export function shareTranslator(lang: Lang): ShareTranslate {
  return (key, params) =>
    strings[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}
