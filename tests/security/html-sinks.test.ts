import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every place the site turns a string into markup, found by scanning the source. A new one
 * fails this test until it is added below with the reason its input cannot come from a user
 * (a link, a pasted config, a scenario): user data reaches the page as text only.
 */

const ROOT = join(import.meta.dirname, '../..');
const SCANNED = ['src', 'playground'];

/** APIs and Astro directives that parse a string as HTML (or run it). */
const SINKS: Array<[string, RegExp]> = [
  ['innerHTML', /\.innerHTML\s*[+]?=/],
  ['outerHTML', /\.outerHTML\s*[+]?=/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\s*\(/],
  ['document.write', /\bdocument\.write(?:ln)?\s*\(/],
  ['set:html', /\bset:html\s*=/],
  ['DOMParser', /\bparseFromString\s*\(/],
  ['createContextualFragment', /\bcreateContextualFragment\s*\(/],
  ['srcdoc', /\bsrcdoc\s*=/],
  ['eval', /(?<![\w.])eval\s*\(|\bnew Function\s*\(/],
];

interface Allowed {
  file: string;
  sink: string;
  /** A piece of the line, so a second use in the same file is not let through. */
  line: string;
  reason: string;
}

const ALLOWED: Allowed[] = [
  {
    file: 'src/components/guides/mermaid-element.ts',
    sink: 'innerHTML',
    line: 'target.innerHTML = svg',
    reason:
      "SVG that mermaid (securityLevel 'strict', which sanitises labels) drew from a diagram written in the site's own guides; no user text",
  },
  {
    file: 'src/components/embed/embed-diagram.ts',
    sink: 'innerHTML',
    line: 'if (trusted) host.innerHTML = markup',
    reason:
      "only for `trusted` guide diagrams (the site's own sources, mermaid strict); a scenario's diagram from a link goes through safeSvg instead",
  },
  {
    file: 'src/playground-ui/views/sequence-view.ts',
    sink: 'DOMParser',
    line: "parseFromString(markup, 'image/svg+xml')",
    reason:
      'safeSvg: parses mermaid output as an inert SVG document, removes scripts, foreign objects, on* handlers and external hrefs before adopting it',
  },
  {
    file: 'src/components/share/svg-export.ts',
    sink: 'DOMParser',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text being matched
    line: 'parseFromString(`<!doctype html><body>${markup}`',
    reason:
      'converts mermaid (strict) output to XML for a downloaded file; a DOMParser document is inert (no scripts, no loads) and nothing is inserted into the page',
  },
  {
    file: 'src/components/exercises/Exercise.astro',
    sink: 'set:html',
    line: 'set:html={jsonIsland(island)}',
    reason:
      'JSON data island built at build time from the exercise files; jsonIsland escapes < so it cannot close the script',
  },
  {
    file: 'src/components/exercises/Course.astro',
    sink: 'set:html',
    line: 'set:html={jsonIsland(catalogueSummary)}',
    reason: 'JSON data island of the exercise catalogue (build time); jsonIsland escapes <',
  },
  {
    file: 'src/components/exercises/Report.astro',
    sink: 'set:html',
    line: 'set:html={jsonIsland(catalogueSummary)}',
    reason: 'JSON data island of the exercise catalogue (build time); jsonIsland escapes <',
  },
  {
    file: 'src/components/SiteHero.astro',
    sink: 'set:html',
    line: 'set:html={tagline}',
    reason:
      "the home page's hero tagline from its own frontmatter (content/docs/*/index.mdx), rendered as Starlight's Hero does; no reader's text",
  },
  {
    file: 'src/components/embed/EmbedLayout.astro',
    sink: 'set:html',
    line: 'set:html={themeScript}',
    reason: 'a constant inline script (theme before first paint) written in the repository',
  },
  {
    file: 'src/components/guides/Mermaid.astro',
    sink: 'set:html',
    line: 'set:html={drawn.light}',
    reason:
      "the diagram's light SVG, drawn at build time by mermaid (securityLevel 'strict') from the guide's own source (src/build/mermaid-prerender.ts); no reader's text",
  },
  {
    file: 'src/components/guides/Mermaid.astro',
    sink: 'set:html',
    line: 'set:html={drawn.dark}',
    reason: 'the same diagram drawn for the dark theme, same origin and same mermaid settings',
  },
  {
    file: 'src/pages/[lang]/embed/diagram/[id].astro',
    sink: 'set:html',
    line: 'set:html={drawn.light}',
    reason:
      "a guide diagram's light SVG, drawn at build time by mermaid (strict) from the guides' MDX source; the embed page takes no input",
  },
  {
    file: 'src/pages/[lang]/embed/diagram/[id].astro',
    sink: 'set:html',
    line: 'set:html={drawn.dark}',
    reason: 'the same diagram drawn for the dark theme',
  },
  {
    file: 'src/build/mermaid-prerender.ts',
    sink: 'DOMParser',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text being matched
    line: 'parseFromString(`<!doctype html><body>${svg}`',
    reason:
      "runs in the build's own headless Chromium, on mermaid (strict) output of the guides' sources, to serialize it as XML for the download file; the parsed document is inert and never shown",
  },
  {
    file: 'src/components/playground/Playground.astro',
    sink: 'set:html',
    line: 'set:html={hidePrerenderForPermalink}',
    reason:
      'a constant inline script written in the component; it only tests location.hash, never inserts it',
  },
  {
    file: 'src/components/playground/Playground.astro',
    sink: 'set:html',
    line: 'set:html={pendingForPermalink}',
    reason:
      'an inline script written in the component with one dictionary text as a JSON string (jsonIsland escapes <); it sets textContent and only tests location.hash',
  },
  {
    file: 'src/components/playground/Playground.astro',
    sink: 'set:html',
    line: 'set:html={firstScenarioJson}',
    reason:
      'JSON data island of the default preset (build time); jsonIsland escapes < so it cannot close the script',
  },
  {
    file: 'src/pages/embed/[...path].astro',
    sink: 'set:html',
    line: 'set:html={script}',
    reason: "a constant redirect script built from forwardTarget's source at build time; no request data",
  },
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|js|mjs|astro)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

interface Use {
  file: string;
  line: number;
  sink: string;
  text: string;
}

/** Every sink outside comments, with file (relative to the repository) and line. */
function findUses(): Use[] {
  const uses: Use[] = [];
  for (const top of SCANNED) {
    for (const path of sourceFiles(join(ROOT, top))) {
      const file = relative(ROOT, path);
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          const code = text.trim();
          if (code.startsWith('*') || code.startsWith('//') || code.startsWith('/*')) return;
          for (const [sink, re] of SINKS)
            if (re.test(text)) uses.push({ file, line: i + 1, sink, text: code });
        });
    }
  }
  return uses;
}

describe('security: strings parsed as HTML', () => {
  const uses = findUses();

  it('the scan sees the files it should (a broken scan must not pass quietly)', () => {
    expect(uses.some((u) => u.file === 'src/components/exercises/Exercise.astro')).toBe(true);
  });

  it('every innerHTML / outerHTML / insertAdjacentHTML / document.write / set:html / DOMParser / eval is allow-listed with a reason', () => {
    const unexplained = uses.filter(
      (u) => !ALLOWED.some((a) => a.file === u.file && a.sink === u.sink && u.text.includes(a.line)),
    );
    expect(
      unexplained.map((u) => `${u.file}:${u.line} ${u.sink}: ${u.text}`),
      'new HTML sink: render user data with textContent / DOM nodes, or add an entry to ALLOWED with the reason it is safe',
    ).toEqual([]);
  });

  it('has no stale entries (each allowed use still exists)', () => {
    const stale = ALLOWED.filter(
      (a) => !uses.some((u) => u.file === a.file && u.sink === a.sink && u.text.includes(a.line)),
    );
    expect(stale.map((a) => `${a.file} ${a.sink}: ${a.line}`)).toEqual([]);
  });

  it('the JSON islands cannot close their <script> element', async () => {
    const { jsonIsland } = await import('../../src/components/exercises/catalog');
    const island = jsonIsland({ title: '</script><script>alert(1)</script>', note: '<!--' });
    expect(island).not.toMatch(/</);
    expect(JSON.parse(island)).toEqual({ title: '</script><script>alert(1)</script>', note: '<!--' });
  });
});
