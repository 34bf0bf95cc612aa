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
    void this.ensure().then(() => this.replay(this.speed));
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
        .reduce((n, row) => n + Math.max(1, Math.ceil(row.length / term.cols)), 0) + 1;
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
      this.term = new TerminalClass({
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
      this.term.open(this.host);
      this.applyTheme();
      this.fit();
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
      ? { background: '#17181c', foreground: '#e4e4e7', cursor: '#17181c' }
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
