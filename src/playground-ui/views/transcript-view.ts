import type { Terminal } from '@xterm/xterm';
import type { TranscriptLine } from '../../../playground/src/index';
import { formatTranscriptLine, transcriptPlainText } from './transcript-format';

/**
 * The terminal view: xterm.js, loaded the first time the view is shown. Replays the
 * transcript instantly or against the virtual clock at 1× or 10×.
 */
export type ReplaySpeed = 'instant' | 1 | 10;

export class TranscriptView {
  private term: Terminal | null = null;
  private loading: Promise<void> | null = null;
  private lines: readonly TranscriptLine[] = [];
  private timers: Array<ReturnType<typeof setTimeout>> = [];
  private speed: ReplaySpeed = 'instant';
  private visible = false;
  private waitingForScreen = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly mirror: HTMLElement,
  ) {
    new MutationObserver(() => this.applyTheme()).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    new ResizeObserver(() => this.fit()).observe(host);
  }

  show(): void {
    this.visible = true;
    this.whenOnScreen(() => {
      void this.ensure().then(() => this.replay(this.speed));
    });
  }

  /**
   * xterm is the heaviest script after CodeMirror: it starts only once the terminal is on
   * (or near) the screen, which on a phone is below the editors, and in an idle moment, so
   * it does not hold up the page's start-up. The plain-text mirror has the transcript meanwhile.
   */
  private whenOnScreen(start: () => void): void {
    if (this.loading) {
      start();
      return;
    }
    if (this.waitingForScreen) return;
    this.waitingForScreen = true;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        whenIdle(() => {
          this.waitingForScreen = false;
          start();
        });
      },
      { rootMargin: '200px 0px' },
    );
    observer.observe(this.host);
  }

  update(lines: readonly TranscriptLine[]): void {
    this.lines = lines;
    // The plain-text copy serves screen readers and text selection.
    this.mirror.textContent = transcriptPlainText(lines);
    if (this.visible && this.term) this.replay('instant');
  }

  replay(speed: ReplaySpeed): void {
    this.speed = speed;
    const term = this.term;
    if (!term) return;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    term.reset();
    // Tall enough to show the whole exchange without scrolling, within reason.
    this.fit();
    const rows =
      this.lines
        .flatMap((l) => formatTranscriptLine(l, false))
        .reduce((n, row) => n + Math.max(1, Math.ceil(cellWidth(row) / term.cols)), 0) + 1;
    const wanted = Math.min(Math.max(rows, 12), 60);
    if (wanted !== term.rows) term.resize(term.cols, wanted);
    this.fit();
    if (speed === 'instant') {
      for (const line of this.lines) for (const row of formatTranscriptLine(line)) term.writeln(row);
      return;
    }
    for (const line of this.lines) {
      const delay = (line.at / speed) * 1000;
      this.timers.push(
        setTimeout(() => {
          for (const row of formatTranscriptLine(line)) term.writeln(row);
        }, delay),
      );
    }
  }

  private ensure(): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      const { Terminal: TerminalClass } = await import('@xterm/xterm');
      // Evaluating xterm, opening it and writing the transcript are each a long task:
      // separate tasks keep the page responsive in between.
      await nextTask();
      const term = new TerminalClass({
        convertEol: true,
        disableStdin: true,
        cursorBlink: false,
        cursorInactiveStyle: 'none',
        fontSize: 13,
        rows: 16,
        cols: 80,
        scrollback: 2000,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      });
      term.open(this.host);
      // The terminal is read-only and aria-hidden (the transcript is mirrored as text), so its
      // input helper must not take focus: a Tab stop nobody can see or use.
      if (term.textarea) term.textarea.tabIndex = -1;
      this.term = term;
      this.applyTheme();
      this.fit();
      await nextTask();
    })();
    return this.loading;
  }

  private fit(): void {
    const term = this.term;
    if (!term || this.host.clientWidth === 0) return;
    const cols = Math.max(30, Math.floor((this.host.clientWidth - 12) / 7.85));
    if (cols !== term.cols) term.resize(cols, term.rows);
  }

  private applyTheme(): void {
    if (!this.term) return;
    const dark = document.documentElement.dataset.theme !== 'light';
    this.term.options.theme = dark
      ? // xterm's default bright black (the timestamps) is 2.4:1 on this background.
        { background: '#17181c', foreground: '#e4e4e7', cursor: '#17181c', brightBlack: '#9ea7b3' }
      : {
          background: '#fafafa',
          foreground: '#1f2328',
          cursor: '#fafafa',
          green: '#116329',
          cyan: '#0a5e73',
          yellow: '#7a4d00',
          brightBlack: '#57606a',
        };
  }
}

/** Terminal cells a row takes: CJK and full-width characters take two. */
function cellWidth(row: string): number {
  let n = 0;
  for (const ch of row)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return n;
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs `task` when the main thread is idle (at most half a second later). */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 500 });
  else setTimeout(task, 0);
}
