import { embedDialog, type Translator } from '../../i18n/catalog';
import type { Lang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { type EmbedTarget, embedUrl, iframeCode, markdownLink, playgroundUrl } from './embed-codes';
import type { EmbedKind, EmbedTheme } from './embed-params';
import { viewsOf } from './embed-params';

/**
 * The Embed dialog, opened from a share menu's "More embed options…": copyable iframe code
 * with a choice of kind, view and theme, the permalink and a Markdown link. One `<dialog>`
 * per page, rebuilt on each opening; URLs use the origin the reader is on.
 */

let dialog: HTMLDialogElement | null = null;

function node<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<'className' | 'textContent' | 'id', string>> = {},
  testid?: string,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  Object.assign(el, props);
  if (testid) el.dataset.testid = testid;
  return el;
}

function select<T extends string>(
  options: ReadonlyArray<[T, string]>,
  value: T,
  testid: string,
): HTMLSelectElement {
  const s = node('select', {}, testid);
  for (const [v, label] of options) s.append(new Option(label, v, false, v === value));
  return s;
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = node('label');
  label.append(node('span', { textContent: text }), control);
  return label;
}

export interface EmbedShared {
  lang: Lang;
  kind: EmbedKind;
  permalink: string;
  title: string;
}

function copyField(
  field: HTMLInputElement | HTMLTextAreaElement,
  t: Translator<'embedDialog'>,
  status: HTMLElement,
): HTMLButtonElement {
  const button = node('button', { textContent: t('copy'), className: 'embed-dialog__copy' });
  button.type = 'button';
  button.addEventListener('click', () => {
    const fallback = () => {
      field.focus();
      field.select();
      status.textContent = t('copyFailed');
    };
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(field.value).then(() => {
      status.textContent = `${t('copied')}: ${field.dataset.label ?? ''}`;
    }, fallback);
  });
  return button;
}

export function openEmbedDialog(shared: EmbedShared | null, lang: Lang): void {
  const t = translator(embedDialog[lang]);
  if (!dialog) {
    dialog = node('dialog', { className: 'embed-dialog' }, 'embed-dialog');
    dialog.setAttribute('aria-labelledby', 'embed-dialog-heading');
    // A click on the backdrop (outside the box) closes, as people expect of a small dialog.
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog) dialog?.close();
    });
    document.body.append(dialog);
  }
  const close = node('button', { textContent: t('close'), className: 'embed-dialog__close' }, 'embed-close');
  close.type = 'button';
  close.addEventListener('click', () => dialog?.close());
  const heading = node('h2', { textContent: t('heading'), id: 'embed-dialog-heading' });
  if (!shared) {
    dialog.replaceChildren(heading, node('p', { textContent: t('unavailable') }), close);
    dialog.showModal();
    return;
  }

  const status = node('p', { className: 'embed-dialog__status' });
  status.setAttribute('role', 'status');
  const kindSelect = select<EmbedKind>(
    [
      ['playground', t('kindPlayground')],
      ['scenario', t('kindScenario')],
    ],
    shared.kind,
    'embed-kind',
  );
  const viewSelect = node('select', {}, 'embed-view');
  const themeSelect = select<'' | EmbedTheme>(
    [
      ['', t('themeAuto')],
      ['light', t('themeLight')],
      ['dark', t('themeDark')],
    ],
    '',
    'embed-theme',
  );
  const iframe = node('textarea', { className: 'embed-dialog__code' }, 'embed-iframe-code');
  iframe.readOnly = true;
  iframe.rows = 4;
  iframe.spellcheck = false;
  const permalink = node('input', {}, 'embed-permalink');
  const markdown = node('input', {}, 'embed-markdown');
  for (const [field, label] of [
    [iframe, t('iframe')],
    [permalink, t('permalink')],
    [markdown, t('markdown')],
  ] as const) {
    field.readOnly = true;
    field.dataset.label = label;
    field.addEventListener('focus', () => field.select());
  }
  const preview = node('a', { textContent: t('preview') }, 'embed-preview');
  preview.target = '_blank';
  preview.rel = 'noopener';

  const fillViews = () => {
    const kind = kindSelect.value as EmbedKind;
    viewSelect.replaceChildren(...viewsOf(kind).map((v) => new Option(t(`views.${v}`), v)));
  };
  const update = () => {
    const target: EmbedTarget = {
      kind: kindSelect.value as EmbedKind,
      lang: shared.lang,
      permalink: shared.permalink,
      view: viewSelect.value,
      theme: (themeSelect.value || null) as EmbedTheme | null,
      title: shared.title,
    };
    const origin = location.origin;
    iframe.value = iframeCode(origin, target);
    const full = playgroundUrl(origin, shared.lang, shared.permalink);
    permalink.value = full;
    markdown.value = markdownLink(shared.title, full);
    preview.href = embedUrl(origin, target);
    status.textContent = '';
  };
  kindSelect.addEventListener('change', () => {
    fillViews();
    update();
  });
  viewSelect.addEventListener('change', update);
  themeSelect.addEventListener('change', update);
  fillViews();
  update();

  const options = node('div', { className: 'embed-dialog__options' });
  options.append(
    labelled(t('kind'), kindSelect),
    labelled(t('view'), viewSelect),
    labelled(t('theme'), themeSelect),
  );
  const rows = [
    [iframe, t('iframe')],
    [permalink, t('permalink')],
    [markdown, t('markdown')],
  ] as const;
  const fields = rows.map(([field, label]) => {
    const row = node('div', { className: 'embed-dialog__field' });
    const l = node('label', { textContent: label });
    const id = `embed-field-${field.dataset.testid}`;
    field.id = id;
    l.htmlFor = id;
    row.append(l, field, copyField(field, t, status));
    return row;
  });
  const foot = node('div', { className: 'embed-dialog__foot' });
  foot.append(preview, close);
  dialog.replaceChildren(
    heading,
    node('p', { textContent: t('intro') }),
    options,
    ...fields,
    node('p', { textContent: t('heightNote'), className: 'embed-dialog__note' }),
    status,
    foot,
  );
  dialog.showModal();
  // Focus the first Copy button: one key press copies the iframe code.
  dialog.querySelector<HTMLButtonElement>('.embed-dialog__copy')?.focus();
}
