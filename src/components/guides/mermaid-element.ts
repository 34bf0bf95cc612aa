import { share } from '../../i18n/catalog';
import { pageLang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { renderMermaid } from '../share/diagram-render';
import { diagramEmbedHeight, iframeSnippet, shareMarkdown } from '../share/share-codes';
import { provideShare } from '../share/share-provider';
import { mermaidImage } from '../share/svg-export';
import { mermaidThemeFor } from './mermaid-theme';

/**
 * <guide-mermaid>: turns the Mermaid source it carries into an SVG once the figure comes
 * near the viewport, and again whenever Starlight switches between light and dark.
 * Mermaid is a large library, loaded on first use (share/diagram-render.ts): pages without
 * a diagram never load it. It also answers its share menu: embed code for
 * /{lang}/embed/diagram/<id>/, the link to the figure in the guide, Markdown with the
 * Mermaid source, and SVG/PNG files drawn from the source.
 */

function currentTheme(): 'dark' | 'default' {
  const prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  return mermaidThemeFor(document.documentElement.dataset.theme, prefersDark);
}

// Renders of all figures run in order, so a theme switch never interleaves two passes.
let queue: Promise<void> = Promise.resolve();

class GuideMermaid extends HTMLElement {
  private wanted = false;
  private renderedTheme: string | undefined;

  connectedCallback(): void {
    this.provideShare();
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

  private get source(): string {
    return this.querySelector('.guide-mermaid__source code')?.textContent ?? '';
  }

  private provideShare(): void {
    const id = this.dataset.diagram;
    const lang = pageLang(this.dataset.lang);
    if (!id) return;
    const t = translator(share[lang]);
    const title = this.dataset.title ?? id;
    const page = this.dataset.pageTitle ?? '';
    provideShare(this, () => ({
      embedCode: (origin) => {
        const box = this.querySelector<SVGSVGElement>('.guide-mermaid__diagram svg')?.viewBox?.baseVal;
        return iframeSnippet({
          src: `${origin}/${lang}/embed/diagram/${id}/`,
          title,
          height: diagramEmbedHeight(box?.width ?? 0, box?.height ?? 0),
        });
      },
      link: (origin) => `${origin}${this.dataset.href ?? location.pathname}`,
      markdown: (origin) =>
        shareMarkdown({
          title,
          line: page ? t('md.diagramLine', { page }) : null,
          code: this.source,
          codeLang: 'mermaid',
          link: `${origin}${this.dataset.href ?? location.pathname}`,
          linkText: t('md.openGuide', { page: page || t('site') }),
        }),
      image: () => mermaidImage(this.source, currentTheme(), title),
      fileBase: id,
    }));
  }

  private async render(): Promise<void> {
    const theme = currentTheme();
    if (theme === this.renderedTheme) return;
    const source = this.source;
    const target = this.querySelector<HTMLElement>('.guide-mermaid__diagram');
    const details = this.querySelector('details');
    const status = this.querySelector<HTMLElement>('.guide-mermaid__status');
    if (!target || !source.trim()) return;
    try {
      const svg = await renderMermaid(source, { theme });
      target.innerHTML = svg;
      target.hidden = false;
      if (this.renderedTheme === undefined && details) details.open = false;
      this.renderedTheme = theme;
      this.dataset.rendered = theme;
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
