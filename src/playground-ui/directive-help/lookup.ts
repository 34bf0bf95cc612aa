import { type ContextName, directiveInfo } from '../../../playground/src/index';
import { REFERENCE_ROWS } from './reference.data';

/**
 * What the config editor's help says about a directive: nginx.org's syntax, default and
 * contexts (reference.data.ts, generated from nginx.org's documentation sources), a one-line
 * explanation in the page's language (the `directive` dictionary namespace), and the address
 * of its entry on nginx.org. nginx.org has no Chinese reference any more (its site is built in
 * English and Russian only), so zh pages link the English one too.
 */

export const NGINX_DOCS = 'https://nginx.org/en/docs/';

export interface DirectiveHelp {
  name: string;
  /** One line per form, as nginx.org writes it: `proxy_read_timeout time;`. */
  syntax: string[];
  /** The documented default (nginx.org's latest), empty when there is none. */
  defaults: string[];
  /** A default that differs in older nginx versions, with the version it changed in. */
  defaultBefore: { version: string; value: string } | null;
  contexts: string[];
  /** The nginx version the directive appeared in, when nginx.org names one. */
  since: string | null;
  /** nginx.org's entry for it; null for the few directives nginx.org does not document. */
  url: string | null;
  /** The one-line explanation; null when the dictionary has none. */
  summary: string | null;
}

/**
 * Defaults nginx.org states only in prose: 1.29.7 changed them, and the playground models
 * older versions by default (1.22.1), where the old value holds.
 */
const DEFAULT_BEFORE: Record<string, { version: string; value: string }> = {
  proxy_http_version: { version: '1.29.7', value: 'proxy_http_version 1.0;' },
  keepalive: { version: '1.29.7', value: '' },
};

type Row = (typeof REFERENCE_ROWS)[number];

const ROWS = new Map<string, Row[]>();
for (const row of REFERENCE_ROWS) {
  const list = ROWS.get(row[0]);
  if (list) list.push(row);
  else ROWS.set(row[0], [row]);
}

/** nginx.org's address for a directive's entry (`…/ngx_http_proxy_module.html#proxy_pass`). */
export function referenceUrl(name: string, context: ContextName | null = null): string | null {
  const row = pick(name, context);
  return row ? `${NGINX_DOCS}${row[1]}#${name}` : null;
}

/** The entry documented for `context` (`server` in `upstream` is the upstream module's), else the first. */
function pick(name: string, context: ContextName | null): Row | undefined {
  const rows = ROWS.get(name);
  if (!rows) return undefined;
  return (context && rows.find((r) => r[4].split(', ').some((c) => inContext(c, context)))) || rows[0];
}

/** nginx.org writes `if` for both `if` contexts. */
function inContext(documented: string, context: ContextName): boolean {
  return documented === context || (documented === 'if' && context.startsWith('if '));
}

/**
 * Help for `name` read in `context`, or null for a name nginx does not know. `summaries` is the
 * `directive` namespace of one language: `name`, or `name.upstream` where the upstream form
 * means something else.
 */
export function directiveHelp(
  name: string,
  context: ContextName | null,
  summaries: Readonly<Record<string, string>>,
): DirectiveHelp | null {
  const row = pick(name, context);
  const defs = directiveInfo(name);
  if (!row && !defs) return null;
  const summary =
    (context === 'upstream' ? summaries[`${name}.upstream`] : undefined) ?? summaries[name] ?? null;
  if (!row) {
    // Known to nginx's source but not documented: the contexts come from the engine's table.
    const contexts = [...new Set(defs?.flatMap((d) => d.contexts) ?? [])];
    return {
      name,
      syntax: [],
      defaults: [],
      defaultBefore: null,
      contexts,
      since: null,
      url: null,
      summary,
    };
  }
  const [, page, syntax, defaults, contexts, since] = row;
  return {
    name,
    syntax: syntax ? syntax.split('\n') : [],
    defaults: defaults ? defaults.split('\n') : [],
    defaultBefore: DEFAULT_BEFORE[name] ?? null,
    contexts: contexts ? contexts.split(', ') : [],
    since: since || null,
    url: `${NGINX_DOCS}${page}#${name}`,
    summary,
  };
}
