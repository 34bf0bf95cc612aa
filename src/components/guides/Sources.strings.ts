import type { Lang } from '../../i18n/ui';

/**
 * UI strings of <Sources>. Seed documents are the Chinese pages in the project's seed set
 * (identified by their three-digit number); each gets a short neutral description.
 */
export const sourcesStrings: Record<
  Lang,
  { heading: string; intro: string; verified: string; seeds: Record<string, string> }
> = {
  zh: {
    heading: '本页参考的资料',
    intro: '本页改写、核对并纠正了以下中文资料中的内容：',
    verified: '文中的行为描述都在真实的 nginx 1.22.1 上验证过；与资料不一致之处，以实测为准。',
    seeds: {
      '000': '000 · 某 GitLab 文档站的 nginx 知识库页（“支持WebSocket”一节，含超时参数解释）',
      '001': '001 · 个人博客《nginx 实现websocket 代理》（2022 年，含 SSL 完整示例）',
      '002': '002 · nginx 官方文档《WebSocket proxying》的中文译本',
      '003': '003 · 笔记《配置 Nginx 支持 websockets》（超时、连接复用、优化建议和两张时序图）',
      '004': '004 · 转载文章《NGINX作为WebSocket Proxy的设置》（2017 年，译自 NGINX 博客）',
    },
  },
  en: {
    heading: 'Sources for this page',
    intro: 'This page rewrites, checks and corrects material from these Chinese documents:',
    verified:
      'Every behaviour described here was verified on real nginx 1.22.1; where a source disagrees, the measurement wins.',
    seeds: {
      '000':
        '000 · an nginx knowledge-base page on a GitLab docs site (“WebSocket support”, with notes on timeouts)',
      '001': '001 · a personal blog post “nginx as a WebSocket proxy” (2022, with a full SSL example)',
      '002': '002 · a Chinese translation of nginx’s official “WebSocket proxying” page',
      '003':
        '003 · a note “Configuring nginx for websockets” (timeouts, connection reuse, tuning tips, two sequence diagrams)',
      '004': '004 · a reposted article “NGINX as a WebSocket proxy” (2017, translated from the NGINX blog)',
    },
  },
};
