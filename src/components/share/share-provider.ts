import type { ReproduceBundle } from './reproduce';
import type { StandaloneSvg } from './standalone-svg';

/**
 * What a share menu can do depends on what it sits on. The owner of the content answers
 * with a ShareProvider: static content (a guide snippet) through JSON in the markup, live
 * content (the playground, a drawn diagram) through SHARE_REQUEST, a bubbling, synchronous
 * event whose `detail.provider` the owner fills in before dispatch returns.
 */
export const SHARE_REQUEST = 'nginx-ws-lab:share-request';

export type ShareAction =
  | 'embed'
  | 'link'
  | 'markdown'
  | 'image'
  | 'text'
  | 'svg'
  | 'png'
  | 'options'
  | 'reproduce';

export interface ShareProvider {
  /** Each returns null when there is nothing to share right now (a broken scenario). */
  embedCode?: ((origin: string) => string | null) | undefined;
  link?: ((origin: string) => string | null) | undefined;
  markdown?: ((origin: string) => string | null) | undefined;
  /**
   * The static fallback for wikis that strip iframes: Markdown showing the item's image file
   * (an SVG the site serves) with the link back, and the item's text (a transcript, the
   * diagram's source) to paste beside it.
   */
  imageMarkdown?: ((origin: string) => string | null) | undefined;
  text?: ((origin: string) => Promise<string | null>) | undefined;
  /** The drawing as a standalone SVG file. */
  image?: (() => Promise<StandaloneSvg | null>) | undefined;
  /** Download file name: from this, else from the fallback (see downloadName). */
  fileBase?: string | undefined;
  fileFallback?: string | undefined;
  /** The scenario for "Reproduce on your nginx" (a script that plays it with the CLI). */
  reproduce?: (() => ReproduceBundle | null) | undefined;
  /** Opens the full Embed dialog (kind, view and theme choices). */
  options?: (() => void) | undefined;
}

export interface ShareRequestDetail {
  /** The menu asking; owners with several menus tell them apart by `data-share`. */
  menu: HTMLElement;
  provider: ShareProvider | null;
}

export function requestShare(menu: HTMLElement): ShareProvider | null {
  const detail: ShareRequestDetail = { menu, provider: null };
  menu.dispatchEvent(new CustomEvent(SHARE_REQUEST, { bubbles: true, detail }));
  return detail.provider;
}

/** Registers `answer` for share menus inside `root` (optionally only those with data-share=name). */
export function provideShare(
  root: HTMLElement,
  answer: (menu: HTMLElement) => ShareProvider | null,
): () => void {
  const listener = (event: Event) => {
    const detail = (event as CustomEvent<ShareRequestDetail>).detail;
    if (detail.provider) return;
    detail.provider = answer(detail.menu);
    if (detail.provider) event.stopPropagation();
  };
  root.addEventListener(SHARE_REQUEST, listener);
  return () => root.removeEventListener(SHARE_REQUEST, listener);
}
