import type { StandaloneSvg } from './standalone-svg';

/**
 * The browser side of a download that is already a file: a standalone SVG (made on the page
 * or at build time) becomes a PNG through a canvas, or is saved as it is. Nothing here draws
 * a diagram, so pages whose drawings come ready-made load no mermaid through it.
 */

/** Reads the pixel size a standalone SVG file declares on its root (see standalone-svg.ts). */
export function svgFile(text: string): StandaloneSvg {
  const root = /<svg\b[^>]*>/i.exec(text)?.[0];
  const size = (name: string) => Number(new RegExp(`\\s${name}="([0-9.]+)"`).exec(root ?? '')?.[1]);
  const width = size('width');
  const height = size('height');
  if (!root || !(width > 0) || !(height > 0)) throw new Error('the SVG file has no pixel size');
  return { svg: text, width, height };
}

/**
 * Rasterizes the standalone SVG at `scale` (2x: sharp on high-density screens and slides).
 * The SVG is loaded from a data: URL of its own text, so the canvas is never tainted and
 * toBlob works.
 */
export async function pngFromSvg(image: StandaloneSvg, scale = 2): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(image.svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(image.width * scale);
  canvas.height = Math.ceil(image.height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob gave nothing'))),
      'image/png',
    ),
  );
}

export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by now; keep the URL a little longer for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
