import type { APIRoute } from 'astro';
import { oembed, svgSize } from '../../../../../components/embed/oembed';
import { siteOrigin } from '../../../../../components/embed/site-origin';
import {
  type SnippetItem,
  snippetItems,
  snippetTranscriptSvg,
} from '../../../../../components/embed/snippet-items';
import { scenarioEmbedHeight } from '../../../../../components/share/share-codes';
import { embed } from '../../../../../i18n/catalog';
import { translator } from '../../../../../i18n/translate';

// /{lang}/embed/scenario/<name>/oembed.json — see src/components/embed/oembed.ts.
export function getStaticPaths() {
  return snippetItems().map((item) => ({ params: { lang: item.lang, name: item.name }, props: { item } }));
}

export const GET: APIRoute = ({ props, site }) => {
  const { item } = props as { item: SnippetItem };
  const origin = siteOrigin(site);
  const size = svgSize(snippetTranscriptSvg(item));
  const json = oembed(
    {
      src: `${origin}${item.path}`,
      title: item.title,
      height: scenarioEmbedHeight(item.config),
      thumbnail: size ? { url: `${origin}${item.path}transcript.svg`, ...size } : undefined,
    },
    { name: translator(embed[item.lang])('brand'), url: `${origin}/${item.lang}/` },
  );
  return new Response(JSON.stringify(json, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
