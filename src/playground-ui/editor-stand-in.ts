/**
 * A plain-text stand-in for a config editor, with the line-number gutter and the size of the
 * CodeMirror editor that replaces it (styles: `.pg-prerender` in playground.css; editors.ts
 * swaps it out). The client-side twin of the one Playground.astro renders on the server, for
 * pages whose config is only known in the browser (the live embed's permalink).
 */

/** Lines past this are below the editor's maximum height anyway; a huge paste stays cheap. */
const MAX_LINES = 80;

export function editorStandIn(text: string): HTMLPreElement {
  const pre = document.createElement('pre');
  pre.className = 'pg-prerender';
  pre.dataset.editorPlaceholder = '';
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  // The gutter is as wide as the editor's, which sizes it for the last line's number.
  pre.style.setProperty('--pg-gutter-digits', String(String(lines).length));
  for (const line of text.split('\n', MAX_LINES)) {
    const row = document.createElement('span');
    row.textContent = line;
    pre.append(row);
  }
  return pre;
}
