/*
 * nginx WebSocket Lab's service worker: the guides, the playground and the exercises keep
 * working offline after a first visit (issue 20). `npm run build` writes it to dist/sw.js
 * with OFFLINE (this build's version and app shell) defined in front (scripts/build-sw.ts).
 *
 * - One cache per build, named by the build's hash: a page is only ever served with the
 *   scripts of its own build. Activation deletes every other build's cache.
 * - Install precaches the app shell: the playground and exercise pages of both languages with
 *   every script, stylesheet and worker they load (mermaid excepted: it loads when a diagram
 *   tab is opened, and is cached then). Not with Save-Data on: then only visited pages are kept.
 * - Pages (and other files with fixed names): network first, so an online reader always gets
 *   the newest build; the cached copy when the network fails.
 * - /_astro/ files are named by their content: cache first.
 * - Embed pages are left to the network: they live in other sites' iframes, with their own
 *   framing policy, and must behave exactly as served.
 * - A page that was loaded before this worker controlled it posts what it loaded (`seen`),
 *   so the very first visit is kept too (from the HTTP cache, mostly without a download).
 */
/* global OFFLINE */
const CACHE = `nginx-ws-lab-${OFFLINE.version}`;
const PREFIX = 'nginx-ws-lab-';
const EMBED = /^\/(?:[a-z]{2}(?:-[a-z]+)?\/)?embed\//i;

self.addEventListener('install', (event) => {
  const saveData = self.navigator.connection?.saveData === true;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      if (!saveData)
        await cache.addAll(OFFLINE.precache.map((url) => new Request(url, { cache: 'no-cache' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** Same origin, GET, not an embed, not a server-side file: what this worker may answer. */
function handled(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || EMBED.test(url.pathname)) return null;
  if (url.pathname === '/sw.js') return null;
  return url;
}

async function keep(request, response) {
  if (response.ok && response.type === 'basic' && !response.redirected) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE, ignoreVary: true });
  return cached ?? keep(request, await fetch(request));
}

async function networkFirst(request, url) {
  try {
    return await keep(request, await fetch(request));
  } catch (error) {
    const cached = await caches.match(url.pathname + url.search, { cacheName: CACHE, ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const url = handled(event.request);
  if (!url) return;
  if (url.pathname.startsWith('/_astro/')) event.respondWith(cacheFirst(event.request));
  else event.respondWith(networkFirst(event.request, url));
});

self.addEventListener('message', (event) => {
  const seen = event.data?.seen;
  if (!Array.isArray(seen)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const href of seen.slice(0, 300)) {
        if (typeof href !== 'string') continue;
        let url;
        try {
          url = new URL(href, self.location.origin);
        } catch {
          continue;
        }
        url.hash = '';
        if (!handled(new Request(url))) continue;
        if (await cache.match(url, { ignoreVary: true })) continue;
        // A file that went away since the page loaded is simply not kept.
        await cache.add(url).catch(() => {});
      }
    })(),
  );
});
