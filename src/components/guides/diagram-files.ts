import type { Lang } from '../../i18n/languages';
import type { StandaloneSvg } from '../share/standalone-svg';
import { svgFile } from '../share/svg-file';

/**
 * The files a guide diagram is downloaded as, drawn at build time in both themes
 * (src/pages/[lang]/embed/diagram/[id]/[theme].svg.ts writes them at this address).
 */
export type DrawingTheme = 'light' | 'dark';

export function diagramFileUrl(lang: Lang, id: string, theme: DrawingTheme): string {
  return `/${lang}/embed/diagram/${id}/${theme}.svg`;
}

/** The theme the page shows: Starlight and the embeds write "light" or "dark" on <html>. */
export function shownTheme(): DrawingTheme {
  return document.documentElement.dataset.theme === 'light' ? 'light' : 'dark';
}

export async function fetchDiagramFile(url: string): Promise<StandaloneSvg> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return svgFile(await response.text());
}
