/**
 * The token stream `crossplane parse` reads: words with their line, `{` `}` `;` as tokens of
 * their own, comments as `#…` tokens, and the body of a `*_by_lua_block` as one token.
 *
 * Where words split follows nginx (`ngx_conf_read_token`), not crossplane's lexer, in the three
 * places crossplane is wrong about nginx: a quoted word followed by a character other than a
 * space, `;`, `{` or `)` (`"a"-b`) is an error, `${var}` ends like any word (`${uri} x` is two
 * words), and a `}` where a statement still waits for its `;` is `unexpected "}"`. A `}` inside a
 * word belongs to the word, as in nginx. What a word's value is follows crossplane: the text as
 * written, with only `\"` (in double quotes) or `\'` (in single quotes) decoded.
 */

export interface CrossplaneToken {
  value: string;
  line: number;
  /** Written in quotes (or a Lua block): never a `{`, `}`, `;` or comment however it reads. */
  quoted: boolean;
}

/** A syntax error after the last token: the parser meets it when it reads that far. */
export interface LexError {
  message: string;
  line: number;
}

export interface Lexed {
  tokens: CrossplaneToken[];
  error: LexError | null;
}

/** OpenResty's block directives whose body is Lua, read as one argument (crossplane's Lua plugin). */
export const LUA_BLOCK_DIRECTIVES: ReadonlySet<string> = new Set([
  'access_by_lua_block',
  'balancer_by_lua_block',
  'body_filter_by_lua_block',
  'content_by_lua_block',
  'header_filter_by_lua_block',
  'init_by_lua_block',
  'init_worker_by_lua_block',
  'log_by_lua_block',
  'rewrite_by_lua_block',
  'set_by_lua_block',
  'ssl_certificate_by_lua_block',
  'ssl_session_fetch_by_lua_block',
  'ssl_session_store_by_lua_block',
]);

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

class Stop extends Error {
  constructor(readonly lexError: LexError) {
    super(lexError.message);
  }
}

const EOF_BLOCK = 'unexpected end of file, expecting "}"';
const EOF_STATEMENT = 'unexpected end of file, expecting ";" or "}"';

/**
 * Lexes a whole file. Python reads crossplane's input with universal newlines, so `\r\n` and a
 * lone `\r` both end a line here too.
 */
export function lexCrossplane(source: string): Lexed {
  const text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  return new Lexer(text).run();
}

class Lexer {
  private i = 0;
  private line = 1;
  private depth = 0;
  /** Words read in the statement being read (nginx's "expecting a directive" when 0). */
  private words = 0;
  private readonly tokens: CrossplaneToken[] = [];

  constructor(private readonly text: string) {}

  run(): Lexed {
    try {
      this.loop();
      return { tokens: this.tokens, error: null };
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
      return { tokens: this.tokens, error: error.lexError };
    }
  }

  private push(value: string, line: number, quoted: boolean): void {
    this.tokens.push({ value, line, quoted });
  }

  /** crossplane reports an unclosed block at the line of the last token it read. */
  private endOfFile(): never {
    if (this.depth > 0) {
      const last = this.tokens[this.tokens.length - 1];
      throw new Stop({ message: EOF_BLOCK, line: last ? last.line : this.line });
    }
    throw new Stop({ message: EOF_STATEMENT, line: this.line });
  }

  private loop(): void {
    const text = this.text;
    const n = text.length;
    for (;;) {
      while (this.i < n && isSpace(text[this.i]!)) {
        if (text[this.i] === '\n') this.line++;
        this.i++;
      }
      if (this.i >= n) {
        if (this.words > 0 || this.depth > 0) this.endOfFile();
        return;
      }
      const ch = text[this.i]!;
      if (ch === '#') {
        // crossplane reads `\` and the next character as one unit, so a comment ending in `\`
        // loses that backslash; and it drops a comment the file ends in without a newline.
        let j = this.i + 1;
        let value: string | null = null;
        while (j < n) {
          if (text[j] === '\\') {
            if (text[j + 1] === '\n') {
              value = text.slice(this.i, j);
              j++;
              break;
            }
            j += 2;
            continue;
          }
          if (text[j] === '\n') {
            value = text.slice(this.i, j);
            break;
          }
          j++;
        }
        if (value === null) {
          this.i = n;
          continue;
        }
        this.push(value, this.line, false);
        this.i = j;
        continue;
      }
      if (ch === ';' || ch === '{') {
        if (this.words === 0) throw new Stop({ message: `unexpected "${ch}"`, line: this.line });
        this.push(ch, this.line, false);
        if (ch === '{') this.depth++;
        this.words = 0;
        this.i++;
        continue;
      }
      if (ch === '}') {
        if (this.words > 0 || this.depth === 0)
          throw new Stop({ message: 'unexpected "}"', line: this.line });
        this.push(ch, this.line, false);
        this.depth--;
        this.i++;
        continue;
      }
      const first = this.words === 0;
      const endedBySpace = ch === '"' || ch === "'" ? this.quotedWord(ch) : this.word();
      if (first && endedBySpace && LUA_BLOCK_DIRECTIVES.has(this.tokens[this.tokens.length - 1]!.value)) {
        this.luaBlock(this.tokens[this.tokens.length - 1]!.value);
      }
    }
  }

