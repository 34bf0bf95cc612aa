/**
 * proxy_cookie_domain, proxy_cookie_path and proxy_cookie_flags (ngx_http_proxy_rewrite_cookie):
 * how nginx edits each Set-Cookie of an upstream's response. The header is split into
 * attributes at `;`; Domain and Path values are rewritten by the first matching rule, then the
 * first flags rule whose cookie name matches adds or removes Secure, HttpOnly and SameSite.
 * A header nothing changed is passed as it came.
 */
import { inheritanceChain, settingsAt } from '../config/inherit';
import type { ConfigNode } from '../config/tree';
import type { CompiledRegex, RegexRunner } from './regex';
import type { RequestVariables } from './variables';

type ValueRule =
  | { kind: 'domain'; pattern: string; replacement: string }
  | { kind: 'prefix'; pattern: string; replacement: string }
  | { kind: 'regex'; regex: CompiledRegex; replacement: string };

interface FlagsRule {
  cookie: { regex: CompiledRegex } | { name: string };
  flags: string[];
}

export interface CookieRules {
  domains: ValueRule[] | null;
  paths: ValueRule[] | null;
  flags: FlagsRule[] | null;
}

type CookieDirective = 'proxy_cookie_domain' | 'proxy_cookie_path' | 'proxy_cookie_flags';

/** The innermost level with any lines of `name` (ngx_conf_merge_ptr_value); `off` there: none. */
function linesOf(conf: ConfigNode, name: CookieDirective): ConfigNode[] | null {
  const level = inheritanceChain(conf).find((l) => settingsAt(l, name).length > 0);
  const lines = level ? settingsAt(level, name) : [];
  if (lines.length === 0 || lines.some((d) => d.args.length === 1 && d.args[0] === 'off')) return null;
  return lines;
}

export function cookieRules(conf: ConfigNode, runner: RegexRunner): CookieRules | null {
  const compile = (pattern: string, caseless: boolean): CompiledRegex | null => {
    const c = runner.compile(pattern, caseless);
    return 'error' in c ? null : c;
  };
  const domains = linesOf(conf, 'proxy_cookie_domain')?.flatMap((d): ValueRule[] => {
    const [from = '', to = ''] = d.args;
    if (from.startsWith('~')) {
      const regex = compile(from.slice(1), true);
      return regex ? [{ kind: 'regex', regex, replacement: to }] : [];
    }
    return [{ kind: 'domain', pattern: from.replace(/^\./, ''), replacement: to.replace(/^\./, '') }];
  });
  const paths = linesOf(conf, 'proxy_cookie_path')?.flatMap((d): ValueRule[] => {
    const [from = '', to = ''] = d.args;
    if (from.startsWith('~')) {
      const caseless = from.startsWith('~*');
      const regex = compile(from.slice(caseless ? 2 : 1), caseless);
      return regex ? [{ kind: 'regex', regex, replacement: to }] : [];
    }
    return [{ kind: 'prefix', pattern: from, replacement: to }];
  });
  const flags = linesOf(conf, 'proxy_cookie_flags')?.flatMap((d): FlagsRule[] => {
    const [cookie = '', ...rest] = d.args;
    if (cookie.startsWith('~')) {
      const caseless = cookie.startsWith('~*');
      const regex = compile(cookie.slice(caseless ? 2 : 1), caseless);
      return regex ? [{ cookie: { regex }, flags: rest }] : [];
    }
    return [{ cookie: { name: cookie }, flags: rest }];
  });
  if (!domains && !paths && !flags) return null;
  return { domains: domains ?? null, paths: paths ?? null, flags: flags ?? null };
}

interface Attr {
  key: string | null;
  value: string | null;
}

/** ngx_http_proxy_parse_cookie: `name[=value]` pieces between `;`, spaces around trimmed. */
function parseCookie(header: string): Attr[] {
  return header.split(';').map((piece) => {
    const eq = piece.indexOf('=');
    if (eq < 0) return { key: piece.trim(), value: null };
    return { key: piece.slice(0, eq).trim(), value: piece.slice(eq + 1).trim() };
  });
}

