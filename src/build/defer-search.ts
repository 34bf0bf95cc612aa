import type { Plugin } from 'vite';

/**
 * Starlight's search box loads Pagefind's UI (about 26 KB of JavaScript, gzip) as soon as
 * every page is idle, whether or not the reader ever searches: on a guide that is most of
 * what the page downloads. This plugin rewrites that one line of Starlight's Search.astro
 * script so the UI loads when the reader shows the intent to search instead: pointer over or
 * down on the search button, focus on it, or Ctrl/⌘+K. The dialog opens as before and the
 * search field gets the focus once the UI is there. If Starlight changes the line, the build
 * stops and says so, rather than quietly loading the UI early again.
 */

const IDLE_LOADER = 'const onIdle = window.requestIdleCallback || ((cb) => setTimeout(cb, 1));';
const ON_INTENT = 'const onIdle = (cb) => nwlWhenSearchWanted(this, cb);';

const HELPER = `
function nwlWhenSearchWanted(root, load) {
  const button = root.querySelector('button[data-open-modal]');
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    Promise.resolve(load()).then(() => {
      if (root.querySelector('dialog')?.open) root.querySelector('input')?.focus();
    });
  };
  for (const type of ['pointerenter', 'pointerdown', 'focus', 'click']) {
    button?.addEventListener(type, start, { once: true });
  }
  window.addEventListener('keydown', (event) => {
    if ((event.metaKey || event.ctrlKey) && event.key === 'k') start();
  });
}
`;

export function isStarlightSearchScript(id: string): boolean {
  return /[\\/]@astrojs[\\/]starlight[\\/].*[\\/]Search\.astro\?astro&type=script/.test(id);
}

/** The Search.astro script with its Pagefind loader waiting for intent; throws if the line is gone. */
export function deferSearchLoad(code: string, id: string): string {
  if (!code.includes(IDLE_LOADER)) {
    throw new Error(
      `${id}: Starlight's search script no longer contains "${IDLE_LOADER}"; update src/build/defer-search.ts to the new Starlight`,
    );
  }
  return `${code.replace(IDLE_LOADER, ON_INTENT)}\n${HELPER}`;
}

export function deferSearch(): Plugin {
  return {
    name: 'nginx-ws-lab:defer-search',
    enforce: 'pre',
    transform(code, id, options) {
      // The server build gets an empty stand-in for every client script: nothing to defer there.
      if (options?.ssr || !isStarlightSearchScript(id)) return null;
      return { code: deferSearchLoad(code, id), map: null };
    },
  };
}
