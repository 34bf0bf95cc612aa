import { renderMermaid } from '../../components/share/diagram-render';
import type { Translator } from '../../i18n/catalog';

/**
 * The sequence diagram: mermaid is imported only when this view is first shown
 * (through the site's one render queue, components/share/diagram-render.ts). Its SVG is
 * parsed as an SVG document (which never runs scripts), scrubbed of scripts, event handlers
 * and foreign objects, then adopted into the page: no markup string reaches innerHTML.
 */
export class SequenceView {
  private source: string | null = null;
  private drawn: string | null = null;
  private visible = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly t: Translator<'playground'>,
  ) {
    new MutationObserver(() => {
      this.drawn = null;
      if (this.visible) void this.draw();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  }

  show(): void {
    this.visible = true;
    void this.draw();
  }

  hide(): void {
    this.visible = false;
  }

  /** The Mermaid source last given, for downloads and Markdown. */
  get current(): string | null {
    return this.source;
  }

  update(source: string | null): void {
    this.source = source;
    if (this.visible) void this.draw();
  }

  private async draw(): Promise<void> {
    const source = this.source;
    if (source === null) {
      this.message(this.t('sequence.unavailable'));
      return;
    }
    if (source === this.drawn) return;
    if (!this.drawn) this.message(this.t('sequence.loading'));
    try {
      const dark = document.documentElement.dataset.theme !== 'light';
      // No HTML labels: foreignObject is scrubbed below, and it would take the labels with it.
      const svg = await renderMermaid(source, { theme: dark ? 'dark' : 'default', htmlLabels: false });
      if (source !== this.source) return;
      const node = safeSvg(svg);
      if (!node) throw new Error('no SVG');
      this.host.replaceChildren(node);
      this.drawn = source;
    } catch (error) {
      this.message(
        this.t('sequence.failed', { message: error instanceof Error ? error.message : String(error) }),
      );
    }
  }

  private message(text: string): void {
    const p = document.createElement('p');
    p.textContent = text;
    this.host.replaceChildren(p);
  }
}

export function safeSvg(markup: string): SVGSVGElement | null {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.querySelector('parsererror')) return null;
  for (const bad of Array.from(root.querySelectorAll('script, foreignObject, iframe, object, embed')))
    bad.remove();
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) el.removeAttribute(attr.name);
      else if ((name === 'href' || name === 'xlink:href') && !value.startsWith('#'))
        el.removeAttribute(attr.name);
    }
  }
  return document.importNode(root, true) as unknown as SVGSVGElement;
}
