/**
 * Embed pages take their colours from the URL, so a wiki can match its own look:
 * `?theme=light|dark` (the query, as the issue and the guide write it) or `#theme=…` (the
 * hash, as older embed codes from the Embed dialog write it). When both are present the
 * query wins: it is the form people type by hand, and it is what the share menus write now.
 * Without either, the reader's OS preference decides, and keeps deciding (followSystemTheme).
 *
 * `themeFromLocation` is inlined into the page head (EmbedLayout.astro) with
 * Function.prototype.toString, so the theme is set before first paint: it must stay
 * self-contained (no imports, no outer names).
 */
export function themeFromLocation(search: string, hash: string): 'light' | 'dark' | null {
  const query = /(?:^\?|&)theme=(light|dark)(?:&|$)/.exec(search);
  if (query) return query[1] as 'light' | 'dark';
  const fragment = /(?:^#|&)theme=(light|dark)(?:&|$)/.exec(hash);
  return fragment ? (fragment[1] as 'light' | 'dark') : null;
}

/** The OS choice keeps following changes; views already watch `data-theme` and redraw. */
export function followSystemTheme(): void {
  const root = document.documentElement;
  if (root.dataset.themeSource !== 'system') return;
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', () => {
    root.dataset.theme = query.matches ? 'dark' : 'light';
  });
}
