/**
 * The mermaid settings every drawing of this site uses, in the reader's browser
 * (diagram-render.ts) and at build time (src/build/mermaid-prerender.ts), so a diagram drawn
 * ahead of time looks like one drawn on the page. The safety settings (`securityLevel:
 * 'strict'`, `startOnLoad: false`) are written out at each `initialize` call instead, where
 * tests/security/mermaid.test.ts can see them.
 */
export type MermaidTheme = 'dark' | 'default';

export interface MermaidLook {
  theme: MermaidTheme;
  htmlLabels: boolean;
  themeVariables: Record<string, string>;
}

export function mermaidLook(theme: MermaidTheme, htmlLabels: boolean): MermaidLook {
  return {
    theme,
    htmlLabels,
    // Mermaid's dark edge labels (#ccc on #585858) miss WCAG AA contrast; a darker box passes.
    themeVariables: theme === 'dark' ? { edgeLabelBackground: '#333333' } : {},
  };
}
