/**
 * `<pg-tabs>`: WAI-ARIA tabs over existing markup (buttons with `data-tab`, panels with
 * `data-panel`). Arrow keys, Home and End move between tabs; a `pg-tab-change` event tells
 * the page which panel became visible.
 */
export class PgTabs extends HTMLElement {
  connectedCallback(): void {
    const list = this.querySelector<HTMLElement>(':scope > [role=tablist]');
    if (!list) return;
    list.addEventListener('click', (event) => {
      const tab = (event.target as HTMLElement).closest<HTMLButtonElement>('[role=tab]');
      if (tab) this.select(tab.dataset.tab ?? '');
    });
    list.addEventListener('keydown', (event) => {
      const tabs = this.tabs();
      const current = tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true');
      const moves: Record<string, number> = {
        ArrowRight: current + 1,
        ArrowDown: current + 1,
        ArrowLeft: current - 1,
        ArrowUp: current - 1,
        Home: 0,
        End: tabs.length - 1,
      };
      const next = moves[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const tab = tabs[(next + tabs.length) % tabs.length];
      if (!tab) return;
      this.select(tab.dataset.tab ?? '');
      tab.focus();
    });
  }

  selected(): string {
    return this.tabs().find((t) => t.getAttribute('aria-selected') === 'true')?.dataset.tab ?? '';
  }

  select(id: string): void {
    for (const tab of this.tabs()) {
      const on = tab.dataset.tab === id;
      tab.setAttribute('aria-selected', String(on));
      if (on) tab.removeAttribute('tabindex');
      else tab.tabIndex = -1;
    }
    for (const panel of this.querySelectorAll<HTMLElement>(':scope > [role=tabpanel]')) {
      panel.hidden = panel.dataset.panel !== id;
    }
    this.dispatchEvent(new CustomEvent('pg-tab-change', { detail: id, bubbles: false }));
  }

  private tabs(): HTMLButtonElement[] {
    return Array.from(this.querySelectorAll<HTMLButtonElement>(':scope > [role=tablist] > [role=tab]'));
  }
}
