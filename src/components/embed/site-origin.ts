/** The site's origin for absolute URLs written at build time (astro.config.mjs `site`). */
export function siteOrigin(site: URL | undefined): string {
  if (!site) throw new Error('astro.config.mjs: set `site` (the deployed origin) for oEmbed URLs');
  return site.origin;
}
