/**
 * The embed pages set `data-theme` before first paint (inline script in EmbedLayout.astro):
 * from `&theme=` when given, else from the reader's OS. Here the OS choice keeps following
 * changes; views already watch `data-theme` and redraw.
 */
export function followSystemTheme(): void {
  const root = document.documentElement;
  if (root.dataset.themeSource !== 'system') return;
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', () => {
    root.dataset.theme = query.matches ? 'dark' : 'light';
  });
}
