import type { Lang } from '../../i18n/ui';

/** Strings of the Embed button and its dialog, both languages in one place. */
export interface EmbedButtonStrings {
  button: string;
  buttonHint: string;
  heading: string;
  intro: string;
  kind: string;
  kindPlayground: string;
  kindScenario: string;
  view: string;
  views: Record<string, string>;
  theme: string;
  themeAuto: string;
  themeLight: string;
  themeDark: string;
  iframe: string;
  permalink: string;
  markdown: string;
  copy: string;
  copied: string;
  copyFailed: string;
  preview: string;
  close: string;
  heightNote: string;
  defaultTitle: string;
  unavailable: string;
}

export const embedButtonStrings: Record<Lang, EmbedButtonStrings> = {
  zh: {
    button: '嵌入',
    buttonHint: '获取 iframe 代码、永久链接和 Markdown 链接，放进 Confluence、GitLab/GitHub Wiki、飞书或语雀',
    heading: '嵌入到 Wiki 或文档',
    intro: '复制下面的代码粘贴到支持 iframe 的 Wiki 中；不支持 iframe 的地方可以用链接。',
    kind: '嵌入内容',
    kindPlayground: '可编辑的实验台',
    kindScenario: '只读：配置与结果',
    view: '显示',
    views: {
      terminal: '终端',
      timeline: '时间线',
      diagram: '时序图',
      headers: '请求头',
      outcome: '结果 JSON',
      transcript: '客户端看到的过程',
    },
    theme: '配色',
    themeAuto: '跟随系统',
    themeLight: '浅色',
    themeDark: '深色',
    iframe: 'iframe 代码',
    permalink: '永久链接',
    markdown: 'Markdown 链接',
    copy: '复制',
    copied: '已复制',
    copyFailed: '无法写入剪贴板：文字已选中，请按 Ctrl+C / ⌘C。',
    preview: '在新标签页预览嵌入效果 ↗',
    close: '关闭',
    heightNote:
      '嵌入页会通过 postMessage 发送 {type: "nginx-ws-lab:height", height}，支持的 Wiki 可据此自动调整高度。',
    defaultTitle: 'nginx WebSocket 代理实验室',
    unavailable: '当前场景有错误，无法生成嵌入代码。请先修正 YAML。',
  },
  en: {
    button: 'Embed',
    buttonHint:
      'Get iframe code, a permalink and a Markdown link for Confluence, GitLab/GitHub wikis, Feishu or Yuque',
    heading: 'Embed in a wiki or document',
    intro: 'Paste the code into a wiki that accepts iframes; where iframes are not allowed, use a link.',
    kind: 'Embed',
    kindPlayground: 'Editable playground',
    kindScenario: 'Read-only: config and result',
    view: 'Show',
    views: {
      terminal: 'Terminal',
      timeline: 'Timeline',
      diagram: 'Sequence diagram',
      headers: 'Headers',
      outcome: 'Outcome JSON',
      transcript: 'What the client sees',
    },
    theme: 'Colours',
    themeAuto: 'Follow the system',
    themeLight: 'Light',
    themeDark: 'Dark',
    iframe: 'iframe code',
    permalink: 'Permalink',
    markdown: 'Markdown link',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'No clipboard access: the text is selected, press Ctrl+C / ⌘C.',
    preview: 'Preview the embed in a new tab ↗',
    close: 'Close',
    heightNote:
      'The embed posts {type: "nginx-ws-lab:height", height} to its parent, so wikis that listen can size the frame.',
    defaultTitle: 'nginx WebSocket Lab',
    unavailable: 'The current scenario has an error, so there is nothing to embed. Fix the YAML first.',
  },
};
