/**
 * nginx's config tokenizer, rebuilt as a state machine that follows `ngx_conf_read_token`
 * (src/core/ngx_conf_file.c, nginx 1.22) step by step, so that odd inputs (a quote glued to a
 * word, `${var}`, a `}` inside a word, an unterminated string) split and fail exactly where
 * nginx splits and fails, on the same line.
 *
 * It runs on every keystroke in the playground and on configs of thousands of lines, so it reads
 * char codes, keeps its state in locals, and leaves each result in its own fields instead of
 * allocating a token: the only objects it makes are the words' strings and one argument list
 * per statement.
 */

/** What one call of `Tokenizer.next()` found, mirroring the return codes of `ngx_conf_read_token`. */
export const STATEMENT = 0;
export const CLOSE = 1;
export const EOF = 2;
export const ERROR = 3;
export type TokenKind = typeof STATEMENT | typeof CLOSE | typeof EOF | typeof ERROR;

/** nginx reads the file through a 4096-byte buffer; a longer single token is refused. */
const CONF_BUFFER = 4096;
/** A UTF-16 unit is at most 3 UTF-8 bytes, so a token shorter than this cannot reach the buffer. */
const SHORTEST_TOO_LONG = Math.ceil(CONF_BUFFER / 3);

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const SHARP = 35;
const DOLLAR = 36;
const SQUOTE = 39;
const CLOSE_PAREN = 41;
const SEMICOLON = 59;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function utf8Length(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  // A surrogate half counts 2 so that a pair adds up to the 4 bytes UTF-8 uses.
  if (code >= 0xd800 && code <= 0xdfff) return 2;
  return 3;
}

/**
 * How far a run may be skipped in one go: a token starting at `start` cannot reach the buffer
 * limit before this index, so the per-character check can resume there.
 */
function runLimit(start: number, length: number): number {
  return Math.min(start + SHORTEST_TOO_LONG, length);
}

/**
 * The end of a run of characters inside an unquoted word that change nothing but the position
 * (what the state machine would step over one by one), stopping before `limit`.
 */
function plainRun(text: string, pos: number, limit: number): number {
  while (pos < limit) {
    const c = text.charCodeAt(pos);
    if (c <= SPACE || c === SEMICOLON || c === OPEN_BRACE || c === BACKSLASH || c === DOLLAR) break;
    pos++;
  }
  return pos;
}

/** The same inside a quoted word, closed by `quote`. */
function quotedRun(text: string, pos: number, limit: number, quote: number): number {
  while (pos < limit) {
    const c = text.charCodeAt(pos);
    if (c === quote || c === BACKSLASH || c === DOLLAR || c === LF || c === OPEN_BRACE) break;
    pos++;
  }
  return pos;
}

/** nginx's unescaping of a finished word: only \" \' \\ \t \r \n are special. */
export function unescapeWord(raw: string): string {
  let out = '';
  let from = 0;
  for (let i = raw.indexOf('\\'); i >= 0 && i + 1 < raw.length; i = raw.indexOf('\\', i)) {
    const next = raw.charCodeAt(i + 1);
    let replacement: string | null = null;
    if (next === DQUOTE || next === SQUOTE || next === BACKSLASH) replacement = raw[i + 1]!;
    else if (next === 116) replacement = '\t';
    else if (next === 114) replacement = '\r';
    else if (next === 110) replacement = '\n';
    if (replacement === null) {
      i++;
      continue;
    }
    out += raw.slice(from, i) + replacement;
    i += 2;
    from = i;
  }
  return from === 0 ? raw : out + raw.slice(from);
}

/**
 * Reads a whole config text token by token. `next()` finds one statement (the words up to `;`
 * or `{`), a closing `}`, the end of the file, or the first syntax error, and leaves what it
 * found in the fields below until the next call.
 */
export class Tokenizer {
  private pos = 0;
  private line = 1;
  /** Index where the current line starts, for columns. */
  private lineStart = 0;
  /** A running UTF-8 count of one long token (from `bytesFrom` to `bytesTo`), for the buffer limit. */
  private bytesFrom = -1;
  private bytesTo = 0;
  private bytes = 0;
  /** The words of the statement being read; only its arguments are copied out. */
  private readonly words: string[] = [];

