import type { Lang } from '../../i18n/ui';

/** Every string the embed pages show, both languages in one place. */
const strings = {
  'title.playground': { zh: 'nginx WebSocket 代理实验室 · 在线实验', en: 'nginx WebSocket Lab · playground' },
  'title.scenario': { zh: 'nginx WebSocket 代理实验室 · 场景', en: 'nginx WebSocket Lab · scenario' },
  'title.diagram': {
    zh: 'nginx WebSocket 代理实验室 · 时序图',
    en: 'nginx WebSocket Lab · sequence diagram',
  },
  brand: { zh: 'nginx WebSocket 代理实验室', en: 'nginx WebSocket Lab' },
  'open.guide': { zh: '在指南中查看 ↗', en: 'Open in the guide ↗' },
  'diagram.from': { zh: '出自指南《{page}》· {section}', en: 'From the guide “{page}” · {section}' },
  'diagram.fromPage': { zh: '出自指南《{page}》', en: 'From the guide “{page}”' },
  'diagram.source': { zh: 'Mermaid 源码', en: 'Mermaid source' },
  'open.playground': { zh: '打开完整实验台 ↗', en: 'Open the full playground ↗' },
  config: { zh: 'nginx 配置', en: 'nginx config' },
  'config.hint': {
    zh: '可以直接修改配置，结果会随之更新。',
    en: 'Edit the config; the result follows.',
  },
  'view.terminal': { zh: '终端', en: 'Terminal' },
  'view.transcript': { zh: '客户端看到的过程', en: 'What the client sees' },
  'view.timeline': { zh: '时间线', en: 'Timeline' },
  'view.diagram': { zh: '时序图', en: 'Sequence diagram' },
  'view.headers': { zh: '请求头', en: 'Headers' },
  'view.outcome': { zh: '结果 JSON', en: 'Outcome JSON' },
  'diagram.loading': { zh: '正在加载时序图…', en: 'Loading the diagram…' },
  'diagram.failed': { zh: '无法绘制时序图：{message}', en: 'Could not draw the diagram: {message}' },
  'diagram.unavailable': { zh: '引擎尚未提供时序图。', en: 'The engine does not provide diagrams yet.' },
  copy: { zh: '复制', en: 'Copy' },
  copied: { zh: '已复制', en: 'Copied' },
  'copy.failed': {
    zh: '无法写入剪贴板：文字已选中，请按 Ctrl+C / ⌘C。',
    en: 'No clipboard access: the text is selected, press Ctrl+C / ⌘C.',
  },
  running: { zh: '计算中…', en: 'Simulating…' },
  'meta.description': {
    zh: 'nginx WebSocket 代理实验室的嵌入内容：nginx 配置与 WebSocket 客户端的模拟结果，在你的浏览器中计算。',
    en: 'An nginx WebSocket Lab embed: an nginx config and what it does to a WebSocket client, simulated in your browser.',
  },
  simulated: {
    zh: '由浏览器中的模拟器计算，与真实 nginx 1.22 的行为对照测试。',
    en: 'Computed in your browser by a simulator tested against real nginx 1.22.',
  },
  'error.title': { zh: '无法显示此嵌入内容', en: 'This embed cannot be shown' },
  'error.missing': {
    zh: '链接中没有场景（缺少 #s=…）。请从实验台的“嵌入”对话框重新复制代码。',
    en: 'The link carries no scenario (no #s=…). Copy the code again from the playground’s Embed dialog.',
  },
  'error.permalink-not-base64': {
    zh: '链接中的场景数据已损坏（不是 base64url 编码），可能在复制时被截断或改动。',
    en: 'The scenario in the link is damaged (not base64url); it may have been cut or altered while copying.',
  },
  'error.permalink-not-deflate': {
    zh: '链接中的场景数据无法解压，可能在复制时被截断。',
    en: 'The scenario in the link cannot be decompressed; it may have been cut while copying.',
  },
  'error.permalink-too-large': {
    zh: '链接中的场景超过 512 KB，已拒绝打开。',
    en: 'The scenario in the link is larger than 512 KB, so it was refused.',
  },
  'error.permalink-not-utf8': {
    zh: '链接中的场景不是 UTF-8 文本。',
    en: 'The scenario in the link is not UTF-8 text.',
  },
  'error.permalink-future-version': {
    zh: '此链接由更新版本的网站生成（编码版本 {version}），当前页面无法读取。请刷新页面；若仍无效，说明你访问的是旧的镜像。',
    en: 'This link was made by a newer version of the site (encoding version {version}) that this page cannot read. Reload the page; if that does not help, you are on an older mirror.',
  },
  'error.not-scenario': {
    zh: '链接中的内容不是有效场景：{message}',
    en: 'The link does not hold a valid scenario: {message}',
  },
  'error.scenario': { zh: '场景有误：{message}', en: 'The scenario has a problem: {message}' },
  'error.engine': { zh: '模拟失败：{message}', en: 'The simulation failed: {message}' },
  'error.watchdog': {
    zh: '模拟超过 {seconds} 秒没有结果，已停止。',
    en: 'The simulation gave no answer within {seconds} s and was stopped.',
  },
} as const;

export type EmbedStringKey = keyof typeof strings;
export type EmbedTranslate = (key: EmbedStringKey, params?: Record<string, string | number>) => string;

function fill(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function embedTranslator(lang: Lang): EmbedTranslate {
  return (key, params) => fill(strings[key][lang], params);
}

export function isEmbedStringKey(key: string): key is EmbedStringKey {
  return key in strings;
}

/** Both languages of one message, the page's own first: an embed's reader may read either. */
export function bothLanguages(
  lang: Lang,
  key: EmbedStringKey,
  params?: Record<string, string | number>,
): Array<{ lang: Lang; text: string }> {
  const order: Lang[] = lang === 'zh' ? ['zh', 'en'] : ['en', 'zh'];
  return order.map((l) => ({ lang: l, text: embedTranslator(l)(key, params) }));
}
