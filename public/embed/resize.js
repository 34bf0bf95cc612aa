/*
 * nginx WebSocket Lab: optional auto-resize for embeds. Add to a wiki page that has lab embeds:
 *   <script src="https://LAB-HOST/embed/resize.js" async></script>
 * Each embed posts {type: 'nginx-ws-lab:height', height} to its parent when its content's
 * height changes; this sizes the iframe that sent it. Only messages from the origin this
 * script was loaded from are heard, and only by the frame that sent them; heights are kept
 * between 100 and 4000 px. Without this script the embeds keep their own height and scroll.
 */
(() => {
  var script = document.currentScript;
  if (!script?.src) return;
  var origin = new URL(script.src, location.href).origin;
  if (window.nginxWsLabResize) return;
  window.nginxWsLabResize = origin;
  window.addEventListener('message', (event) => {
    if (event.origin !== origin) return;
    var data = event.data;
    if (
      data?.type !== 'nginx-ws-lab:height' ||
      typeof data.height !== 'number' ||
      !Number.isFinite(data.height)
    )
      return;
    var frames = document.getElementsByTagName('iframe');
    var i;
    for (i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow !== event.source) continue;
      frames[i].style.height = `${Math.round(Math.min(Math.max(data.height, 100), 4000))}px`;
      // A sized embed need not wait to be scrolled to.
      if (frames[i].loading === 'lazy') frames[i].loading = 'eager';
      return;
    }
  });
})();
