import { collectGuideDiagrams, type GuideDiagram } from './guide-diagrams';

/**
 * The guides' MDX source, read at build time (Vite inlines it; nothing reads the file
 * system at runtime), scanned once for the diagram embed pages.
 */
const guideSources = import.meta.glob<string>('/content/docs/*/guides/*.mdx', {
  query: '?raw',
  import: 'default',
  eager: true,
});

let cached: GuideDiagram[] | undefined;
export function guideDiagrams(): GuideDiagram[] {
  if (!cached) {
    const scan = collectGuideDiagrams(guideSources);
    for (const problem of scan.problems) console.warn(`[guide diagrams] ${problem}`);
    cached = scan.diagrams;
  }
  return cached;
}
