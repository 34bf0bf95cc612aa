import { mountPlayground } from '../../playground-ui/app';
import { mountMobileSwitch } from './mobile-switch';
import { PgTabs } from './tabs';

/** `<nginx-playground>`: wires the server-rendered markup to the playground app. */
class NginxPlayground extends HTMLElement {
  private dispose: (() => void) | null = null;

  connectedCallback(): void {
    const stopApp = mountPlayground(this);
    const stopSwitch = mountMobileSwitch(this);
    this.dispose = () => {
      stopSwitch();
      stopApp();
    };
  }

  disconnectedCallback(): void {
    this.dispose?.();
    this.dispose = null;
  }
}

if (!customElements.get('pg-tabs')) customElements.define('pg-tabs', PgTabs);
if (!customElements.get('nginx-playground')) customElements.define('nginx-playground', NginxPlayground);
