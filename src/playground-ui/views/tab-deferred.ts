/**
 * Result views behind tabs are redrawn only when seen: after an edit, the open tab's view is
 * updated at once, the others when their tab is next opened (with the newest answer only).
 * Keeps a keystroke's main-thread work to what is on screen.
 */
export class TabDeferred {
  private readonly pending = new Map<string, () => void>();

  constructor(private readonly openTab: () => string) {}

  /** Draws `render` now if `tab` is open, else keeps it (replacing an older one) for later. */
  run(tab: string, render: () => void): void {
    if (this.openTab() === tab) {
      this.pending.delete(tab);
      render();
    } else this.pending.set(tab, render);
  }

  /** `tab` was opened: draw what it missed. */
  shown(tab: string): void {
    const render = this.pending.get(tab);
    if (!render) return;
    this.pending.delete(tab);
    render();
  }
}
