import type { APIRoute } from 'astro';
import {
  type SnippetItem,
  snippetItems,
  snippetTranscriptSvg,
} from '../../../../../components/embed/snippet-items';

// The snippet's transcript as an image: the static fallback for wikis that strip iframes.
export function getStaticPaths() {
  return snippetItems().map((item) => ({ params: { lang: item.lang, name: item.name }, props: { item } }));
}

export const GET: APIRoute = ({ props }) =>
  new Response(snippetTranscriptSvg((props as { item: SnippetItem }).item), {
    headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' },
  });
