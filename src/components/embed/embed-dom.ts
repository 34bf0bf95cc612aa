import type { Lang } from '../../i18n/ui';
import { bothLanguages, type EmbedStringKey, type EmbedTranslate } from './strings';

/** DOM helpers shared by the two embed pages. Text only ever goes in through textContent. */

export function part<T extends HTMLElement = HTMLElement>(root: ParentNode, role: string): T {
  const el = root.querySelector<T>(`[data-role="${role}"]`);
  if (!el) throw new Error(`embed markup is missing [data-role="${role}"]`);
  return el;
}

/** Shows a message in both languages (the page's first) in the alert box. */
export function showError(
  box: HTMLElement,
  lang: Lang,
  key: EmbedStringKey,
  params?: Record<string, string | number>,
): void {
  const title = document.createElement('strong');
  title.textContent = bothLanguages(lang, 'error.title')
    .map((m) => m.text)
    .join(' · ');
  const lines = bothLanguages(lang, key, params).map(({ lang: l, text }) => {
    const p = document.createElement('p');
    p.lang = l === 'zh' ? 'zh-CN' : 'en';
    p.textContent = text;
    return p;
  });
  box.replaceChildren(title, ...lines);
  box.hidden = false;
  box.dataset.key = key;
}

export function clearError(box: HTMLElement): void {
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.key;
}

/**
 * Copies text; when the clipboard API is refused (a frame without `clipboard-write`),
 * selects the source element so the reader can press Ctrl+C.
 */
export function wireCopy(
  button: HTMLButtonElement,
  text: () => string,
  source: HTMLElement,
  status: HTMLElement,
  t: EmbedTranslate,
): void {
  button.addEventListener('click', () => {
    const say = (message: string) => {
      status.textContent = message;
    };
    const select = () => {
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      say(t('copy.failed'));
    };
    if (!navigator.clipboard) {
      select();
      return;
    }
    navigator.clipboard.writeText(text()).then(() => say(t('copied')), select);
  });
}
