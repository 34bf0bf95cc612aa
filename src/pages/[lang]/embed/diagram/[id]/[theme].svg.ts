import type { APIRoute, GetStaticPaths } from 'astro';
import {
  canDrawFiles,
  DIAGRAM_THEMES,
  type DiagramTheme,
  drawFile,
} from '../../../../../build/mermaid-prerender';
import { guideDiagrams } from '../../../../../components/embed/guide-diagram-files';
import type { GuideDiagram } from '../../../../../components/embed/guide-diagrams';

/**
 * /{lang}/embed/diagram/<id>/{light,dark}.svg — each guide diagram as an image file, drawn at
 * build time: what the share menus download (and turn into PNG), and an image a wiki can
 * show. SVG text labels, the theme's background and the diagram's title, nothing loaded from
 * elsewhere (standalone-svg.ts). A build without a browser writes none; the pages then draw
 * their downloads with mermaid.
 */
export const getStaticPaths = (async () => {
  const files = guideDiagrams().flatMap((diagram) => DIAGRAM_THEMES.map((theme) => ({ diagram, theme })));
  const ready = await canDrawFiles(
    files.map(({ diagram, theme }) => ({ source: diagram.code, lang: diagram.lang, theme })),
  );
  if (!ready) return [];
  return files.map(({ diagram, theme }) => ({
    params: { lang: diagram.lang, id: diagram.id, theme },
    props: { diagram, theme },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const { diagram, theme } = props as { diagram: GuideDiagram; theme: DiagramTheme };
  const svg = await drawFile(
    diagram.code,
    diagram.lang,
    theme,
    diagram.title,
    `<Mermaid id="${diagram.id}"> (${diagram.file}:${diagram.line})`,
  );
  if (svg === null)
    throw new Error(`${diagram.file}:${diagram.line}: the ${theme} SVG file could not be drawn`);
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
};
