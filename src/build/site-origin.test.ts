import { describe, expect, it } from 'vitest';
import { SITE_PLACEHOLDER, siteOriginInGuides, withSiteOrigin } from './site-origin';

const guide = `Load it:\n\n\`\`\`html\n<script src="${SITE_PLACEHOLDER}/embed/resize.js" async></script>\n\`\`\`\n`;

describe('the site address in the guides', () => {
  it('puts the configured address where the placeholder stands', () => {
    expect(withSiteOrigin(guide, 'https://ws.example.org')).toBe(
      'Load it:\n\n```html\n<script src="https://ws.example.org/embed/resize.js" async></script>\n```\n',
    );
  });

  it('leaves the text alone when the build has no address of its own', () => {
    expect(withSiteOrigin(guide, SITE_PLACEHOLDER)).toBe(guide);
  });

  it('touches only the guides’ MDX files', () => {
    const plugin = siteOriginInGuides('https://ws.example.org');
    expect(
      plugin.transform(guide, '/repo/content/docs/en/guides/embedding.mdx?astroContent')?.code,
    ).toContain('https://ws.example.org/embed/resize.js');
    expect(plugin.transform(guide, '/repo/src/components/Thing.astro')).toBeNull();
  });
});
