import type { APIRoute, GetStaticPaths } from 'astro';
import { canDrawFiles, drawFile } from '../../../../../build/mermaid-prerender';
import { guideDiagrams } from '../../../../../components/embed/guide-diagram-files';
import type { GuideDiagram } from '../../../../../components/embed/guide-diagrams';
import { oembed, svgSize } from '../../../../../components/embed/oembed';
import { siteOrigin } from '../../../../../components/embed/site-origin';
import { diagramFileUrl } from '../../../../../components/guides/diagram-files';
import { diagramEmbedHeight } from '../../../../../components/share/share-codes';
import { embed } from '../../../../../i18n/catalog';
import { translator } from '../../../../../i18n/translate';

// /{lang}/embed/diagram/<id>/oembed.json — see src/components/embed/oembed.ts. The light SVG
// file is its thumbnail when the build could draw it (else the JSON has no thumbnail).
export const getStaticPaths = (async () => {
  const diagrams = guideDiagrams();
  const drawable = await canDrawFiles(
    diagrams.map((d) => ({ source: d.code, lang: d.lang, theme: 'light' })),
  );
  return diagrams.map((diagram) => ({
    params: { lang: diagram.lang, id: diagram.id },
    props: { diagram, drawable },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) => {
  const { diagram, drawable } = props as { diagram: GuideDiagram; drawable: boolean };
  const origin = siteOrigin(site);
  const where = `<Mermaid id="${diagram.id}"> (${diagram.file}:${diagram.line})`;
  const svg = drawable ? await drawFile(diagram.code, diagram.lang, 'light', diagram.title, where) : null;
  const size = svg ? svgSize(svg) : null;
  const json = oembed(
    {
      src: `${origin}/${diagram.lang}/embed/diagram/${diagram.id}/`,
      title: diagram.title,
      height: diagramEmbedHeight(size?.width ?? 0, size?.height ?? 0),
      thumbnail: size
        ? { url: `${origin}${diagramFileUrl(diagram.lang, diagram.id, 'light')}`, ...size }
        : undefined,
    },
    { name: translator(embed[diagram.lang])('brand'), url: `${origin}/${diagram.lang}/` },
  );
  return new Response(JSON.stringify(json, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