function rewriteValue(value: string, rules: ValueRule[], vars: RequestVariables): string | null {
  for (const rule of rules) {
    if (rule.kind === 'domain') {
      const v = value.startsWith('.') ? value.slice(1) : value;
      const pattern = vars.interpolate(rule.pattern);
      if (v.toLowerCase() !== pattern.toLowerCase()) continue;
      return (value.startsWith('.') ? '.' : '') + vars.interpolate(rule.replacement);
    }
    if (rule.kind === 'prefix') {
      const pattern = vars.interpolate(rule.pattern);
      if (!value.startsWith(pattern)) continue;
      return vars.interpolate(rule.replacement) + value.slice(pattern.length);
    }
    const m = rule.regex.exec(value);
    if (!m) continue;
    vars.captures = m;
    return vars.interpolate(rule.replacement);
  }
  return null;
}

const FLAG_NAMES = [
  'secure',
  'nosecure',
  'httponly',
  'nohttponly',
  'samesite=strict',
  'samesite=lax',
  'samesite=none',
  'nosamesite',
];

/** ngx_http_proxy_rewrite_cookie: the header as nginx passes it on. */
export function rewriteSetCookie(header: string, rules: CookieRules, vars: RequestVariables): string {
  const attrs = parseCookie(header);
  if (attrs[0]?.value === null) return header;
  let changed = false;
  for (const attr of attrs.slice(1)) {
    const key = attr.key?.toLowerCase();
    if (attr.value === null) continue;
    const list = key === 'domain' ? rules.domains : key === 'path' ? rules.paths : null;
    if (!list) continue;
    const v = rewriteValue(attr.value, list, vars);
    if (v !== null) {
      attr.value = v;
      changed = true;
    }
  }
  if (rules.flags && editFlags(attrs, rules.flags, vars)) changed = true;
  if (!changed) return header;
  return attrs
    .filter((a) => a.key !== null)
    .map((a) => (a.value !== null ? `${a.key}=${a.value}` : a.key))
    .join('; ');
}

function editFlags(attrs: Attr[], rules: FlagsRule[], vars: RequestVariables): boolean {
  const name = attrs[0]!.key ?? '';
  const rule = rules.find((r) =>
    'regex' in r.cookie
      ? r.cookie.regex.exec(name) !== null
      : vars.interpolate(r.cookie.name).toLowerCase() === name.toLowerCase(),
  );
  if (!rule) return false;
  const set = new Set<string>();
  for (const raw of rule.flags) {
    const v = vars.interpolate(raw).toLowerCase();
    if (FLAG_NAMES.includes(v)) set.add(v);
  }
  if (set.size === 0) return false;
  // One setting per flag kind: nginx's bit mask keeps the first of each pair it finds.
  let secure = set.has('secure') ? 'on' : set.has('nosecure') ? 'off' : null;
  let httponly = set.has('httponly') ? 'on' : set.has('nohttponly') ? 'off' : null;
  let samesite = set.has('samesite=strict')
    ? 'Strict'
    : set.has('samesite=lax')
      ? 'Lax'
      : set.has('samesite=none')
        ? 'None'
        : set.has('nosamesite')
          ? 'off'
          : null;
  for (const attr of attrs.slice(1)) {
    const key = attr.key?.toLowerCase();
    if (key === 'secure') {
      if (secure === 'on') secure = null;
      else if (secure === 'off') attr.key = null;
    } else if (key === 'httponly') {
      if (httponly === 'on') httponly = null;
      else if (httponly === 'off') attr.key = null;
    } else if (key === 'samesite') {
      if (samesite === 'off') attr.key = null;
      else if (samesite !== null) {
        if ((attr.value ?? '').toLowerCase() !== samesite.toLowerCase()) {
          attr.key = 'SameSite';
          attr.value = samesite;
        }
        samesite = null;
      }
    }
  }
  if (secure === 'on') attrs.push({ key: 'Secure', value: null });
  if (httponly === 'on') attrs.push({ key: 'HttpOnly', value: null });
  if (samesite !== null && samesite !== 'off') attrs.push({ key: 'SameSite', value: samesite });
  return true;
}
