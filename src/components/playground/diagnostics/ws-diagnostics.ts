import type { Diagnostic, DiagnosticEdit as TextEdit } from '../../../../playground/src/index';
import { diagnosticsView, diagnostic as diagnosticTexts } from '../../../i18n/catalog';
import { pageLang } from '../../../i18n/languages';
import { renderMessage, translator } from '../../../i18n/translate';
import { summaryText, toRows } from './view-model';

/**
 * `<ws-diagnostics>`: the playground's list of WebSocket-proxy diagnostics.
 *
 *   const el = document.createElement('ws-diagnostics');
 *   el.lang = 'zh';                 // or inherits the page's <html lang>
 *   el.diagnostics = diagnose(...); // re-renders
 *   el.addEventListener('ws-goto-line', (e) => editor.goto(e.detail.line, e.detail.col));
 *   el.addEventListener('ws-apply-fix', (e) => editor.apply(e.detail.edits));
 *
 * Built with DOM APIs and textContent only: config text inside messages is never parsed as HTML.
 */

export interface ApplyFixDetail {
  ruleId: string;
  title: string;
  edits: TextEdit[];
}

export interface GotoLineDetail {
  line: number;
  col: number;
}

const STYLE_ID = 'ws-diagnostics-style';

const CSS = `
ws-diagnostics { display: block; }
.wsd-summary { margin: 0 0 .5rem; font-weight: 600; }
.wsd-list { list-style: none; margin: 0; padding: 0; }
.wsd-item { border-left: 3px solid var(--wsd-color, currentColor); padding: .35rem .6rem; margin: 0 0 .5rem; }
.wsd-item[data-severity="error"] { --wsd-color: #d33; }
.wsd-item[data-severity="warning"] { --wsd-color: #c80; }
.wsd-item[data-severity="info"] { --wsd-color: #38c; }
.wsd-head { display: flex; flex-wrap: wrap; gap: .4rem; align-items: baseline; }
.wsd-icon { color: var(--wsd-color); }
.wsd-id { font-size: .85em; opacity: .8; }
.wsd-goto, .wsd-fix { font: inherit; cursor: pointer; }
.wsd-goto { background: none; border: none; padding: 0; text-decoration: underline; color: inherit; }
.wsd-details { margin: .3rem 0 0; }
.wsd-details p { margin: .3rem 0; }
.wsd-fix { margin-top: .3rem; }
`;

function ensureStyle(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.append(style);
}

export class WsDiagnostics extends HTMLElement {
  static observedAttributes = ['lang', 'guide-base'];

  #diagnostics: Diagnostic[] = [];

  get diagnostics(): Diagnostic[] {
    return this.#diagnostics;
  }

  set diagnostics(value: Diagnostic[] | null | undefined) {
    this.#diagnostics = Array.isArray(value) ? value : [];
    this.#render();
  }

  connectedCallback(): void {
    ensureStyle(this.ownerDocument);
    this.#render();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#render();
  }

  /** Own `lang`, else the nearest ancestor's (the page's <html lang="zh-CN">). */
  #language() {
    const own = this.getAttribute('lang');
    return pageLang(own || this.closest('[lang]')?.getAttribute('lang'));
  }

  #render(): void {
    const doc = this.ownerDocument;
    const lang = this.#language();
    const t = translator(diagnosticsView[lang]);
    const rows = toRows(this.#diagnostics, lang, this.getAttribute('guide-base') ?? '');

    const summary = doc.createElement('p');
    summary.className = 'wsd-summary';
    summary.setAttribute('role', 'status');
    summary.textContent = summaryText(this.#diagnostics, lang);

    const list = doc.createElement('ol');
    list.className = 'wsd-list';
    list.setAttribute('aria-label', t('list.label'));
    for (const row of rows) {
      const diagnostic = this.#diagnostics[row.index]!;
      const item = doc.createElement('li');
      item.className = 'wsd-item';
      item.dataset.severity = row.severity;
      item.dataset.rule = row.id;

      const head = doc.createElement('div');
      head.className = 'wsd-head';
      const icon = doc.createElement('span');
      icon.className = 'wsd-icon';
      icon.setAttribute('role', 'img');
      icon.setAttribute('aria-label', row.severityLabel);
      icon.title = row.severityLabel;
      icon.textContent = row.icon;
      const goto = doc.createElement('button');
      goto.type = 'button';
      goto.className = 'wsd-goto';
      goto.textContent = row.lineLabel;
      goto.title = row.gotoLabel;
      goto.addEventListener('click', () =>
        this.#emit<GotoLineDetail>('ws-goto-line', { line: row.line, col: row.col }),
      );
      const id = doc.createElement('code');
      id.className = 'wsd-id';
      id.textContent = row.id;
      const message = doc.createElement('span');
      message.className = 'wsd-message';
      message.textContent = row.message;
      head.append(icon, goto, id, message);

      const details = doc.createElement('details');
      details.className = 'wsd-details';
      const toggle = doc.createElement('summary');
      toggle.textContent = t('explain.toggle');
      const text = doc.createElement('p');
      text.textContent = row.explanation;
      const guide = doc.createElement('a');
      guide.className = 'wsd-guide';
      guide.href = row.guideHref;
      guide.textContent = t('guide.link');
      details.append(toggle, text, guide);

      item.append(head, details);
      if (row.fixLabel && diagnostic.fix) {
        const fix = diagnostic.fix;
        const button = doc.createElement('button');
        button.type = 'button';
        button.className = 'wsd-fix';
        button.textContent = row.fixLabel;
        button.addEventListener('click', () =>
          this.#emit<ApplyFixDetail>('ws-apply-fix', {
            ruleId: row.id,
            title: renderMessage(diagnosticTexts[lang], fix.title),
            edits: fix.edits,
          }),
        );
        item.append(button);
      }
      list.append(item);
    }
    this.replaceChildren(summary, ...(rows.length ? [list] : []));
  }

  #emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ws-diagnostics': WsDiagnostics;
  }
  interface HTMLElementEventMap {
    'ws-apply-fix': CustomEvent<ApplyFixDetail>;
    'ws-goto-line': CustomEvent<GotoLineDetail>;
  }
}

/** Registers the element once (safe to call from several scripts). */
export function defineWsDiagnostics(registry: CustomElementRegistry = customElements): void {
  if (!registry.get('ws-diagnostics')) registry.define('ws-diagnostics', WsDiagnostics);
}
