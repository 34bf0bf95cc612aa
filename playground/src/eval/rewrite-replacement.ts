/**
 * A `rewrite` replacement as nginx's script codes build it (ngx_http_script_compile,
 * ngx_http_script_copy_capture_code, ngx_http_script_regex_end_code), the same in 1.22–1.30:
 * - a capture `$1`…`$9` is escaped as an argument (uri-escape.ts, class `args`) when it lands in
 *   the arguments (after the first literal `?` of an internal rewrite) or anywhere in a redirect,
 *   but only if the client's URI had a `%` or a `+` in its path (r->quoted_uri, r->plus_in_uri);
 *   variables (named captures too) are copied as they are;
 * - a redirect's text is then unescaped for the Location header (NGX_UNESCAPE_REDIRECT) up to
 *   its first `?`: `%2F` becomes `/`, `%3F` the `?` that starts the query, while what a header
 *   must not carry raw (controls, space, `"#$%`, bytes from DEL on) stays escaped.
 */
import { escapeUri, unescapeUri } from './uri-escape';
import type { RequestVariables } from './variables';

/**
 * The replacement (its final `?` already taken off) with variables and captures expanded.
 * `redirect`: the whole text is the Location; otherwise `?` splits the URI from the arguments.
 */
export function expandReplacement(replacement: string, vars: RequestVariables, redirect: boolean): string {
  const escapeCaptures = vars.quotedUri || vars.plusInUri;
  // For an internal rewrite the first literal `?` starts the arguments (sc->compile_args).
  const argsFrom = redirect ? 0 : replacement.indexOf('?');
  let out = '';
  let literal = '';
  const flush = () => {
    out += vars.interpolate(literal);
    literal = '';
  };
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i]!;
    const next = replacement[i + 1];
    if (ch === '$' && next !== undefined && next >= '1' && next <= '9') {
      flush();
      const value = vars.get(next);
      const inArgs = argsFrom >= 0 && i > argsFrom;
      out += escapeCaptures && (redirect || inArgs) ? escapeUri(value, 'args') : value;
      i++;
      continue;
    }
    literal += ch;
  }
  flush();
  return redirect ? unescapeUri(out, 'redirect') : out;
}