  /** A word in quotes; true when a space (or nothing yet) follows it. */
  private quotedWord(quote: string): boolean {
    const text = this.text;
    const n = text.length;
    const line = this.line;
    let value = '';
    this.i++;
    for (;;) {
      if (this.i >= n) this.endOfFile();
      const c = text[this.i]!;
      if (c === '\\' && this.i + 1 < n) {
        const next = text[this.i + 1]!;
        value += next === quote ? quote : c + next;
        if (next === '\n') this.line++;
        this.i += 2;
        continue;
      }
      this.i++;
      if (c === quote) break;
      if (c === '\n') this.line++;
      value += c;
    }
    this.push(value, line, true);
    this.words++;
    if (this.i >= n) return true;
    const after = text[this.i]!;
    if (isSpace(after)) return true;
    if (after === ';' || after === '{' || after === ')') return false;
    throw new Stop({ message: `unexpected "${after}"`, line: this.line });
  }

  /** A word outside quotes, as nginx ends it; true when a space ended it. */
  private word(): boolean {
    const text = this.text;
    const n = text.length;
    const start = this.i;
    const line = this.line;
    let variable = false;
    for (;;) {
      if (this.i >= n) this.endOfFile();
      const c = text[this.i]!;
      if (c === '\\') {
        if (text[this.i + 1] === '\n') this.line++;
        this.i += 2;
        variable = false;
        continue;
      }
      if (c === '{' && variable) {
        this.i++;
        continue;
      }
      if (c === '$') {
        variable = true;
        this.i++;
        continue;
      }
      variable = false;
      if (isSpace(c) || c === ';' || c === '{') break;
      this.i++;
    }
    this.push(text.slice(start, this.i), line, false);
    this.words++;
    return isSpace(text[this.i]!);
  }

  /** The next character, counting lines; throws at the end of the file. */
  private take(): string {
    if (this.i >= this.text.length) this.endOfFile();
    const c = this.text[this.i++]!;
    if (c === '\n') this.line++;
    return c;
  }

  /** One character, or a backslash with the character it escapes (crossplane reads them as one). */
  private unit(): string {
    const c = this.take();
    if (c !== '\\' || this.i >= this.text.length) return c;
    return c + this.take();
  }

  /**
   * The Lua body of `*_by_lua_block { … }` as one quoted argument (without the outer braces),
   * then a `;`, as crossplane's Lua plugin reads it: braces inside Lua strings and `--`
   * comments do not count.
   */
  private luaBlock(directive: string): void {
    if (directive === 'set_by_lua_block') {
      let c = this.unit();
      while (isSpace(c)) c = this.unit();
      let arg = '';
      const line = this.line;
      while (!isSpace(c)) {
        arg += c;
        c = this.unit();
      }
      this.push(arg, line, false);
      this.words++;
    }
    let c = this.unit();
    while (isSpace(c)) c = this.unit();
    if (c !== '{') throw new Stop({ message: 'expected { to start Lua block', line: this.line });
    let depth = 1;
    let body = '';
    for (;;) {
      c = this.unit();
      if (c === '-' && this.text[this.i] === '-') {
        body += '-';
        c = this.unit();
        while (c !== '\n') {
          body += c;
          c = this.unit();
        }
      } else if (c === '{') {
        depth++;
      } else if (c === '}') {
        depth--;
      } else if (c === '"' || c === "'") {
        const quote = c;
        body += quote;
        c = this.unit();
        while (c !== quote) {
          body += c;
          c = this.unit();
        }
      }
      if (depth === 0) {
        this.push(body, this.line, true);
        this.push(';', this.line, false);
        this.words = 0;
        return;
      }
      body += c;
    }
  }
}
