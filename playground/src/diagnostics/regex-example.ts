/**
 * One string a location regex matches, for checking where such a URI goes: `^/api/v[0-9]+/ws$`
 * gives `/api/v0/ws`. Covers what location patterns use (classes, groups, alternatives,
 * quantifiers, escapes); the caller checks the result with the real regex, so a pattern this
 * reads wrong is skipped, never misreported.
 */
export function regexExample(pattern: string): string {
  let i = 0;

  function atom(): string {
    const c = pattern[i++] ?? '';
    if (c === '\\') {
      const e = pattern[i++] ?? '';
      return ({ d: '0', w: 'a', s: ' ', D: 'a', W: '-', S: 'a' } as Record<string, string>)[e] ?? e;
    }
    if (c === '.') return 'x';
    if (c === '[') {
      const negated = pattern[i] === '^';
      if (negated) i++;
      let first = '';
      while (i < pattern.length && (pattern[i] !== ']' || first === '')) {
        let ch = pattern[i++] ?? '';
        if (ch === '\\') ch = atomEscape(pattern[i++] ?? '');
        if (first === '') first = ch;
      }
      i++; // ]
      return negated ? 'x' : first;
    }
    if (c === '(') {
      if (pattern[i] === '?') {
        // (?:…) groups, (?<name>…) and (?P<name>…) captures: skip to the group's content.
        const close = pattern.indexOf(pattern[i + 1] === ':' ? ':' : '>', i);
        i = close + 1;
      }
      const first = alternatives();
      i++; // )
      return first;
    }
    return c;
  }

  function atomEscape(e: string): string {
    return ({ d: '0', w: 'a', s: ' ' } as Record<string, string>)[e] ?? e;
  }

  /** A sequence up to `|`, `)` or the end, with quantifiers applied. */
  function sequence(): string {
    let out = '';
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const c = pattern[i];
      if (c === '^' || c === '$') {
        i++;
        continue;
      }
      const piece = atom();
      const q = pattern[i];
      if (q === '?' || q === '*') {
        i++;
        if (pattern[i] === '?' || pattern[i] === '+') i++;
        continue;
      }
      if (q === '+') {
        i++;
        if (pattern[i] === '?' || pattern[i] === '+') i++;
      } else if (q === '{') {
        const m = /^\{(\d+)(,\d*)?\}/.exec(pattern.slice(i));
        if (m) {
          i += m[0].length;
          out += piece.repeat(Number(m[1]));
          continue;
        }
      }
      out += piece;
    }
    return out;
  }

  /** Alternatives `a|b|c`: the first one. */
  function alternatives(): string {
    const first = sequence();
    while (pattern[i] === '|') {
      i++;
      sequence();
    }
    return first;
  }

  return alternatives();
}
