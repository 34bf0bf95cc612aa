// @ts-check
import sitemap from '@astrojs/sitemap';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { deferSearch } from './src/build/defer-search';
import { prerenderedDiagrams } from './src/build/diagrams-integration';
import { SITE_PLACEHOLDER, siteOriginInGuides } from './src/build/site-origin';
import { dictionaries } from './src/i18n/dictionaries.mjs';
import { defaultLocale, locales } from './src/i18n/locales.mjs';
import { i18nNamespaces } from './src/i18n/vite-plugin.mjs';
import { REGISTER_SERVICE_WORKER } from './src/offline/register.mjs';

/** A site text (namespace `site` of src/i18n/<lang>.json) keyed by each locale's BCP 47 tag, as Starlight wants it. */
const inEveryLocale = (/** @type {keyof typeof dictionaries.en.site} */ key) =>
  Object.fromEntries(
    Object.entries(locales).map(([locale, { lang }]) => [
      lang,
      dictionaries[/** @type {keyof typeof dictionaries} */ (locale)].site[key],
    ]),
  );

// Guides live in content/docs/<locale>/ (see src/content.config.ts); the site has
// no root locale: "/" is a tiny page that picks zh or en from the browser.
/**
 * The address the site is served from. It goes into what must be absolute: oEmbed answers,
 * canonical and og: URLs, the sitemap. Set it for a deployment (README, "Deploy"); the placeholder
 * keeps a local build working and is named in the build log so it is not shipped unnoticed.
 */
const site = siteFromEnvironment(process.env.SITE_URL);

/** @param {string | undefined} value */
function siteFromEnvironment(value) {
  if (!value) {
    console.warn(`SITE_URL is not set: absolute URLs (oEmbed, canonical, sitemap) name ${SITE_PLACEHOLDER}`);
    return SITE_PLACEHOLDER;
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`SITE_URL=${value}: not a URL; give the site's address, e.g. https://ws-lab.example.com`);
  }
  if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash)
    throw new Error(
      `SITE_URL=${value}: give only scheme and host (e.g. https://ws-lab.example.com), no path`,
    );
  return url.origin;
}

export default defineConfig({
  site,
  server: { host: '127.0.0.1', port: 4321 },
  // The CSP is a response header written after the build (scripts/deploy-headers.mjs hashes
  // every inline script; see README "Deploy"). Astro's security.csp stays off: its <meta>
  // policy would be enforced on top, and it hashes styles, which disables the 'unsafe-inline'
  // styles that mermaid and Expressive Code need.
  security: { csp: false },
  // The dictionaries' namespaces as modules of their own (src/i18n/catalog.ts).
  // The guides' code (the embedding snippets) names the address the site is built for.
  vite: { plugins: [i18nNamespaces(), deferSearch(), siteOriginInGuides(site)] },
  integrations: [
    starlight({
      title: inEveryLocale('title'),
      defaultLocale,
      locales,
      customCss: ['./src/styles/site.css'],
      // Offline use after a first visit (src/offline/): registered after the page has loaded.
      head: [{ tag: 'script', content: REGISTER_SERVICE_WORKER }],
      // oEmbed discovery links for the diagrams and snippets a guide shows.
      routeMiddleware: './src/route-data.ts',
      components: {
        // Adds the playground link to the header without replacing Starlight's own.
        SocialIcons: './src/components/HeaderLinks.astro',
        // A menu (pages, theme, language) on narrow screens for pages without a sidebar.
        Header: './src/components/SiteHeader.astro',
        // The home page's hero shows a run replayed from real nginx beside the title.
        Hero: './src/components/SiteHero.astro',
      },
      sidebar: [
        {
          label: dictionaries.en.site['nav.guides'],
          translations: inEveryLocale('nav.guides'),
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
            'guides/proxy-chain',
            'guides/logging',
            'guides/deploying',
            'guides/capacity',
            'guides/edge-security',
            'guides/failure-signatures',
            'guides/backend-tls-http2',
            'guides/kubernetes',
            'guides/embedding',
            'guides/glossary',
          ],
        },
        {
          label: dictionaries.en.site['nav.playground'],
          translations: inEveryLocale('nav.playground'),
          link: '/playground/',
        },
        {
          label: dictionaries.en.site['nav.exercises'],
          translations: inEveryLocale('nav.exercises'),
          link: '/exercises/',
        },
        {
          label: dictionaries.en.site['nav.course'],
          translations: inEveryLocale('nav.course'),
          link: '/course/',
        },
      ],
      lastUpdated: false,
    }),
    // Starlight adds this integration itself unless one is present; ours is Starlight's (same
    // i18n) minus the embed pages, which are noindex and only make sense inside an iframe.
    sitemap({
      i18n: {
        defaultLocale,
        locales: Object.fromEntries(Object.entries(locales).map(([locale, { lang }]) => [locale, lang])),
      },
      filter: (page) => !/\/embed\//.test(new URL(page).pathname),
    }),
    // Closes the browser the guide diagrams were drawn in and logs what was drawn.
    prerenderedDiagrams(),
  ],
});
