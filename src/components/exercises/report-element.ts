import { exercises } from '../../i18n/catalog';
import { pageLang } from '../../i18n/languages';
import { locales } from '../../i18n/locales.mjs';
import { translator } from '../../i18n/translate';
import { browserStorage, readIsland } from './dom';
import { type CatalogueItem, exportResults, readProgress } from './progress';
import { progressNotice, showProgressNotice } from './progress-notice';

/** `<ws-report>`: the printable results table, filled from localStorage. */
class WsReport extends HTMLElement {
  connectedCallback(): void {
    const lang = pageLang(this.dataset.lang);
    const t = translator(exercises[lang]);
    const catalogue = readIsland<CatalogueItem[]>(this, 'catalogue') ?? [];
    const now = new Date();
    const loaded = readProgress(browserStorage());
    showProgressNotice(this, progressNotice(loaded, t));
    const results = exportResults(loaded.progress, catalogue, now);
    const locale = locales[lang].lang;
    const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale) : '—');
    for (const row of results.exercises) {
      const tr = this.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(row.id)}"]`);
      if (!tr) continue;
      const cell = (name: string, text: string) => {
        const td = tr.querySelector(`[data-cell="${name}"]`);
        if (td) td.textContent = text;
      };
      cell('status', t(`course.status.${row.status}`));
      cell('solvedAt', when(row.solvedAt));
      cell('attempts', String(row.attempts));
      cell('hints', String(row.hintsShown));
      cell('solution', row.solutionShown ? t('report.yes') : t('report.no'));
      tr.dataset.status = row.status;
    }
    const set = (role: string, text: string) => {
      const node = this.querySelector(`[data-role="${role}"]`);
      if (node) node.textContent = text;
    };
    set('generated', t('report.generated', { date: now.toLocaleString(locale) }));
    set('summary', t('report.summary', { done: results.solved, total: results.total }));
    const print = this.querySelector<HTMLButtonElement>('[data-role="print"]');
    if (print) {
      print.disabled = false;
      print.addEventListener('click', () => window.print());
    }
  }
}

if (!customElements.get('ws-report')) customElements.define('ws-report', WsReport);
