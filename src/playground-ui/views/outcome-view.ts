import type { AnyOutcome } from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';
import { cappedJson } from './view-limits';

/** The outcome as JSON: exactly `JSON.stringify(outcome)` in the `<pre>`, plus copy and download. */
export class OutcomeView {
  private json = '';
  private fileName = 'outcome.json';
  /** Names the version the JSON models: outcome@1 itself has no field for it. */
  private readonly caption: HTMLParagraphElement;

  constructor(
    private readonly pre: HTMLElement,
    copy: HTMLButtonElement,
    download: HTMLButtonElement,
    private readonly status: (message: string) => void,
    private readonly t: Translator<'playground'>,
  ) {
    this.caption = document.createElement('p');
    this.caption.className = 'pg-outcome-version';
    this.caption.dataset.testid = 'outcome-version';
    this.caption.hidden = true;
    pre.before(this.caption);
    copy.addEventListener('click', () => {
      navigator.clipboard.writeText(this.json).then(
        () => this.status(this.t('outcome.copied')),
        () => this.status(this.t('permalink.copyFailed')),
      );
    });
    download.addEventListener('click', () => {
      const url = URL.createObjectURL(new Blob([this.json], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = this.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
  }

  update(outcome: AnyOutcome | null, nginxVersion?: string): void {
    this.json = outcome ? JSON.stringify(outcome, null, 2) : '';
    this.fileName = outcome && nginxVersion ? `outcome-nginx-${nginxVersion}.json` : 'outcome.json';
    this.caption.hidden = !(outcome && nginxVersion);
    this.caption.textContent =
      outcome && nginxVersion ? this.t('version.outcome', { version: nginxVersion }) : '';
    this.pre.dataset.nginxVersion = (outcome && nginxVersion) || '';
    // Copy and Download give all of it; the page shows what it can lay out quickly.
    const { text, hiddenLines } = cappedJson(this.json);
    this.pre.textContent =
      hiddenLines > 0 ? `${text}\n… ${this.t('outcome.more', { count: hiddenLines })}` : text;
    this.pre.dataset.empty = outcome ? 'false' : 'true';
  }
}
