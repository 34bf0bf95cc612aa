import type { Translator } from '../../i18n/catalog';
import type { Lang } from '../../i18n/languages';
import type { DirectiveHelp } from './lookup';

/**
 * The directive help as a small card: syntax, default, contexts, one line of explanation and
 * the link to nginx.org (which opens in a new tab, so the reader's config stays).
 */
export function renderHelp(help: DirectiveHelp, lang: Lang, t: Translator<'playground'>): HTMLElement {
  const card = el('div', 'pg-directive-help');
  card.lang = lang;
  card.dataset.directive = help.name;
  if (help.summary) card.append(el('p', 'pg-directive-help-summary', help.summary));
  const facts = el('dl');
  const row = (label: string, ...values: Node[]) => {
    const dd = el('dd');
    dd.append(...values);
    facts.append(el('dt', undefined, label), dd);
  };
  if (help.syntax.length > 0) {
    const since = help.since
      ? [el('span', 'pg-directive-help-note', t('help.since', { version: help.since }))]
      : [];
    row(t('help.syntax'), ...help.syntax.map((s) => code(s)), ...since);
  }
  if (help.url) {
    const defaults: Node[] =
      help.defaults.length > 0 ? help.defaults.map((d) => code(d)) : [text(t('help.none'))];
    if (help.defaultBefore) {
      const value = help.defaultBefore.value || t('help.none');
      defaults.push(
        el(
          'span',
          'pg-directive-help-note',
          t('help.defaultBefore', { version: help.defaultBefore.version, value }),
        ),
      );
    }
    row(t('help.default'), ...defaults);
  }
  row(t('help.context'), text(help.contexts.join(', ')));
  card.append(facts);
  if (help.url) {
    const link = el(
      'a',
      'pg-directive-help-link',
      t('help.reference', { name: help.name }),
    ) as HTMLAnchorElement;
    link.href = help.url;
    link.target = '_blank';
    link.rel = 'noopener';
    // nginx.org's reference is in English on every page.
    link.hreflang = 'en';
    card.append(link);
  } else card.append(el('p', 'pg-directive-help-note', t('help.undocumented')));
  return card;
}

function el(tag: string, className?: string, content?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

function code(value: string): HTMLElement {
  return el('code', undefined, value);
}

function text(value: string): Text {
  return document.createTextNode(value);
}
