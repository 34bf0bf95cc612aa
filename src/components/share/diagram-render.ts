import type { Mermaid } from 'mermaid';
import { type MermaidTheme, mermaidLook } from './mermaid-options';

export type { MermaidTheme } from './mermaid-options';

/**
 * The one way this site draws Mermaid. mermaid.initialize() is global state, so renders
 * run one at a time, each with its own theme and options; guide figures, the playground,
 * the embeds and the SVG/PNG downloads all queue here. Mermaid is large, so it is imported
 * on first use only.
 */
let loading: Promise<Mermaid> | undefined;
function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then(
    (module) => module.default,
    (error: unknown) => {
      // Forget the failure so the next render tries again.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

export interface RenderOptions {
  theme: MermaidTheme;
  /**
   * HTML labels (foreignObject) look best on the page but make an SVG file that image
   * viewers, wikis and canvas do not draw; downloads turn them off.
   */
  htmlLabels?: boolean;
}

let queue: Promise<unknown> = Promise.resolve();
let counter = 0;

/** Renders `source` to SVG markup (mermaid's own serialization: HTML, not XML). */
export function renderMermaid(source: string, options: RenderOptions): Promise<string> {
  const run = async () => {
    const mermaid = await loadMermaid();
    mermaid.initialize({
      ...mermaidLook(options.theme, options.htmlLabels ?? true),
      startOnLoad: false,
      securityLevel: 'strict',
    });
    counter += 1;
    const { svg } = await mermaid.render(`nwl-mermaid-${counter}`, source);
    return svg;
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
