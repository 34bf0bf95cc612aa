// @ts-check
import sitemap from '@astrojs/sitemap';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';

// Guides live in content/docs/<locale>/ (see src/content.config.ts); the site has
// no root locale: "/" is a tiny page that picks zh or en from the browser.
export default defineConfig({
  site: 'https://nginx-ws-lab.example',
  server: { host: '127.0.0.1', port: 4321 },
  // The CSP is a response header written after the build (scripts/deploy-headers.mjs hashes
  // every inline script; see README "Deploy"). Astro's security.csp stays off: its <meta>
  // policy would be enforced on top, and it hashes styles, which disables the 'unsafe-inline'
  // styles that mermaid and Expressive Code need.
  security: { csp: false },
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
          // Listed by hand: `autogenerate` only sees pages under src/content/docs/, and the
          // guides live in content/docs/ (src/content.config.ts), so it produced an empty group.
          items: [
            'guides',
            'guides/handshake',
            'guides/minimal-config',
            'guides/map-connection-upgrade',
            'guides/timeouts',
            'guides/load-balancing',
            'guides/tls-wss',
            'guides/tuning-myths',
            'guides/troubleshooting',
            'guides/embedding',
            'guides/glossary',
          ],
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
    // Starlight adds this integration itself unless one is present; ours is Starlight's (same
    // i18n) minus the embed pages, which are noindex and only make sense inside an iframe.
    sitemap({
      i18n: { defaultLocale: 'zh', locales: { zh: 'zh-CN', en: 'en' } },
      filter: (page) => !/\/embed\//.test(new URL(page).pathname),
    }),
  ],
});
