import type { TranscriptLine } from '../../../playground/src/index';
import { stripControls, timestamp, transcriptPlainText } from './transcript-format';

/**
 * The terminal view: the transcript as coloured lines of text, like `websocat -v` in a
 * terminal. Plain DOM rather than a terminal emulator: the view only ever appends lines, and
 * xterm.js (80 KB gzip) was the biggest download of the playground's first paint (issue 20).
 * Replays the transcript instantly or against the virtual clock at 1× or 10×.
 */
export type ReplaySpeed = 'instant' | 1 | 10;

export class TranscriptView {
  private readonly rows: HTMLElement;
  private lines: readonly TranscriptLine[] = [];
  private timers: Array<ReturnType<typeof setTimeout>> = [];
  private speed: ReplaySpeed = 'instant';
  private visible = false;

  constructor(
    host: HTMLElement,
    private readonly mirror: HTMLElement,
  ) {
    this.rows = document.createElement('div');
    this.rows.className = 'pg-term-rows';
    this.rows.dataset.testid = 'terminal-rows';
    host.replaceChildren(this.rows);
  }

  show(): void {
    this.visible = true;
    this.replay(this.speed);
  }

  update(lines: readonly TranscriptLine[]): void {
    this.lines = lines;
    // The plain-text copy serves screen readers and text selection.
    this.mirror.textContent = transcriptPlainText(lines);
    if (this.visible) this.replay('instant');
  }

  replay(speed: ReplaySpeed): void {
    this.speed = speed;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    if (speed === 'instant') {
      this.rows.replaceChildren(...this.lines.flatMap(lineElements));
      return;
    }
    this.rows.replaceChildren();
    for (const line of this.lines) {
      this.timers.push(setTimeout(() => this.rows.append(...lineElements(line)), (line.at / speed) * 1000));
    }
  }
}

/**
 * One entry as rows: its dimmed timestamp, then the direction mark and text in the direction's
 * colour; a multi-line text gives one row per line, under a blank timestamp.
 */
function lineElements(line: TranscriptLine): HTMLElement[] {
  const dir = line.dir === '>' ? 'out' : line.dir === '<' ? 'in' : 'note';
  return stripControls(line.text)
    .split('\n')
    .map((part, i) => {
      const row = document.createElement('div');
      row.className = 'pg-term-line';
      row.dataset.dir = dir;
      const stamp = document.createElement('span');
      stamp.className = 'pg-term-time';
      stamp.textContent = i === 0 ? timestamp(line.at) : ' '.repeat(timestamp(line.at).length);
      const text = document.createElement('span');
      text.className = 'pg-term-text';
      text.textContent = `${line.dir} ${part}`;
      row.append(stamp, ' ', text);
      return row;
    });
}
