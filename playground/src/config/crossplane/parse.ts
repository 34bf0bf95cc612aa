/**
 * `crossplane parse` (nginxinc/crossplane 0.5.x) rebuilt: the same payload, key for key and in
 * the same order, for the same options. It checks what crossplane checks — syntax, and each
 * directive's context and argument count — and keeps going after a directive error; `nginx -t`'s
 * further checks are `parseConfig` + `checkParsed`. Files are read through a host (the CLI's
 * file system), so this module stays free of Node.
 *
 * Documented differences from crossplane (where crossplane is wrong about nginx, or is Python):
 * see `docs/crossplane.md`.
 */
import { type AnalyzeChecks, analyzeStatement, type CrossplaneContext, enterBlock } from './analyze';
import { type CrossplaneToken, lexCrossplane } from './lex';

/** What the operating system said when a file could not be opened (Python's `OSError`). */
export interface OsError {
  /** null for a refusal of ours that Python has no errno for (a device, a file too large). */
  errno: number | null;
  strerror: string;
  /** Python's exception class, e.g. `FileNotFoundError` (for `--tb-onerror`). */
  name: string;
}

/** The file system as crossplane sees it. */
export interface CrossplaneHost {
  /** The file's text (invalid UTF-8 replaced by U+FFFD) or why it cannot be read. */
  read(path: string): { text: string } | { error: OsError };
  /**
   * Python's `glob.glob(pattern)`: the matching paths, spelled as the pattern spells them; or why
   * the host would not finish it (a pattern over the whole disk).
   */
  glob(pattern: string): string[] | { error: OsError };
}

export interface CrossplaneParseOptions {
  /** false: `--no-catch`, the first error in a file ends that file (its `parsed` is empty). */
  catchErrors?: boolean;
  /** `--ignore`: directives left out of the payload, blocks and all. */
  ignore?: readonly string[];
  /** `--single-file`: do not follow `include`. */
  single?: boolean;
  /** `--include-comments`: comments as `{"directive": "#", "comment": …}` statements. */
  comments?: boolean;
  /** `--strict`: unknown directives are errors. */
  strict?: boolean;
  /** `--combine`: one config with every include spliced in, each statement naming its file. */
  combine?: boolean;
  checkContext?: boolean;
  checkArguments?: boolean;
  /** `--tb-onerror`: each payload error gets a `callback` with the exception's last line. */
  tracebacks?: boolean;
}

export interface CrossplaneStatement {
  file?: string;
  directive: string;
  line: number;
  args: string[];
  includes?: number[];
  block?: CrossplaneStatement[];
  comment?: string;
}

export interface CrossplaneFileError {
  error: string;
  line: number | null;
}

export interface CrossplanePayloadError {
  file: string;
  error: string;
  line: number | null;
  callback?: string;
}

export interface CrossplaneConfig {
  file: string;
  status: 'ok' | 'failed';
  errors: CrossplaneFileError[];
  parsed: CrossplaneStatement[];
}

export interface CrossplanePayload {
  status: 'ok' | 'failed';
  errors: CrossplanePayloadError[];
  config: CrossplaneConfig[];
}

/** An exception as crossplane raises it: class name, message, line. */
class Raised extends Error {
  constructor(
    readonly kind: string,
    readonly text: string,
    readonly line: number | null,
  ) {
    super(text);
  }
}

/** crossplane's `NgxParserBaseException.__str__`: `REASON in FILE:LINE`. */
function located(reason: string, file: string, line: number | null): string {
  return line === null ? `${reason} in ${file}` : `${reason} in ${file}:${line}`;
}

/** Python's `repr()` of a str, the way `OSError.__str__` quotes a file name. */
export function pythonRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x7f || !NON_PRINTABLE.test(ch)) out += ch;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

/** Python's `str.isprintable()` is false for these categories (a plain space excepted). */
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function osErrorText(error: OsError, path: string): string {
  const errno = error.errno === null ? '' : `[Errno ${error.errno}] `;
  return `${errno}${error.strerror}: ${pythonRepr(path)}`;
}

/** Python's `os.path.dirname`. */
export function pythonDirname(path: string): string {
  const head = path.slice(0, path.lastIndexOf('/') + 1);
  if (head && !/^\/+$/.test(head)) return head.replace(/\/+$/, '');
  return head;
}

