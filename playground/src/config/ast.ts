/**
 * The parsed config, shaped exactly like crossplane's JSON output so that existing tools
 * (crossplane build, gixy-style analysers) can read what we emit.
 */
export interface Directive {
  directive: string;
  /** 1-based line where the directive's name starts. */
  line: number;
  args: string[];
  /** Present for block directives (http, server, location, map, upstream, if, events …). */
  block?: Directive[];
  /** For `include`: indexes into the envelope's `config` array of the files it pulled in. */
  includes?: number[];
}

export interface ConfigError {
  file: string;
  /** nginx prints some messages with no line (e.g. `unknown "x" variable`). */
  line: number | null;
  /**
   * The message as `nginx -t` words it, without the ` in FILE:LINE` tail. For the simulator's
   * own notes that carry `explain`, the reason code: render `explain` instead.
   */
  error: string;
  /** Stable machine-readable code, e.g. `unexpected-brace`, `unknown-directive`. */
  code: string;
  /** Optional "did you mean" hint and the like; never part of nginx's own message. */
  hint?: string;
  /** For `unknown-directive`: the known directive name the hint proposes (for localized UIs). */
  suggestion?: string;
  /** The message as a reason code with parameters (see `reasonCodes`), rendered by the site and the CLI. */
  explain?: { code: string; params?: Record<string, string | number> };
}

export interface ConfigFile {
  file: string;
  status: 'ok' | 'failed';
  errors: ConfigError[];
  parsed: Directive[];
}

/** crossplane's envelope: `{status, errors, config: [{file, status, errors, parsed}]}`. */
export interface ParseResult {
  status: 'ok' | 'failed';
  errors: ConfigError[];
  config: ConfigFile[];
}

/** Source position of a directive: every tree node carries one (`ConfigNode.span`), never the JSON. */
export interface Span {
  file: string;
  line: number;
  /** 1-based column of the directive name. */
  col: number;
  endLine: number;
  /** 1-based column just past the terminating `;` or `{`. */
  endCol: number;
  /** For block directives: line and column of the closing `}` (absent when the file ended first). */
  blockEndLine?: number;
  blockEndCol?: number;
}
