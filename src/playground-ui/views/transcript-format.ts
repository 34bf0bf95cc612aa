import type { TranscriptLine } from '../../../playground/src/index';

/** Formats transcript lines like `websocat -v`: virtual timestamp, direction, text. */

/** Removes control characters, so text from a scenario cannot drive the terminal. */
export function stripControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

export function timestamp(at: number): string {
  return `[${at.toFixed(3).padStart(7, ' ')}s]`;
}

/** One transcript entry as terminal lines (multi-line text keeps the direction mark on each). */
export function formatTranscriptLine(line: TranscriptLine): string[] {
  const parts = stripControls(line.text).split('\n');
  return parts.map((part, i) => {
    const stamp = i === 0 ? timestamp(line.at) : ' '.repeat(timestamp(line.at).length);
    return `${stamp} ${line.dir} ${part}`;
  });
}

export function transcriptPlainText(lines: readonly TranscriptLine[]): string {
  return lines.flatMap((l) => formatTranscriptLine(l)).join('\n');
}
