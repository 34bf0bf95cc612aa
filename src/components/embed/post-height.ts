/**
 * Tells the page around an embed how tall the embed's content is, so wikis that listen
 * (`message` events of type `nginx-ws-lab:height`) can size the iframe to fit. Only
 * `window.parent` is used: touching `window.top` from a cross-origin frame throws.
 */
export const HEIGHT_MESSAGE = 'nginx-ws-lab:height';

export function postHeightOf(content: HTMLElement): () => void {
  if (window.parent === window) return () => undefined;
  let last = -1;
  const post = () => {
    const style = getComputedStyle(document.body);
    const height = Math.ceil(
      content.getBoundingClientRect().height +
        Number.parseFloat(style.marginTop) +
        Number.parseFloat(style.marginBottom),
    );
    if (height === last) return;
    last = height;
    // The height is not a secret and the embedding page's origin is unknown: any origin may hear it.
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  };
  const observer = new ResizeObserver(post);
  observer.observe(content);
  post();
  return () => observer.disconnect();
}
