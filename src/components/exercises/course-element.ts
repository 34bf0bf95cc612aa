import { exercises } from '../../i18n/catalog';
import { type Lang, pageLang } from '../../i18n/languages';
import { translator } from '../../i18n/translate';
import { browserStorage, confirmDialog, el, readIsland } from './dom';
import {
  type CatalogueItem,
  entryOf,
  exportResults,
  loadProgress,
  type Progress,
  readProgress,
  resetProgress,
  statusOf,
} from './progress';
import { progressNotice, showProgressNotice } from './progress-notice';

/** Offers the results as a JSON file download (no server involved). */
export function downloadJson(name: string, value: unknown): void {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `<ws-course>`: fills in completion from localStorage; export and reset for trainers. */
class WsCourse extends HTMLElement {
  private locale: Lang = pageLang();
  private t = translator(exercises[this.locale]);
  private catalogue: CatalogueItem[] = [];

  connectedCallback(): void {
    this.locale = pageLang(this.dataset.lang);
    this.t = translator(exercises[this.locale]);
    this.catalogue = readIsland<CatalogueItem[]>(this, 'catalogue') ?? [];
    const loaded = readProgress(browserStorage());
    showProgressNotice(this, progressNotice(loaded, this.t));
    this.render(loaded.progress);
    const exportButton = this.querySelector<HTMLButtonElement>('[data-role="export"]');
    const resetButton = this.querySelector<HTMLButtonElement>('[data-role="reset"]');
    if (exportButton) {
      exportButton.disabled = false;
      exportButton.addEventListener('click', () => {
        const now = new Date();
        downloadJson(
          `nginx-ws-lab-results-${now.toISOString().slice(0, 10)}.json`,
          exportResults(loadProgress(browserStorage()), this.catalogue, now),
        );
      });
    }
    if (resetButton) {
      resetButton.disabled = false;
      resetButton.addEventListener('click', async () => {
        const ok = await confirmDialog(this.t('course.resetConfirm'), {
          confirm: this.t('dialog.confirm'),
          cancel: this.t('dialog.cancel'),
        });
        if (!ok) return;
        this.render(resetProgress(browserStorage()));
        showProgressNotice(this, null);
        const status = this.querySelector('[data-role="status"]');
        if (status) status.textContent = this.t('course.resetDone');
        resetButton.focus();
      });
    }
  }

  private render(progress: Progress): void {
    let done = 0;
    for (const item of this.querySelectorAll<HTMLElement>('li[data-id]')) {
      const status = statusOf(entryOf(progress, item.dataset.id ?? ''));
      if (status === 'solved') done++;
      const pill = item.querySelector<HTMLElement>('[data-role="item-status"]');
      if (pill) {
        pill.dataset.status = status;
        pill.textContent = this.t(`course.status.${status}`);
      }
      item.dataset.status = status;
    }
    const count = this.querySelector('[data-role="count"]');
    if (count) count.textContent = this.t('course.progress', { done, total: this.catalogue.length });
  }
}

if (!customElements.get('ws-course')) customElements.define('ws-course', WsCourse);
