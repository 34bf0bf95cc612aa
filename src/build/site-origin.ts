/**
 * The guides' code blocks (the embedding guide's iframe, script and listener snippets) show the
 * site's address so a reader can copy them as they are. They are written with the placeholder
 * address; a build for a real address (SITE_URL, see astro.config.mjs) puts that address in.
 * Done on the MDX source, before Markdown runs: Astro 7's Markdown processor (Sätteri) takes no
 * remark plugins, and the code blocks' copy buttons read the same source text.
 */
export const SITE_PLACEHOLDER = 'https://nginx-ws-lab.example';

/** The guide's text with the placeholder address replaced by `site`. */
export function withSiteOrigin(source: string, site: string): string {
  return site === SITE_PLACEHOLDER ? source : source.replaceAll(SITE_PLACEHOLDER, site);
}

/** A Vite plugin applying `withSiteOrigin` to the guides (content/docs/**.mdx). */
export function siteOriginInGuides(site: string) {
  return {
    name: 'nginx-ws-lab:site-origin-in-guides',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      const file = id.split('?')[0] ?? '';
      if (!/[/\\]content[/\\]docs[/\\].*\.mdx$/.test(file) || !code.includes(SITE_PLACEHOLDER)) return null;
      return { code: withSiteOrigin(code, site), map: null };
    },
  };
}
