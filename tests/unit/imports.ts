/**
 * The module specifiers a source file names, with their lines: static imports, `export … from`,
 * dynamic `import()` and workers' `new URL(…, import.meta.url)`. Read as text (no parser), which
 * is enough for the boundary checks: they only need each specifier and where it stands.
 */
export interface ImportSite {
  specifier: string;
  line: number;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+|\bnew\s+URL\s*\(\s*)(['"])([^'"]+)\1/gm;

export function importsOf(text: string): ImportSite[] {
  const out: ImportSite[] = [];
  for (let m = IMPORT.exec(text); m; m = IMPORT.exec(text)) {
    out.push({ specifier: m[2]!, line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}
