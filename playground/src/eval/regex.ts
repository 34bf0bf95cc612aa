/**
 * Regular expressions from the config (`location ~`, `map ~`, `server_name ~`) are PCRE in
 * nginx and JavaScript RegExp here. The runner is injectable (`simulate(s, {regex})`) so a
 * host can plug in a safe engine; the default one translates the PCRE syntax that has a JS
 * equivalent, refuses what has none, caps subject length and never runs patterns that can
 * backtrack catastrophically (nested quantifiers), because those could hang the caller.
 *
 * PCRE → JS differences handled: `(?P<n>…)` / `(?'n'…)` named groups, a leading `(?i)`,
 * `\A` `\z` `\Z`, `\h`, POSIX classes such as `[[:alpha:]]`. Refused: possessive quantifiers
 * (`a++`), atomic groups (`(?>…)`), recursion (`(?R)`, `(?1)`), conditionals, `\G`, `\K`.
 * Not modelled: PCRE's `$` also matching before a final newline (request URIs never carry one).
 */

export interface RegexMatch {
  /** [whole match, $1, $2, …]; unmatched groups are ''. */
  captures: string[];
  /** Named groups (`(?<name>…)`), usable as `$name` in nginx. */
  groups: Record<string, string>;
}

export interface CompiledRegex {
  exec(subject: string): RegexMatch | null;
}

/** The config line a regex comes from. */
export interface RegexOrigin {
  file: string;
  line: number;
}

export interface RegexRunner {
  /**
   * Returns a compiled pattern, or a message saying why it cannot be used. `origin` is where
   * the pattern is written, for runners that report what they run (`watchedRegexRunner`).
   */
  compile(pattern: string, caseless: boolean, origin?: RegexOrigin): CompiledRegex | { error: string };
}

/** A regex about to run: what a host's watchdog names when the run never ends. */
export interface RegexRun {
  pattern: string;
  /** null when the engine compiled it without saying where it is written. */
  origin: RegexOrigin | null;
  /** Characters the regex is run on (after the `MAX_SUBJECT_LENGTH` cut). */
  subjectLength: number;
}

/** Longest subject the default runner matches; longer values are cut (URIs this long are rare). */
export const MAX_SUBJECT_LENGTH = 4096;

const UNSUPPORTED: Array<[RegExp, string]> = [
  [/\(\?>/, 'atomic groups (?>…)'],
  [/\(\?(?:R|[+-]?\d+)\)/, 'recursion (?R)'],
  [/\(\?\(/, 'conditional groups (?(…)…)'],
  [/(?:^|[^\\])(?:\\\\)*\\[GK]/, '\\G or \\K'],
  // `}` ends a quantifier only as `{n}`/`{n,m}`: `\p{N}+` is a property repeated, not possessive.
  [/(?:^|[^\\])(?:\\\\)*(?:[*+?]|\{\d+(?:,\d*)?\})\+/, 'possessive quantifiers (a++)'],
];

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

/** Translates PCRE syntax to JS; returns the JS source and flags, or an error. */
export function pcreToJs(
  pattern: string,
  caseless: boolean,
): { source: string; flags: string } | { error: string } {
  for (const [re, what] of UNSUPPORTED) {
    if (re.test(pattern)) return { error: `PCRE feature not supported by the simulator: ${what}` };
  }
  // \Q…\E quotes its text literally (to \E or the end).
  let source = pattern.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_, text: string) =>
    text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'),
  );
  // Unicode properties (\p{N}) need JS's unicode mode; other patterns keep the lenient one.
  let flags = (caseless ? 'i' : '') + (/\\[pP]\{/.test(source) ? 'u' : '');
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    if (inline[1]!.includes('x'))
      return { error: 'PCRE extended mode (?x) is not supported by the simulator' };
    for (const f of inline[1]!) if (!flags.includes(f)) flags += f;
    source = source.slice(inline[0].length);
  }
  source = source
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?'([A-Za-z_]\w*)'/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\[:(\w+):\]/g, (whole, name: string) => POSIX_CLASSES[name] ?? whole)
    .replace(/(^|[^\\])((?:\\\\)*)\\A/g, '$1$2^')
    .replace(/(^|[^\\])((?:\\\\)*)\\z/g, '$1$2$')
    .replace(/(^|[^\\])((?:\\\\)*)\\Z/g, '$1$2(?=\\n?$)')
    .replace(/(^|[^\\])((?:\\\\)*)\\h/g, '$1$2[ \\t]');
  if (/\[:\w+:\]/.test(source)) return { error: 'unknown POSIX class in regex' };
  return { source, flags };
}

