import {
  encodePermalink,
  exceedsBytes,
  formatBytes,
  MAX_PERMALINK_BYTES,
  utf8Bytes,
} from '../../playground/src/index';
import type { Translator } from '../i18n/catalog';
import type { Notices } from './page-parts';
import { type OpenedLink, openPermalink } from './scenario-state';

/**
 * Keeps the URL's `#s=` permalink and the scenario in step: every simulated edit is written to
 * the hash (replacing the history entry, so Back leaves the page), and a hash the reader
 * changes (pasting a link, Back/Forward) opens that scenario.
 */
export class PermalinkSync {
  private lastHash = location.hash;
  /** A link waiting to be written: it follows the edits a moment later, off the keystroke's path. */
  private due: { text: () => string | null; timer: ReturnType<typeof setTimeout> } | null = null;
  private readonly flush = () => {
    if (!this.due) return;
    clearTimeout(this.due.timer);
    const text = this.due.text();
    this.due = null;
    if (text !== null) this.write(text);
  };
  private readonly onHashChange = () => {
    if (location.hash === this.lastHash) return;
    if (this.due) clearTimeout(this.due.timer);
    this.due = null;
    this.lastHash = location.hash;
    const opened = openPermalink(location.hash, this.t);
    if (!opened) return;
    this.notices.setAlert(opened.alert, 'permalink');
    this.onOpen(opened);
  };

  constructor(
    private readonly notices: Notices,
    private readonly t: Translator<'playground'>,
    /** A link the reader navigated to: its scenario replaces the page's. */
    private readonly onOpen: (opened: OpenedLink) => void,
  ) {
    window.addEventListener('hashchange', this.onHashChange);
    // Written at once when the page is left.
    window.addEventListener('pagehide', this.flush);
  }

  /**
   * Writes the link 400 ms after the last call: joining the scenario's text, deflating it and
   * replaceState cost a few milliseconds each, too much for every keystroke. `scenarioText` is
   * asked for then (null: nothing to write, the texts do not make a scenario).
   */
  writeSoon(scenarioText: () => string | null): void {
    if (this.due) clearTimeout(this.due.timer);
    this.due = { text: scenarioText, timer: setTimeout(this.flush, 400) };
  }

  /** Writes the scenario's link to the address bar, unless it is too large for any page to open. */
  write(scenarioText: string): void {
    // Past the decoder's cap no page could open the link, and deflating megabytes on every
    // keystroke would freeze the page: keep the old hash and say why.
    if (exceedsBytes(scenarioText, MAX_PERMALINK_BYTES)) {
      const size = formatBytes(utf8Bytes(scenarioText));
      this.notices.setAlert(
        this.t('permalink.tooLarge', { size, limit: formatBytes(MAX_PERMALINK_BYTES) }),
        'permalink',
      );
      return;
    }
    const hash = `#s=${encodePermalink(scenarioText)}`;
    if (hash !== location.hash) history.replaceState(null, '', hash);
    this.lastHash = hash;
  }

  dispose(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    window.removeEventListener('pagehide', this.flush);
    this.flush();
  }
}
