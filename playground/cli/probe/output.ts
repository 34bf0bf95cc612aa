/**
 * What the probe prints while it runs: the transcript on stdout (curl -v style, the same
 * columns as `simulate`), and the progress of the idle hold on stderr — one line redrawn in
 * place on a terminal, a line every few seconds otherwise, nothing for --json off a terminal.
 */
import { type MessageCode, type Params, say } from './messages';

export interface TranscriptLine {
  at: number;
  dir: '>' | '<' | '*';
  text: string;
}

const COLOURS: Record<string, string> = { '>': '\x1b[36m', '<': '\x1b[32m', '*': '\x1b[2m' };
const RESET = '\x1b[0m';
const CLEAR_LINE = '\r\x1b[2K';

export function transcriptLine(l: TranscriptLine, color: boolean): string {
  const text = `${l.at.toFixed(3).padStart(8)}s ${l.dir} ${l.text}`.trimEnd();
  return color ? `${COLOURS[l.dir] ?? ''}${text}${RESET}` : text;
}

export class Output {
  readonly transcript: TranscriptLine[] = [];
  private drawn = false;

  constructor(private readonly o: { json: boolean; color: boolean }) {}

  line(at: number, dir: TranscriptLine['dir'], text: string): void {
    const l = { at, dir, text };
    this.transcript.push(l);
    if (this.o.json) return;
    this.clearProgress();
    process.stdout.write(`${transcriptLine(l, this.o.color)}\n`);
  }

  note(at: number, code: MessageCode, params: Params = {}): void {
    this.line(at, '*', say(code, params));
  }

  /** Shows the hold's progress until the returned function is called. */
  progress(limit: number, elapsed: () => number, frames: () => number): () => void {
    const tty = process.stderr.isTTY === true;
    if (this.o.json && !tty) return () => {};
    const show = (code: MessageCode) =>
      say(code, { elapsed: Math.floor(elapsed()), limit: fmtLimit(limit), frames: frames() });
    const timer = tty
      ? setInterval(() => {
          process.stderr.write(`${CLEAR_LINE}${show('progress-tty')}`);
          this.drawn = true;
        }, 500)
      : setInterval(() => process.stderr.write(`${show('progress-line')}\n`), progressEvery(limit) * 1000);
    return () => {
      clearInterval(timer);
      this.clearProgress();
    };
  }

  private clearProgress(): void {
    if (!this.drawn) return;
    process.stderr.write(CLEAR_LINE);
    this.drawn = false;
  }
}

/** Seconds between progress lines off a terminal: about ten lines a hold, 1 to 10 s apart. */
export function progressEvery(limit: number): number {
  return Math.min(10, Math.max(1, Math.round(limit / 10)));
}

function fmtLimit(s: number): string {
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

/** `label  text`, the text wrapped under itself to the terminal's width. */
export function rows(list: Array<[string, string]>, width: number): string {
  const pad = Math.max(...list.map(([l]) => l.length)) + 4;
  const out: string[] = [];
  for (const [label, text] of list) {
    const lines = wrap(text, Math.max(40, width - pad));
    lines.forEach((l, i) => {
      out.push(`${i === 0 ? `  ${label}`.padEnd(pad) : ' '.repeat(pad)}${l}`);
    });
  }
  return out.join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines.length ? lines : [''];
}
