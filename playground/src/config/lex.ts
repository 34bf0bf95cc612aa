/**
 * nginx's config tokenizer, rebuilt as a state machine that follows `ngx_conf_read_token`
 * (src/core/ngx_conf_file.c, nginx 1.22) step by step, so that odd inputs (a quote glued to a
 * word, `${var}`, a `}` inside a word, an unterminated string) split and fail exactly where
 * nginx splits and fails, on the same line.
 */

/** One argument as nginx sees it after unescaping, with where it started. */
export interface Word {
  value: string;
  line: number;
  col: number;
  /** Index in the text where the word starts (its opening quote included). */
  offset: number;
  /** The word was written in single or double quotes. */
  quoted: boolean;
}

/** What one call of the tokenizer yields, mirroring the return codes of `ngx_conf_read_token`. */
export type Token =
  | {
      kind: 'statement';
      words: Word[];
      /** `;` ends a simple directive, `{` opens a block. */
      end: ';' | '{';
      /** Line / column of the terminating character (what nginx reports errors against). */
      endLine: number;
      endCol: number;
      /** Index in the text just past the terminating character. */
      endOffset: number;
    }
  | { kind: 'close'; line: number; col: number /** Index just past the `}`. */; endOffset: number }
  | { kind: 'eof'; line: number }
  | { kind: 'error'; message: string; code: string; line: number };

/** nginx reads the file through a 4096-byte buffer; a longer single token is refused. */
const CONF_BUFFER = 4096;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function utf8Length(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  // A surrogate half counts 2 so that a pair adds up to the 4 bytes UTF-8 uses.
  if (code >= 0xd800 && code <= 0xdfff) return 2;
  return 3;
}

/** nginx's unescaping of a finished word: only \" \' \\ \t \r \n are special. */
export function unescapeWord(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1]!;
      if (next === '"' || next === "'" || next === '\\') {
        out += next;
        i++;
        continue;
      }
      if (next === 't' || next === 'r' || next === 'n') {
        out += next === 't' ? '\t' : next === 'r' ? '\r' : '\n';
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

/**
 * Reads a whole config text token by token. `next()` returns one statement (the words up to
 * `;` or `{`), a closing `}`, the end of the file, or the first syntax error.
 */
export class Tokenizer {
  private pos = 0;
  /** Byte offset matching `pos`, for the 4096-byte token limit. */
  private byte = 0;
  private line = 1;
  /** Index where the current line starts, for columns. */
  private lineStart = 0;
  private readonly totalBytes: number;
  /** Line of the last `}` returned (lets a caller tell which brace closed a block). */
  lastCloseLine = 0;

  constructor(private readonly text: string) {
    let total = 0;
    for (let i = 0; i < text.length; i++) total += utf8Length(text.charCodeAt(i));
    this.totalBytes = total;
  }

  next(): Token {
    const text = this.text;
    const words: Word[] = [];
    let needSpace = false;
    let lastSpace = true;
    let sharpComment = false;
    let variable = false;
    let quoted = false;
    let sQuoted = false;
    let dQuoted = false;
    let start = this.pos;
    let startByte = this.byte;
    let startLine = this.line;
    let startCol = this.pos - this.lineStart + 1;
    let startOffset = this.pos;
    let wordQuoted = false;

    for (;;) {
      if (this.pos >= text.length) {
        if (words.length > 0 || !lastSpace) {
          return {
            kind: 'error',
            message: 'unexpected end of file, expecting ";" or "}"',
            code: 'unexpected-eof',
            line: this.line,
          };
        }
        return { kind: 'eof', line: this.line };
      }
      if (this.byte - startByte >= CONF_BUFFER && this.byte < this.totalBytes) {
        this.line = startLine;
        if (dQuoted || sQuoted) {
          return {
            kind: 'error',
            message: `too long parameter, probably missing terminating "${dQuoted ? '"' : "'"}" character`,
            code: 'too-long-parameter',
            line: startLine,
          };
        }
        return {
          kind: 'error',
          message: `too long parameter "${text.slice(start, start + 10)}..." started`,
          code: 'too-long-parameter',
          line: startLine,
        };
      }

      const ch = text[this.pos]!;
      const chCol = this.pos - this.lineStart + 1;
      const chLine = this.line;
      this.byte += utf8Length(text.charCodeAt(this.pos));
      this.pos++;

      if (ch === '\n') {
        this.line++;
        this.lineStart = this.pos;
        sharpComment = false;
      }
      if (sharpComment) continue;
      if (quoted) {
        quoted = false;
        continue;
      }

      if (needSpace) {
        if (isSpace(ch)) {
          lastSpace = true;
          needSpace = false;
          continue;
        }
        if (ch === ';' || ch === '{') {
          return {
            kind: 'statement',
            words,
            end: ch,
            endLine: chLine,
            endCol: chCol + 1,
            endOffset: this.pos,
          };
        }
        if (ch === ')') {
          lastSpace = true;
          needSpace = false;
        } else {
          return { kind: 'error', message: `unexpected "${ch}"`, code: 'unexpected-char', line: this.line };
        }
      }

      if (lastSpace) {
        start = this.pos - 1;
        startByte = this.byte - utf8Length(ch.charCodeAt(0));
        startLine = chLine;
        startCol = chCol;
        startOffset = this.pos - 1;
        wordQuoted = false;
        if (isSpace(ch)) continue;
        switch (ch) {
          case ';':
          case '{':
            if (words.length === 0) {
              return {
                kind: 'error',
                message: `unexpected "${ch}"`,
                code: ch === ';' ? 'unexpected-semicolon' : 'unexpected-open-brace',
                line: this.line,
              };
            }
            return {
              kind: 'statement',
              words,
              end: ch,
              endLine: chLine,
              endCol: chCol + 1,
              endOffset: this.pos,
            };
          case '}':
            if (words.length !== 0) {
              return {
                kind: 'error',
                message: 'unexpected "}"',
                code: 'unexpected-close-brace',
                line: this.line,
              };
            }
            this.lastCloseLine = chLine;
            return { kind: 'close', line: chLine, col: chCol, endOffset: this.pos };
          case '#':
            sharpComment = true;
            continue;
          case '\\':
            quoted = true;
            lastSpace = false;
            continue;
          case '"':
          case "'":
            start++;
            startByte++;
            if (ch === '"') dQuoted = true;
            else sQuoted = true;
            wordQuoted = true;
            lastSpace = false;
            continue;
          case '$':
            variable = true;
            lastSpace = false;
            continue;
          default:
            lastSpace = false;
        }
      } else {
        if (ch === '{' && variable) continue;
        variable = false;
        if (ch === '\\') {
          quoted = true;
          continue;
        }
        if (ch === '$') {
          variable = true;
          continue;
        }
        let found = false;
        if (dQuoted) {
          if (ch === '"') {
            dQuoted = false;
            needSpace = true;
            found = true;
          }
        } else if (sQuoted) {
          if (ch === "'") {
            sQuoted = false;
            needSpace = true;
            found = true;
          }
        } else if (isSpace(ch) || ch === ';' || ch === '{') {
          lastSpace = true;
          found = true;
        }
        if (found) {
          words.push({
            value: unescapeWord(text.slice(start, this.pos - 1)),
            line: startLine,
            col: startCol,
            offset: startOffset,
            quoted: wordQuoted,
          });
          if (ch === ';' || ch === '{') {
            return {
              kind: 'statement',
              words,
              end: ch,
              endLine: chLine,
              endCol: chCol + 1,
              endOffset: this.pos,
            };
          }
        }
      }
    }
  }
}
