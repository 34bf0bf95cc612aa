/**
 * proxy_redirect (ngx_http_proxy_rewrite_redirect): how nginx rewrites the `Location` and the
 * `url=` part of `Refresh` of an upstream's response. Rules are tried in order; the first whose
 * pattern matches replaces the matched part. Without any rule at any level, the implicit
 * `default` maps the proxy_pass URL back to the location; `off` turns rewriting off.
 */
import { inheritanceChain, settingsAt } from '../config/inherit';
import type { ConfigNode } from '../config/tree';
import type { LocationModel } from './model';
import type { ProxyTarget } from './proxy';
import type { CompiledRegex, RegexRunner } from './regex';
import type { RequestVariables } from './variables';

export type RedirectRule =
  /** A prefix (variables expanded when the response arrives) replaced by `replacement`. */
  | { kind: 'prefix'; pattern: string; replacement: string; directive: ConfigNode | null }
  /** `~` / `~*`: the whole rest of the value replaced, with the pattern's captures as `$1`…. */
  | { kind: 'regex'; regex: CompiledRegex; replacement: string; directive: ConfigNode };

/** The rules that apply (null: `proxy_redirect off`, or nothing to rewrite with). */
export function redirectRules(
  conf: ConfigNode,
  target: ProxyTarget,
  proxyPass: ConfigNode,
  location: LocationModel | null,
  runner: RegexRunner,
): RedirectRule[] | null {
  const level = inheritanceChain(conf).find((l) => settingsAt(l, 'proxy_redirect').length > 0);
  const lines = level ? settingsAt(level, 'proxy_redirect') : [];
  if (lines.some((d) => d.args.length === 1 && d.args[0] === 'off')) return null;
  const written = proxyPass.args[0] ?? '';
  // No default for a proxy_pass with variables (nginx -t refuses an explicit one).
  const implicit = (directive: ConfigNode | null): RedirectRule | null => {
    if (written.includes('$')) return null;
    return target.uriPart !== null
      ? { kind: 'prefix', pattern: written, replacement: defaultLocation(location), directive }
      : { kind: 'prefix', pattern: `${written}/`, replacement: '/', directive };
  };
  if (lines.length === 0) {
    const rule = implicit(null);
    return rule ? [rule] : null;
  }
  const rules: RedirectRule[] = [];
  for (const d of lines) {
    const [from = '', to = ''] = d.args;
    if (d.args.length === 1) {
      const rule = implicit(d);
      if (rule) rules.push(rule);
    } else if (from.startsWith('~')) {
      const caseless = from.startsWith('~*');
      const compiled = runner.compile(from.slice(caseless ? 2 : 1), caseless);
      if (!('error' in compiled))
        rules.push({ kind: 'regex', regex: compiled, replacement: to, directive: d });
    } else rules.push({ kind: 'prefix', pattern: from, replacement: to, directive: d });
  }
  return rules;
}

/** plcf->location: the location's name for a prefix location, nothing for a regex or named one. */
function defaultLocation(location: LocationModel | null): string {
  if (!location || location.modifier === '~' || location.modifier === '~*' || location.modifier === '@')
    return '';
  return location.pattern;
}

/**
 * `value` with its part from `prefix` on rewritten by the first rule that matches, or null when
 * none does (the header is then passed as it came).
 */
export function rewriteRedirect(
  value: string,
  prefix: number,
  rules: readonly RedirectRule[],
  vars: RequestVariables,
): string | null {
  const rest = value.slice(prefix);
  for (const rule of rules) {
    if (rule.kind === 'prefix') {
      const pattern = vars.interpolate(rule.pattern);
      if (!rest.startsWith(pattern)) continue;
      return value.slice(0, prefix) + vars.interpolate(rule.replacement) + rest.slice(pattern.length);
    }
    const m = rule.regex.exec(rest);
    if (!m) continue;
    vars.captures = m;
    return value.slice(0, prefix) + vars.interpolate(rule.replacement);
  }
  return null;
}
