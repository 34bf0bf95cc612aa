import { mountPlayground } from '../../playground-ui/app';
import { PgTabs } from './tabs';

/** `<nginx-playground>`: wires the server-rendered markup to the playground app. */
class NginxPlayground extends HTMLElement {
  private dispose: (() => void) | null = null;

  connectedCallback(): void {
    this.dispose = mountPlayground(this);
  }

  disconnectedCallback(): void {
    this.dispose?.();
    this.dispose = null;
  }
}

if (!customElements.get('pg-tabs')) customElements.define('pg-tabs', PgTabs);
if (!customElements.get('nginx-playground')) customElements.define('nginx-playground', NginxPlayground);
