import { renderMermaid } from '../share/diagram-render';
import { mermaidImage } from '../share/svg-export';
import { shareGuideDiagram } from './diagram-share';
import { mermaidThemeFor } from './mermaid-theme';

/**
 * The fallback of <guide-mermaid> (./guide-mermaid.ts) for a site built without a browser to
 * draw its diagrams: turns the Mermaid source the element carries into an SVG once the figure
 * comes near the viewport, and again whenever Starlight switches between light and dark.
 * Mermaid is a large library, loaded on first use (share/diagram-render.ts). SVG/PNG downloads
 * are drawn from the source.
 */

function currentTheme(): 'dark' | 'default' {
  const prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  return mermaidThemeFor(document.documentElement.dataset.theme, prefersDark);
}

// Renders of all figures run in order, so a theme switch never interleaves two passes.
let queue: Promise<void> = Promise.resolve();
const wanted = new Set<LiveDiagram>();

class LiveDiagram {
  private renderedTheme: string | undefined;

  constructor(private readonly element: HTMLElement) {}

  /** Called on first approach and on theme changes (only once a render was wanted). */
  requestRender(): void {
    wanted.add(this);
    queue = queue.then(() => this.render()).catch(() => undefined);
  }

  get source(): string {
    return this.element.querySelector('.guide-mermaid__source code')?.textContent ?? '';
  }

  private async render(): Promise<void> {
    const theme = currentTheme();
    if (theme === this.renderedTheme) return;
    const source = this.source;
    const target = this.element.querySelector<HTMLElement>('.guide-mermaid__diagram');
    const details = this.element.querySelector('details');
    const status = this.element.querySelector<HTMLElement>('.guide-mermaid__status');
    if (!target || !source.trim()) return;
    try {
      const svg = await renderMermaid(source, { theme });
      target.innerHTML = svg;
      target.hidden = false;
      if (this.renderedTheme === undefined && details) details.open = false;
      this.renderedTheme = theme;
      this.element.dataset.rendered = theme;
    } catch (error) {
      // Keep the source open so the reader still gets the content, and say why.
      if (details) details.open = true;
      if (status) status.hidden = false;
      console.error('Mermaid diagram failed to render', error);
    }
  }
}

let watchingTheme = false;

export function drawLive(element: HTMLElement): void {
  const diagram = new LiveDiagram(element);
  shareGuideDiagram(
    element,
    () =>
      mermaidImage(diagram.source, currentTheme(), element.dataset.title ?? element.dataset.diagram ?? ''),
    () => element.querySelector<SVGSVGElement>('.guide-mermaid__diagram svg'),
  );
  if (!watchingTheme) {
    watchingTheme = true;
    new MutationObserver(() => {
      for (const d of wanted) d.requestRender();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }
  if (!('IntersectionObserver' in window)) {
    diagram.requestRender();
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        diagram.requestRender();
      }
    },
    { rootMargin: '400px 0px' },
  );
  observer.observe(element);
}
