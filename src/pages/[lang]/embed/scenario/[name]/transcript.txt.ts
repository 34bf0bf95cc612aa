import type { APIRoute } from 'astro';
import {
  type SnippetItem,
  snippetItems,
  snippetTranscriptText,
} from '../../../../../components/embed/snippet-items';

// The snippet's transcript as text: the static fallback for wikis that strip iframes.
export function getStaticPaths() {
  return snippetItems().map((item) => ({ params: { lang: item.lang, name: item.name }, props: { item } }));
}

export const GET: APIRoute = ({ props }) =>
  new Response(snippetTranscriptText((props as { item: SnippetItem }).item), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