/**
 * Finds a quantified group whose body is itself quantified (`(a+)+`, `(\w*)*`, `(a|b+){2,}`):
 * the shape that makes a backtracking engine take exponential time on a near-miss subject.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  // Stack of "does this open group contain a quantifier" flags.
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (ch === '(') {
      stack.push(false);
      continue;
    }
    if (ch === ')') {
      const inner = stack.pop() ?? false;
      const next = pattern[i + 1];
      const quantified =
        next === '*' || next === '+' || (next === '{' && /^\{\d*,\d*\}/.test(pattern.slice(i + 1)));
      if (inner && quantified) return true;
      if (stack.length > 0 && (inner || quantified)) stack[stack.length - 1] = true;
      continue;
    }
    if ((ch === '*' || ch === '+' || ch === '{') && stack.length > 0) {
      if (ch !== '{' || /^\{\d*,\d*\}/.test(pattern.slice(i))) stack[stack.length - 1] = true;
    }
  }
  return false;
}

/** Splits a group body at its top-level `|` (null when it holds a nested group or a class). */
function literalBranches(body: string): string[] | null {
  const branches: string[] = [''];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\') {
      const next = body[i + 1];
      // `\.` is the literal dot; `\w`, `\d`, `\s`… are classes.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return null;
      branches[branches.length - 1] += next;
      i++;
    } else if (ch === '|') branches.push('');
    else if ('()[]{}.*+?^$'.includes(ch)) return null;
    else branches[branches.length - 1] += ch;
  }
  return branches;
}

/**
 * Finds an unboundedly repeated group with alternatives that can match the same text
 * (`(a|aa)*`, `(\w|\d)+`): as slow on a near-miss subject as a nested quantifier. Allowed are
 * literal alternatives none of which starts another (`(css|js)+`, `(a|b)*`), since the text
 * then decides which one matches at each step.
 */
export function hasAmbiguousAlternation(pattern: string): boolean {
  const starts: number[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++;
    } else if (ch === '(') starts.push(i);
    else if (ch === ')') {
      const start = starts.pop();
      if (start === undefined) continue;
      const next = pattern[i + 1];
      const unbounded =
        next === '*' || next === '+' || (next === '{' && /^\{\d*,\}/.test(pattern.slice(i + 1)));
      if (!unbounded) continue;
      // Drop the group's own prefix: `?:`, `?<name>`, `?P<name>`, `?'name'`.
      const body = pattern.slice(start + 1, i).replace(/^\?(?::|P?<[A-Za-z_]\w*>|'[A-Za-z_]\w*')/, '');
      if (!hasTopLevelBar(body)) continue;
      const branches = literalBranches(body);
      if (!branches) return true;
      // One alternative starting another (an empty one starts every other) is ambiguous.
      for (let a = 0; a < branches.length; a++) {
        for (let b = 0; b < branches.length; b++)
          if (a !== b && branches[b]!.startsWith(branches[a]!)) return true;
      }
    }
  }
  return false;
}

function hasTopLevelBar(body: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

function wrap(re: RegExp): CompiledRegex {
  return {
    exec(subject: string): RegexMatch | null {
      re.lastIndex = 0;
      const m = re.exec(subject.length > MAX_SUBJECT_LENGTH ? subject.slice(0, MAX_SUBJECT_LENGTH) : subject);
      if (!m) return null;
      const groups: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) groups[k] = v ?? '';
      return { captures: Array.from(m, (v) => v ?? ''), groups };
    },
  };
}

/** Compiled patterns are kept across simulations: the playground re-runs the same config often. */
const cache = new Map<string, CompiledRegex | { error: string }>();
const CACHE_LIMIT = 512;

/** The default runner: JS RegExp after `pcreToJs`, refusing nested quantifiers and ambiguous repeated alternatives. */
export const defaultRegexRunner: RegexRunner = {
  compile(pattern, caseless) {
    const key = `${caseless ? 'i' : '-'}${pattern}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let result: CompiledRegex | { error: string };
    if (hasNestedQuantifier(pattern)) {
      result = {
        error:
          'regex has a nested quantifier and may backtrack catastrophically; the simulator does not run it',
      };
    } else if (hasAmbiguousAlternation(pattern)) {
      result = {
        error:
          'regex repeats alternatives that can match the same text and may backtrack catastrophically; the simulator does not run it',
      };
    } else {
      const translated = pcreToJs(pattern, caseless);
      if ('error' in translated) result = translated;
      else {
        try {
          result = wrap(new RegExp(translated.source, translated.flags));
        } catch (error) {
          result = { error: `invalid regex: ${(error as Error).message}` };
        }
      }
    }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, result);
    return result;
  },
};

/**
 * Wraps a runner so that `onRun` hears of each regex just before it runs and (with null) just
 * after. No pattern-shape check catches every slow regex (`^.*a.*a.*a.*b$` is polynomial, not
 * nested), so hosts run the engine under a time limit; this tells their watchdog which config
 * line to blame when it fires. The engine itself never looks at a clock.
 */
export function watchedRegexRunner(inner: RegexRunner, onRun: (run: RegexRun | null) => void): RegexRunner {
  return {
    compile(pattern, caseless, origin) {
      const compiled = inner.compile(pattern, caseless, origin);
      if ('error' in compiled) return compiled;
      return {
        exec(subject) {
          onRun({
            pattern,
            origin: origin ?? null,
            subjectLength: Math.min(subject.length, MAX_SUBJECT_LENGTH),
          });
          try {
            return compiled.exec(subject);
          } finally {
            onRun(null);
          }
        },
      };
    },
  };
}

/** A runner that compiles with plain JS RegExp (after translation) and no safety check: for hosts that isolate it. */
export const unguardedRegexRunner: RegexRunner = {
  compile(pattern, caseless) {
    const translated = pcreToJs(pattern, caseless);
    if ('error' in translated) return translated;
    try {
      return wrap(new RegExp(translated.source, translated.flags));
    } catch (error) {
      return { error: `invalid regex: ${(error as Error).message}` };
    }
  },
};
