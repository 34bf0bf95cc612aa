// @ts-check
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';

// Guides live in content/docs/<locale>/ (see src/content.config.ts); the site has
// no root locale: "/" is a tiny page that picks zh or en from the browser.
export default defineConfig({
  site: 'https://nginx-ws-lab.example',
  server: { host: '127.0.0.1', port: 4321 },
  integrations: [
    starlight({
      title: { 'zh-CN': 'nginx WebSocket 代理实验室', en: 'nginx WebSocket Lab' },
      defaultLocale: 'zh',
      locales: {
        zh: { label: '简体中文', lang: 'zh-CN' },
        en: { label: 'English', lang: 'en' },
      },
      customCss: ['./src/styles/site.css'],
      components: {
        // Adds the playground link to the header without replacing Starlight's own.
        SocialIcons: './src/components/HeaderLinks.astro',
      },
      sidebar: [
        {
          label: 'Guides',
          translations: { 'zh-CN': '指南' },
          items: [{ autogenerate: { directory: 'guides' } }],
        },
        {
          label: 'Playground',
          translations: { 'zh-CN': '在线实验' },
          link: '/playground/',
        },
        {
          label: 'Exercises',
          translations: { 'zh-CN': '练习' },
          link: '/exercises/',
        },
      ],
      lastUpdated: false,
    }),
  ],
});
