/** The server-rendered markup of the playground, found by `data-role`, and its two notice lines. */

export function part<T extends HTMLElement = HTMLElement>(root: HTMLElement, role: string): T {
  const el = root.querySelector<T>(`[data-role="${role}"]`);
  if (!el) throw new Error(`playground markup is missing [data-role="${role}"]`);
  return el;
}

/** What the alert is about, so that whoever resolves it (a new answer, an edit) can clear only theirs. */
export type AlertKind = 'general' | 'permalink' | 'watchdog';

/**
 * The status line (what the last run did) and the alert box (a problem the reader should act on:
 * a broken link, a stuck simulation). Every panel reports through these two.
 */
export class Notices {
  constructor(
    private readonly statusLine: HTMLElement,
    private readonly alertBox: HTMLElement,
  ) {}

  setStatus(message: string): void {
    this.statusLine.textContent = message;
  }

  setAlert(message: string | null, kind: AlertKind = 'general'): void {
    this.alertBox.hidden = message === null;
    this.alertBox.textContent = message ?? '';
    this.alertBox.dataset.kind = message === null ? '' : kind;
  }

  /** Clears the alert if it is of this kind. */
  clearAlert(kind: AlertKind): void {
    if (this.alertBox.dataset.kind === kind) this.setAlert(null);
  }
}
