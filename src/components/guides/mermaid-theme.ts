/**
 * Which Mermaid theme matches Starlight's colour scheme. Starlight writes `data-theme`
 * ("light" or "dark") on <html>; anything else (not set yet, or "auto" in some versions)
 * falls back to the reader's OS preference.
 */
export function mermaidThemeFor(
  dataTheme: string | null | undefined,
  prefersDark: boolean,
): 'dark' | 'default' {
  if (dataTheme === 'dark') return 'dark';
  if (dataTheme === 'light') return 'default';
  return prefersDark ? 'dark' : 'default';
}
