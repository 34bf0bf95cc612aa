import type { RegexRun } from '../../../playground/src/index';
import { codePointName, INVISIBLE_CHARS } from '../../../playground/src/index';
import { embed, type Keys, type Translator } from '../../i18n/catalog';
import { type Lang, languages } from '../../i18n/languages';
import { locales } from '../../i18n/locales.mjs';
import { type Params, translator } from '../../i18n/translate';
import { regexTimeoutParams } from '../../playground-ui/watchdog-worker';

/** DOM helpers shared by the two embed pages. Text only ever goes in through textContent. */

export function part<T extends HTMLElement = HTMLElement>(root: ParentNode, role: string): T {
  const el = root.querySelector<T>(`[data-role="${role}"]`);
  if (!el) throw new Error(`embed markup is missing [data-role="${role}"]`);
  return el;
}

/** One message in every site language, the page's own first: an embed's reader may read either. */
export function inEveryLanguage(
  lang: Lang,
  key: Keys<'embed'>,
  params?: Params,
): Array<{ lang: Lang; text: string }> {
  const order = [lang, ...languages.filter((l) => l !== lang)];
  return order.map((l) => ({ lang: l, text: translator(embed[l])(key, params) }));
}

/** Shows a message in every language (the page's first) in the alert box. */
export function showError(box: HTMLElement, lang: Lang, key: Keys<'embed'>, params?: Params): void {
  const title = document.createElement('strong');
  title.textContent = inEveryLanguage(lang, 'error.title')
    .map((m) => m.text)
    .join(' · ');
  const lines = inEveryLanguage(lang, key, params).map(({ lang: l, text }) => {
    const p = document.createElement('p');
    p.lang = locales[l].lang;
    p.textContent = text;
    return p;
  });
  box.replaceChildren(title, ...lines);
  box.hidden = false;
  box.dataset.key = key;
}

/** The watchdog's message: the regex that ran away when one did, else the time alone. */
export function watchdogError(ms: number, regex: RegexRun | null): [Keys<'embed'>, Params] {
  return regex
    ? ['error.watchdogRegex', regexTimeoutParams(regex, ms)]
    : ['error.watchdog', { seconds: ms / 1000 }];
}

/**
 * Sets `pre`'s text with each invisible or bidi control character drawn as a marked
 * `⟨U+200B⟩` (the Copy button still copies the exact text).
 */
export function setTextShowingInvisible(pre: HTMLElement, text: string): void {
  const nodes: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(new RegExp(INVISIBLE_CHARS.source, 'g'))) {
    if (m.index > last) nodes.push(document.createTextNode(text.slice(last, m.index)));
    const mark = document.createElement('mark');
    mark.className = 'embed-invisible';
    mark.dataset.role = 'invisible';
    mark.title = codePointName(m[0]);
    mark.textContent = `⟨${codePointName(m[0])}⟩`;
    nodes.push(mark);
    last = m.index + m[0].length;
  }
  nodes.push(document.createTextNode(text.slice(last)));
  pre.replaceChildren(...nodes);
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
  t: Translator<'embed'>,
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
