/**
 * The texts the share menus put on the clipboard, as pure functions: an `<iframe>` snippet,
 * Markdown for wikis that render it (GitLab, GitHub, Yuque, Feishu docs), and download file
 * names. Everything a reader's page or a permalink supplies is escaped here, once.
 */

import { showInvisible, stripInvisible } from '../../../playground/src/index';

export interface IframeSpec {
  /** Absolute URL of the embed page. */
  src: string;
  title: string;
  /** Pixels; the embed also posts its real height, for wikis that listen. */
  height: number;
}

export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * One `<iframe>` element and nothing else: no script, no stylesheet, nothing loaded from
 * a third origin. `allow="clipboard-write"` lets the copy buttons inside the embed work.
 */
export function iframeSnippet(spec: IframeSpec): string {
  const height = Math.round(Math.min(Math.max(spec.height, 120), 2000));
  const title = stripInvisible(spec.title).replace(/\s+/g, ' ').trim();
  return `<iframe src="${escapeAttribute(spec.src)}" width="100%" height="${height}" title="${escapeAttribute(title)}" loading="lazy" allow="clipboard-write" style="border:0"></iframe>`;
}

/**
 * A fence longer than any run of backticks in `text`, so the block cannot be closed early.
 * Invisible characters are written out (`⟨U+200B⟩`): a reader who copies the block from a
 * wiki should see them, not paste them into nginx unseen.
 */
export function codeFence(text: string, info: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = showInvisible(text).replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * Inline text whose Markdown and HTML syntax shows literally (titles come from permalinks),
 * without invisible or bidi control characters (they could reorder the wiki's text).
 */
export function markdownText(text: string): string {
  return stripInvisible(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>&~]/g, (c) => `\\${c}`);
}

/** A URL safe inside `(…)` of a Markdown link. */
export function markdownUrl(url: string): string {
  return url.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export interface MarkdownShare {
  title: string;
  /** One line under the title; omitted when empty or the same as the title. */
  line?: string | null;
  /** The block: nginx config or mermaid source. */
  code: string;
  codeLang: 'nginx' | 'mermaid';
  link: string;
  linkText: string;
}

/** `**title** — line`, the fenced block, then the link. */
export function shareMarkdown(share: MarkdownShare): string {
  const title = markdownText(share.title);
  const line = share.line?.trim() && share.line.trim() !== share.title.trim() ? markdownText(share.line) : '';
  const head = line ? `**${title}** — ${line}` : `**${title}**`;
  return `${head}\n\n${codeFence(share.code, share.codeLang)}\n\n[${markdownText(share.linkText)}](${markdownUrl(share.link)})\n`;
}

/**
 * For wikis that strip iframes: Markdown showing the item as an image the site serves, with
 * the link back (the image alone cannot be clicked into the playground or the guide).
 */
export function imageMarkdown(share: {
  title: string;
  image: string;
  link: string;
  linkText: string;
}): string {
  return `![${markdownText(share.title)}](${markdownUrl(share.image)})\n\n[${markdownText(share.linkText)}](${markdownUrl(share.link)})\n`;
}

/** `nginx-ws-lab-<slug>.<ext>`: ASCII only, because wikis and mail clients mangle the rest. */
export function downloadName(base: string, ext: 'svg' | 'png' | 'sh', fallback = 'diagram'): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '');
  return `nginx-ws-lab-${slug(base) || slug(fallback) || 'diagram'}.${ext}`;
}

/** Height for a scenario snippet embed: header, config (capped by the embed's scroll box), result. */
export function scenarioEmbedHeight(config: string): number {
  const lines = config.replace(/\n+$/, '').split('\n').length;
  return 150 + Math.min(lines, 20) * 19 + 260;
}

/**
 * Height for a diagram embed: the drawing at a typical wiki column width (it never grows
 * beyond its natural size), plus the caption and the link back.
 */
export function diagramEmbedHeight(width: number, height: number, column = 760): number {
  if (!(width > 0 && height > 0)) return 480;
  const drawn = width > column ? (height * column) / width : height;
  return Math.round(drawn + 110);
}