/** Python's `os.path.join` of two parts. */
export function pythonJoin(dir: string, name: string): string {
  if (name.startsWith('/')) return name;
  return dir === '' || dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** Python's `glob.has_magic`. */
function hasMagic(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** crossplane's `_prepare_if_args`: the parentheses of `if (…)` are syntax, not arguments. */
function prepareIfArgs(args: string[]): void {
  if (args.length === 0 || !args[0]!.startsWith('(') || !args[args.length - 1]!.endsWith(')')) return;
  args[0] = args[0]!.slice(1).replace(/^\s+/, '');
  const last = args.length - 1;
  args[last] = args[last]!.slice(0, -1).replace(/\s+$/, '');
  const start = args[0] ? 0 : 1;
  const end = args.length - (args[last] ? 0 : 1);
  args.splice(0, args.length, ...args.slice(start, end));
}

/** Deeper blocks are an error: real configs nest fewer than ten levels. */
const MAX_NESTING = 500;

class TokenStream {
  private pos = 0;
  constructor(
    private readonly tokens: CrossplaneToken[],
    private readonly error: { message: string; line: number } | null,
    private readonly file: string,
  ) {}

  /** The next token, or null at the end; a syntax error is raised when reached, as in crossplane. */
  next(): CrossplaneToken | null {
    const token = this.tokens[this.pos];
    if (token) {
      this.pos++;
      return token;
    }
    if (this.error) {
      throw new Raised(
        'NgxParserSyntaxError',
        located(this.error.message, this.file, this.error.line),
        this.error.line,
      );
    }
    return null;
  }

  /** Inside a statement the file cannot just end: the lexer has reported why already. */
  must(): CrossplaneToken {
    const token = this.next();
    if (!token)
      throw new Raised('NgxParserSyntaxError', located('unexpected end of file', this.file, null), null);
    return token;
  }
}

function isBare(token: CrossplaneToken, value: string): boolean {
  return token.value === value && !token.quoted;
}

/** Parses `filename` and every file it includes, as `crossplane.parse(filename, …)`. */
export function crossplaneParse(
  filename: string,
  host: CrossplaneHost,
  options: CrossplaneParseOptions = {},
): CrossplanePayload {
  const catchErrors = options.catchErrors ?? true;
  const ignore = new Set(options.ignore ?? []);
  const checks: AnalyzeChecks = {
    strict: options.strict ?? false,
    checkContext: options.checkContext ?? true,
    checkArguments: options.checkArguments ?? true,
  };
  const configDir = pythonDirname(filename);
  const payload: CrossplanePayload = { status: 'ok', errors: [], config: [] };
  const includes: Array<{ file: string; ctx: CrossplaneContext }> = [{ file: filename, ctx: [] }];
  const included = new Map<string, number>([[filename, 0]]);

  function handleError(parsing: CrossplaneConfig, error: Raised): void {
    parsing.status = 'failed';
    parsing.errors.push({ error: error.text, line: error.line });
    const entry: CrossplanePayloadError = { file: parsing.file, error: error.text, line: error.line };
    if (options.tracebacks) entry.callback = `${error.kind}: ${error.text}`;
    payload.status = 'failed';
    payload.errors.push(entry);
  }

  function consume(tokens: TokenStream): void {
    let depth = 0;
    for (let token = tokens.next(); token; token = tokens.next()) {
      if (isBare(token, '}')) {
        if (depth === 0) return;
        depth--;
      } else if (isBare(token, '{')) depth++;
    }
  }

  function statement(file: string, directive: string, line: number): CrossplaneStatement {
    return options.combine ? { file, directive, line, args: [] } : { directive, line, args: [] };
  }

  function expandInclude(parsing: CrossplaneConfig, stmt: CrossplaneStatement, ctx: CrossplaneContext): void {
    const arg = stmt.args[0];
    if (arg === undefined) return;
    const pattern = arg.startsWith('/') ? arg : pythonJoin(configDir, arg);
    stmt.includes = [];
    let names: string[];
    if (hasMagic(pattern)) {
      const found = host.glob(pattern);
      if ('error' in found) {
        names = [];
        const error = new Raised(found.error.name, osErrorText(found.error, pattern), stmt.line);
        if (!catchErrors) throw error;
        handleError(parsing, error);
      } else {
        names = [...found].sort();
      }
    } else {
      const opened = host.read(pattern);
      if ('error' in opened) {
        names = [];
        const error = new Raised(opened.error.name, osErrorText(opened.error, pattern), stmt.line);
        if (!catchErrors) throw error;
        handleError(parsing, error);
      } else {
        names = [pattern];
      }
    }
    for (const name of names) {
      let index = included.get(name);
      if (index === undefined) {
        index = includes.length;
        included.set(name, index);
        includes.push({ file: name, ctx });
      }
      stmt.includes.push(index);
    }
  }

  function parseBlock(
    parsing: CrossplaneConfig,
    tokens: TokenStream,
    ctx: CrossplaneContext,
    depth = 0,
  ): CrossplaneStatement[] {
    const parsed: CrossplaneStatement[] = [];
    const file = parsing.file;
    for (let token = tokens.next(); token; token = tokens.next()) {
      if (isBare(token, '}')) break;
      const stmt = statement(file, token.value, token.line);
      if (!token.quoted && token.value.startsWith('#')) {
        if (options.comments) {
          stmt.directive = '#';
          stmt.comment = token.value.slice(1);
          parsed.push(stmt);
        }
        continue;
      }
      const commentsInArgs: string[] = [];
      let term = tokens.must();
      while (term.quoted || (term.value !== '{' && term.value !== ';' && term.value !== '}')) {
        if (!term.quoted && term.value.startsWith('#')) commentsInArgs.push(term.value.slice(1));
        else stmt.args.push(term.value);
        term = tokens.must();
      }
      if (ignore.has(stmt.directive)) {
        if (isBare(term, '{')) consume(tokens);
        continue;
      }
      if (stmt.directive === 'if') prepareIfArgs(stmt.args);
      const problem = analyzeStatement(stmt.directive, stmt.args, term.value, ctx, checks);
      if (problem) {
        const error = new Raised(problem.kind, located(problem.reason, file, stmt.line), stmt.line);
        if (!catchErrors) throw error;
        handleError(parsing, error);
        if (problem.reason.endsWith(' is not terminated by ";"')) {
          if (!isBare(term, '}')) consume(tokens);
          else break;
        }
        continue;
      }
      if (!options.single && stmt.directive === 'include') expandInclude(parsing, stmt, ctx);
      if (isBare(term, '{')) {
        // Python stops crossplane near 1,000 levels (RecursionError); a stack must not overflow here either.
        if (depth >= MAX_NESTING) {
          throw new Raised(
            'RecursionError',
            located(`blocks nested more than ${MAX_NESTING} levels deep`, file, stmt.line),
            stmt.line,
          );
        }
        stmt.block = parseBlock(parsing, tokens, enterBlock(stmt.directive, ctx), depth + 1);
      }
      parsed.push(stmt);
      for (const comment of commentsInArgs) {
        parsed.push({ directive: '#', line: stmt.line, args: [], comment });
      }
    }
    return parsed;
  }

  // The list grows while it is read: each include appends the files it names.
  for (let k = 0; k < includes.length; k++) {
    const { file, ctx } = includes[k]!;
    const parsing: CrossplaneConfig = { file, status: 'ok', errors: [], parsed: [] };
    try {
      const source = host.read(file);
      if ('error' in source) throw new Raised(source.error.name, osErrorText(source.error, file), null);
      const lexed = lexCrossplane(source.text);
      parsing.parsed = parseBlock(parsing, new TokenStream(lexed.tokens, lexed.error, file), ctx);
    } catch (error) {
      if (!(error instanceof Raised)) throw error;
      handleError(parsing, error);
    }
    payload.config.push(parsing);
  }
  return options.combine ? combineConfigs(payload) : payload;
}

/**
 * `--combine`: the first file with every `include` replaced by the statements of the files it
 * names, recursively. crossplane recurses for ever on a file that includes itself; here such an
 * include is left in place, unexpanded.
 */
export function combineConfigs(payload: CrossplanePayload): CrossplanePayload {
  const configs = payload.config;
  const expanding = new Set<number>();
  function perform(block: CrossplaneStatement[]): CrossplaneStatement[] {
    const out: CrossplaneStatement[] = [];
    for (const stmt of block) {
      if (stmt.block) stmt.block = perform(stmt.block);
      if (!stmt.includes) {
        out.push(stmt);
        continue;
      }
      if (stmt.includes.some((index) => expanding.has(index))) {
        out.push(stmt);
        continue;
      }
      for (const index of stmt.includes) {
        expanding.add(index);
        out.push(...perform(configs[index]?.parsed ?? []));
        expanding.delete(index);
      }
    }
    return out;
  }
  const combined: CrossplaneConfig = { file: configs[0]?.file ?? '', status: 'ok', errors: [], parsed: [] };
  for (const config of configs) {
    combined.errors.push(...(config.errors ?? []));
    if ((config.status ?? 'ok') === 'failed') combined.status = 'failed';
  }
  if (configs[0]) {
    expanding.add(0);
    combined.parsed = perform(configs[0].parsed);
  }
  return { status: payload.status ?? 'ok', errors: payload.errors ?? [], config: [combined] };
}