  /** Line of the last `}` returned (lets a caller tell which brace closed a block). */
  lastCloseLine = 0;

  /** STATEMENT: its first word (unescaped) and where that word starts (its opening quote, if quoted). */
  name = '';
  nameLine = 0;
  nameCol = 0;
  nameOffset = 0;
  /** STATEMENT: the other words, unescaped; a new list each statement. */
  args: string[] = [];
  /** STATEMENT: `{` opens a block, `;` ends a simple directive. */
  opensBlock = false;
  /** STATEMENT: line / column of the terminating character (what nginx reports errors against), and the index just past it. */
  endLine = 0;
  endCol = 0;
  endOffset = 0;
  /** CLOSE: where the `}` is (`endOffset`: just past it); EOF and ERROR: the line nginx reports. */
  tokenLine = 0;
  tokenCol = 0;
  /** ERROR: nginx's message and our code for it. */
  message = '';
  code = '';

  constructor(private readonly text: string) {}

  next(): TokenKind {
    const text = this.text;
    const length = text.length;
    const words = this.words;
    let wordCount = 0;
    let pos = this.pos;
    let line = this.line;
    let lineStart = this.lineStart;
    let needSpace = false;
    let lastSpace = true;
    let sharpComment = false;
    let variable = false;
    let quoted = false;
    let sQuoted = false;
    let dQuoted = false;
    let escaped = false;
    let start = pos;
    let startLine = line;
    let startCol = pos - lineStart + 1;
    let startOffset = pos;

    for (;;) {
      if (pos >= length) {
        this.pos = pos;
        this.line = line;
        this.lineStart = lineStart;
        if (wordCount > 0 || !lastSpace) {
          return this.error('unexpected end of file, expecting ";" or "}"', 'unexpected-eof', line);
        }
        this.tokenLine = line;
        return EOF;
      }
      if (pos - start >= SHORTEST_TOO_LONG && this.utf8Bytes(start, pos) >= CONF_BUFFER) {
        this.pos = pos;
        this.line = startLine;
        this.lineStart = lineStart;
        if (dQuoted || sQuoted) {
          return this.error(
            `too long parameter, probably missing terminating "${dQuoted ? '"' : "'"}" character`,
            'too-long-parameter',
            startLine,
          );
        }
        return this.error(
          `too long parameter "${text.slice(start, start + 10)}..." started`,
          'too-long-parameter',
          startLine,
        );
      }

      const ch = text.charCodeAt(pos);
      const chLine = line;
      pos++;

      if (ch === LF) {
        line++;
        lineStart = pos;
        sharpComment = false;
      }
      if (sharpComment) continue;
      if (quoted) {
        quoted = false;
        continue;
      }

      if (needSpace) {
        if (ch === SPACE || ch === TAB || ch === LF || ch === CR) {
          lastSpace = true;
          needSpace = false;
          continue;
        }
        if (ch === SEMICOLON || ch === OPEN_BRACE) {
          this.pos = pos;
          this.line = line;
          this.lineStart = lineStart;
          return this.statement(wordCount, ch, chLine, pos - lineStart + 1, pos);
        }
        if (ch === CLOSE_PAREN) {
          lastSpace = true;
          needSpace = false;
        } else {
          this.pos = pos;
          this.line = line;
          this.lineStart = lineStart;
          return this.error(`unexpected "${text[pos - 1]}"`, 'unexpected-char', line);
        }
      }

      if (lastSpace) {
        start = pos - 1;
        startLine = chLine;
        startCol = start - lineStart + 1;
        startOffset = start;
        escaped = false;
        switch (ch) {
          case SPACE:
          case TAB:
          case LF:
          case CR:
            // The rest of a run of blanks: each would only become the start of the next word.
            while (pos < length) {
              const c = text.charCodeAt(pos);
              if (c === SPACE || c === TAB || c === CR) {
                startLine = line;
              } else if (c === LF) {
                startLine = line;
                line++;
                lineStart = pos + 1;
              } else break;
              pos++;
            }
            start = pos - 1;
            continue;
          case SEMICOLON:
          case OPEN_BRACE:
            this.pos = pos;
            this.line = line;
            this.lineStart = lineStart;
            if (wordCount === 0) {
              return this.error(
                ch === SEMICOLON ? 'unexpected ";"' : 'unexpected "{"',
                ch === SEMICOLON ? 'unexpected-semicolon' : 'unexpected-open-brace',
                line,
              );
            }
            return this.statement(wordCount, ch, chLine, pos - lineStart + 1, pos);
          case CLOSE_BRACE:
            this.pos = pos;
            this.line = line;
            this.lineStart = lineStart;
            if (wordCount !== 0) return this.error('unexpected "}"', 'unexpected-close-brace', line);
            this.lastCloseLine = chLine;
            this.tokenLine = chLine;
            this.tokenCol = pos - lineStart;
            this.endOffset = pos;
            return CLOSE;
          case SHARP: {
            sharpComment = true;
            // Up to the end of the line, or to where the comment could grow too long.
            const limit = runLimit(start, length);
            const eol = text.indexOf('\n', pos);
            pos = eol < 0 || eol > limit ? limit : eol;
            continue;
          }
          case BACKSLASH:
            quoted = true;
            escaped = true;
            lastSpace = false;
            continue;
          case DQUOTE:
          case SQUOTE:
            start++;
            if (ch === DQUOTE) dQuoted = true;
            else sQuoted = true;
            lastSpace = false;
            pos = quotedRun(text, pos, runLimit(start, length), ch);
            continue;
          case DOLLAR:
            variable = true;
            lastSpace = false;
            continue;
          default:
            lastSpace = false;
            pos = plainRun(text, pos, runLimit(start, length));
        }
      } else {
        if (ch === OPEN_BRACE && variable) continue;
        variable = false;
        if (ch === BACKSLASH) {
          quoted = true;
          escaped = true;
          continue;
        }
        if (ch === DOLLAR) {
          variable = true;
          continue;
        }
        if (dQuoted) {
          if (ch !== DQUOTE) {
            pos = quotedRun(text, pos, runLimit(start, length), DQUOTE);
            continue;
          }
          dQuoted = false;
          needSpace = true;
        } else if (sQuoted) {
          if (ch !== SQUOTE) {
            pos = quotedRun(text, pos, runLimit(start, length), SQUOTE);
            continue;
          }
          sQuoted = false;
          needSpace = true;
        } else if (
          ch === SPACE ||
          ch === TAB ||
          ch === LF ||
          ch === CR ||
          ch === SEMICOLON ||
          ch === OPEN_BRACE
        ) {
          lastSpace = true;
        } else {
          pos = plainRun(text, pos, runLimit(start, length));
          continue;
        }
        // The word is complete.
        const raw = text.slice(start, pos - 1);
        if (wordCount === 0) {
          this.nameLine = startLine;
          this.nameCol = startCol;
          this.nameOffset = startOffset;
        }
        words[wordCount++] = escaped ? unescapeWord(raw) : raw;
        if (ch === SEMICOLON || ch === OPEN_BRACE) {
          this.pos = pos;
          this.line = line;
          this.lineStart = lineStart;
          return this.statement(wordCount, ch, chLine, pos - lineStart + 1, pos);
        }
      }
    }
  }

  private statement(wordCount: number, end: number, line: number, col: number, offset: number): TokenKind {
    const words = this.words;
    this.name = words[0]!;
    // slice() gives each statement an argument list of exactly its length.
    this.args = wordCount === 1 ? [] : words.slice(1, wordCount);
    this.opensBlock = end === OPEN_BRACE;
    this.endLine = line;
    this.endCol = col;
    this.endOffset = offset;
    return STATEMENT;
  }

  private error(message: string, code: string, line: number): TokenKind {
    this.message = message;
    this.code = code;
    this.tokenLine = line;
    return ERROR;
  }

  /**
   * UTF-8 length of `text[from, to)`. Called for one token's growing end only, so a count
   * continues from where the last call for the same start stopped.
   */
  private utf8Bytes(from: number, to: number): number {
    if (from !== this.bytesFrom || to < this.bytesTo) {
      this.bytesFrom = from;
      this.bytesTo = from;
      this.bytes = 0;
    }
    const text = this.text;
    let bytes = this.bytes;
    for (let i = this.bytesTo; i < to; i++) bytes += utf8Length(text.charCodeAt(i));
    this.bytesTo = to;
    this.bytes = bytes;
    return bytes;
  }
}
