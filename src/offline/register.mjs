// @ts-check
/**
 * The inline script every Starlight page (guides, playground, exercises, course) carries to
 * install the offline service worker (src/offline/service-worker.js, built to /sw.js). About
 * 400 bytes, and it waits for the page's load event and an idle moment, so the page's own
 * downloads go first. Once the worker is ready, the page tells it what it loaded, so this
 * first visit is kept for offline use too. Embed pages do not carry it (they live in other
 * sites' iframes). Its hash is in the CSP like every inline script (scripts/deploy-headers.mjs).
 */
export const REGISTER_SERVICE_WORKER = `if ('serviceWorker' in navigator && location.protocol !== 'file:')
  addEventListener('load', function () {
    (window.requestIdleCallback || setTimeout)(function () {
      navigator.serviceWorker.register('/sw.js').then(function () { return navigator.serviceWorker.ready; }).then(function (r) {
        var seen = [location.href].concat(performance.getEntriesByType('resource').map(function (e) { return e.name; }));
        if (r.active) r.active.postMessage({ seen: seen });
      }).catch(function () {});
    }, { timeout: 3000 });
  });`;
