import { describe, expect, it } from 'vitest';
import { formatTranscriptLine, stripControls, transcriptPlainText } from './transcript-format';

describe('transcript format', () => {
  it('prints a timestamp and direction, like websocat -v', () => {
    expect(formatTranscriptLine({ at: 0.5, dir: '<', text: 'text "hello"' })).toEqual([
      '[  0.500s] < text "hello"',
    ]);
  });
  it('keeps the direction on continuation lines, under a blank timestamp', () => {
    const lines = formatTranscriptLine({ at: 0, dir: '>', text: 'GET / HTTP/1.1\nHost: a' });
    expect(lines).toEqual(['[  0.000s] > GET / HTTP/1.1', '           > Host: a']);
  });
  it('cannot be driven by escape sequences in scenario text', () => {
    expect(stripControls('a\u001b[2Jb\u0007c')).toBe('a[2Jbc');
    expect(transcriptPlainText([{ at: 1, dir: '*', text: '\u001b]0;x\u0007' }])).toBe('[  1.000s] * ]0;x');
  });
});
