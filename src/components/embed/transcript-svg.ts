/**
 * A transcript as an SVG image: the static fallback for wikis that strip iframes (a picture
 * they will show, with the text beside it to copy). Monospace rows in the terminal view's
 * colours, each row one <text>, so the words stay selectable and searchable in the file.
 */
import type { TranscriptLine } from '../../../playground/src/index';
import { stripControls, timestamp } from '../../playground-ui/views/transcript-format';
import { escapeAttribute } from '../share/share-codes';

const CHAR = 7.8;
const ROW = 18;
const PAD = 14;
/** Longer rows are cut with an ellipsis: an image does not scroll. */
const MAX_COLUMNS = 110;

const COLORS = {
  background: '#fafafa',
  border: '#d0d7de',
  title: '#1f2328',
  time: '#57606a',
  '>': '#116329',
  '<': '#0a5e73',
  '*': '#7a4d00',
} as const;

function cut(text: string): string {
  return text.length > MAX_COLUMNS ? `${text.slice(0, MAX_COLUMNS - 1)}…` : text;
}

/** Columns a text takes in a monospace font: CJK and other wide characters take two. */
function columnsOf(text: string): number {
  let n = 0;
  for (const ch of text)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return n;
}

/** The title, cut to `columns` (bold glyphs run about a tenth wider). */
function fitTitle(title: string, columns: number): string {
  if (columnsOf(title) * 1.1 <= columns) return title;
  let out = '';
  for (const ch of title) {
    if (columnsOf(`${out}${ch}…`) * 1.1 > columns) return `${out}…`;
    out += ch;
  }
  return out;
}

export function transcriptSvg(lines: readonly TranscriptLine[], title: string): string {
  const rows: Array<{ stamp: string; dir: TranscriptLine['dir']; text: string }> = [];
  for (const line of lines) {
    stripControls(line.text)
      .split('\n')
      .forEach((part, i) => {
        const stamp = i === 0 ? timestamp(line.at) : ' '.repeat(timestamp(line.at).length);
        rows.push({ stamp, dir: line.dir, text: `${line.dir} ${part}` });
      });
  }
  const stampWidth = timestamp(0).length + 1;
  const columns = Math.min(
    MAX_COLUMNS,
    Math.max(40, Math.ceil(columnsOf(title) * 1.1), ...rows.map((r) => stampWidth + r.text.length)),
  );
  const width = Math.ceil(columns * CHAR + 2 * PAD);
  const top = PAD + ROW + 8;
  const height = top + rows.length * ROW + PAD;
  const body = rows
    .map((r, i) => {
      const y = top + (i + 1) * ROW - 5;
      return (
        `<text x="${PAD}" y="${y}" fill="${COLORS.time}">${escapeAttribute(r.stamp)}</text>` +
        `<text x="${PAD + stampWidth * CHAR}" y="${y}" fill="${COLORS[r.dir]}">${escapeAttribute(cut(r.text))}</text>`
      );
    })
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeAttribute(title)}">`,
    `<title>${escapeAttribute(title)}</title>`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="6" fill="${COLORS.background}" stroke="${COLORS.border}"/>`,
    `<g font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="13" xml:space="preserve">`,
    `<text x="${PAD}" y="${PAD + ROW - 4}" fill="${COLORS.title}" font-weight="bold">${escapeAttribute(fitTitle(title, columns))}</text>`,
    body,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
