import { pageLang } from '../../i18n/languages';
import { diagramFileUrl, fetchDiagramFile, shownTheme } from './diagram-files';
import { shareGuideDiagram } from './diagram-share';

/**
 * <guide-mermaid>: a guide's diagram. Normally drawn at build time (`data-drawn`): the light
 * and dark SVGs are both in the markup and the page's CSS shows the one matching Starlight's
 * theme, so this element only answers the share menu, with the files drawn at build time.
 * A site built without a browser has no drawings: then ./mermaid-element.ts, loaded only in
 * that case, draws the diagram here with mermaid.
 */
class GuideMermaid extends HTMLElement {
  connectedCallback(): void {
    if (this.dataset.drawn === undefined) {
      void import('./mermaid-element').then(({ drawLive }) => drawLive(this));
      return;
    }
    const id = this.dataset.diagram;
    const lang = pageLang(this.dataset.lang);
    if (!id) return;
    shareGuideDiagram(
      this,
      () => fetchDiagramFile(diagramFileUrl(lang, id, shownTheme())),
      () =>
        this.querySelector<SVGSVGElement>(`[data-drawing="${shownTheme()}"] svg`) ??
        this.querySelector<SVGSVGElement>('.guide-mermaid__diagram svg'),
    );
  }
}

if (!customElements.get('guide-mermaid')) customElements.define('guide-mermaid', GuideMermaid);
