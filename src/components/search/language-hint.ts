import { site } from '../../i18n/catalog';
import { type Lang, languages, pageLang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';

/**
 * Pagefind searches the page's own language only, so "超时" on an English page found nothing
 * and said no more. Under the search field this offers the same query in the other language
 * ("Search the 中文 pages for …", and the reverse), as a link to that language's home page with
 * `?search=`; there the query is typed into the search dialog for the reader.
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The language a query more likely targets, when it is not the page's; null when it is. */
export function otherLanguageFor(query: string, lang: Lang): Lang | null {
  const q = query.trim();
  if (!q) return null;
  if (lang === 'en') return CJK.test(q) ? 'zh' : null;
  // Chinese pages hold the English directive names too, so Latin queries are offered English pages.
  return CJK.test(q) ? null : (languages.find((l) => l !== lang) ?? null);
}

function hintFor(input: HTMLInputElement, lang: Lang): HTMLParagraphElement {
  const form = input.closest('form') ?? input.parentElement;
  let hint = form?.parentElement?.querySelector<HTMLParagraphElement>('.search-language-hint') ?? null;
  if (!hint) {
    hint = document.createElement('p');
    hint.className = 'search-language-hint';
    hint.dataset.testid = 'search-language-hint';
    hint.hidden = true;
    form?.after(hint);
  }
  hint.lang = lang;
  return hint;
}

function update(input: HTMLInputElement, lang: Lang): void {
  const other = otherLanguageFor(input.value, lang);
  const hint = hintFor(input, lang);
  if (!other) {
    hint.hidden = true;
    return;
  }
  const t = translator(site[lang]);
  const link = document.createElement('a');
  link.href = `/${other}/?search=${encodeURIComponent(input.value.trim())}`;
  link.hreflang = other;
  link.textContent = t('search.otherLanguage', {
    language: t(`language.${other}`),
    query: input.value.trim(),
  });
  hint.replaceChildren(link);
  hint.hidden = false;
}

/** Types `?search=` into Starlight's search dialog once its UI is there. */
function searchFromUrl(): void {
  const query = new URLSearchParams(location.search).get('search');
  if (!query) return;
  if (!document.querySelector('site-search')) return;
  // Starlight's search element wires itself up when the page has loaded: then Ctrl+K, as a
  // reader would press it, opens the dialog and loads the search UI.
  const open = () =>
    void customElements.whenDefined('site-search').then(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }));
      waitAndFill(query);
    });
  if (document.readyState === 'complete') open();
  else window.addEventListener('load', open, { once: true });
}

function waitAndFill(query: string): void {
  const started = Date.now();
  const fill = () => {
    const input = document.querySelector<HTMLInputElement>(
      '#starlight__search input.pagefind-ui__search-input',
    );
    if (!input) {
      if (Date.now() - started < 15_000) setTimeout(fill, 100);
      return;
    }
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.focus();
  };
  fill();
}

export function watchSearchLanguage(): void {
  const lang = pageLang(document.documentElement.lang);
  document.addEventListener('input', (event) => {
    const input = event.target;
    if (
      input instanceof HTMLInputElement &&
      input.matches('#starlight__search input.pagefind-ui__search-input')
    )
      update(input, lang);
  });
  searchFromUrl();
}
