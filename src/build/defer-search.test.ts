import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deferSearchLoad, isStarlightSearchScript } from './defer-search';

const SEARCH_ASTRO = fileURLToPath(import.meta.resolve('@astrojs/starlight/components/Search.astro'));

/** The module script of the installed Starlight's Search.astro, as Astro hands it to Vite. */
function searchScript(): string {
  const astro = readFileSync(SEARCH_ASTRO, 'utf8');
  const scripts = [...astro.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
  const script = scripts.find((s) => s.includes('PagefindUI'));
  if (!script) throw new Error('no Pagefind script in Starlight’s Search.astro');
  return script;
}

describe('deferSearchLoad', () => {
  it('turns the installed Starlight’s idle-time Pagefind load into a load on intent', () => {
    const code = searchScript();
    const out = deferSearchLoad(code, 'Search.astro');
    expect(out).not.toContain('window.requestIdleCallback');
    expect(out).toContain('const onIdle = (cb) => nwlWhenSearchWanted(this, cb);');
    expect(out).toMatch(/function nwlWhenSearchWanted\(root, load\)/);
    // Everything else of Starlight's script is kept.
    expect(out).toContain("await import('@pagefind/default-ui')");
    expect(out).toContain('customElements.define(');
  });

  it('stops the build, naming the file to update, when Starlight changes that line', () => {
    expect(() => deferSearchLoad('onIdle(async () => {})', 'x/Search.astro?astro&type=script')).toThrow(
      /src\/build\/defer-search\.ts/,
    );
  });

  it('recognises only Starlight’s own Search.astro script', () => {
    expect(
      isStarlightSearchScript(
        '/repo/node_modules/@astrojs/starlight/dist/components/Search.astro?astro&type=script&index=0&lang.ts',
      ),
    ).toBe(true);
    expect(
      isStarlightSearchScript('/repo/src/components/Search.astro?astro&type=script&index=0&lang.ts'),
    ).toBe(false);
    expect(isStarlightSearchScript('/repo/node_modules/@astrojs/starlight/components/Search.astro')).toBe(
      false,
    );
  });
});
