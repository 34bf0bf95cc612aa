import type { Mermaid } from 'mermaid';
import { mermaidThemeFor } from './mermaid-theme';

/**
 * <guide-mermaid>: turns the Mermaid source it carries into an SVG once the figure comes
 * near the viewport, and again whenever Starlight switches between light and dark.
 * Mermaid is a large library, so it is imported dynamically: pages without a diagram
 * never load it, and pages with one load it only when a diagram is about to be seen.
 */

let mermaidPromise: Promise<Mermaid> | undefined;
function loadMermaid(): Promise<Mermaid> {
  mermaidPromise ??= import('mermaid').then(
    (module) => module.default,
    (error: unknown) => {
      // Forget the failure so the next render (scroll, theme switch) tries again.
      mermaidPromise = undefined;
      throw error;
    },
  );
  return mermaidPromise;
}

function currentTheme(): 'dark' | 'default' {
  const prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  return mermaidThemeFor(document.documentElement.dataset.theme, prefersDark);
}

// mermaid.initialize() is global state, so renders run one at a time, each with the theme
// that was current when it started.
let queue: Promise<void> = Promise.resolve();
let nextId = 0;

class GuideMermaid extends HTMLElement {
  private wanted = false;
  private renderedTheme: string | undefined;

  connectedCallback(): void {
    if (!('IntersectionObserver' in window)) {
      this.requestRender();
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          this.requestRender();
        }
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(this);
  }

  /** Called on first approach and on theme changes (only once a render was wanted). */
  requestRender(): void {
    this.wanted = true;
    queue = queue.then(() => this.render()).catch(() => undefined);
  }

  get hasBeenWanted(): boolean {
    return this.wanted;
  }

  private async render(): Promise<void> {
    const theme = currentTheme();
    if (theme === this.renderedTheme) return;
    const source = this.querySelector('code')?.textContent ?? '';
    const target = this.querySelector<HTMLElement>('.guide-mermaid__diagram');
    const details = this.querySelector('details');
    const status = this.querySelector<HTMLElement>('.guide-mermaid__status');
    if (!target || !source.trim()) return;
    try {
      const mermaid = await loadMermaid();
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme });
      const { svg } = await mermaid.render(`guide-mermaid-${nextId++}`, source);
      target.innerHTML = svg;
      target.hidden = false;
      if (this.renderedTheme === undefined && details) details.open = false;
      this.renderedTheme = theme;
    } catch (error) {
      // Keep the source open so the reader still gets the content, and say why.
      if (details) details.open = true;
      if (status) status.hidden = false;
      console.error('Mermaid diagram failed to render', error);
    }
  }
}

if (!customElements.get('guide-mermaid')) {
  customElements.define('guide-mermaid', GuideMermaid);
  new MutationObserver(() => {
    for (const element of document.querySelectorAll<GuideMermaid>('guide-mermaid')) {
      if (element.hasBeenWanted) element.requestRender();
    }
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}
