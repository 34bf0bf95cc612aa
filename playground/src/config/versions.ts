/**
 * What `nginx -t` accepts differently by nginx version: directives and variables that came or
 * went, and values a directive started to accept (nginx's CHANGES; each row is proven by a
 * `conformance/version-*` scenario, docs/nginx-behaviour.md "Versions"). The runtime
 * differences are in eval/version.ts.
 */

/** The version modelled when none is given: the one the project was first proven against. */
export const DEFAULT_NGINX_VERSION = '1.22.1';

function parts(v: string): number[] {
  return v.split('.').map((n) => Number.parseInt(n, 10) || 0);
}

export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

interface Span {
  /** First version that has it. */
  since?: string;
  /** First version that no longer has it. */
  until?: string;
}

function within(span: Span | undefined, version: string): boolean {
  if (!span) return true;
  if (span.since && compareVersions(version, span.since) < 0) return false;
  if (span.until && compareVersions(version, span.until) >= 0) return false;
  return true;
}

/** Directives of the 1.22.1 table (directives.data.ts) that later versions dropped, or directives added later. */
const DIRECTIVES: Record<string, Span> = {
  // CHANGES 1.25.1: the "ssl" directive is removed; the "http2" directive replaces "listen … http2".
  ssl: { until: '1.25.1' },
  http2: { since: '1.25.1' },
};

/**
 * Directives newer than the generated 1.22.1 table, as rows of that table
 * ([name, module type, NGX_* flags, setter, keyword table]).
 */
export const LATER_DIRECTIVE_ROWS = [
  // NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_FLAG (ngx_http_v2_module.c, 1.25.1)
  ['http2', 'http', 0x06000200, 'ngx_conf_set_flag_slot', ''],
] as const;

/** Builtin variables added after 1.22.1 (CHANGES 1.29.3). */
const VARIABLES: Record<string, Span> = {
  request_port: { since: '1.29.3' },
  is_request_port: { since: '1.29.3' },
  ssl_sigalg: { since: '1.29.3' },
};

/** Does nginx `version` know the directive (as far as the version table says; others: the 1.22.1 table decides)? */
export function directiveInVersion(name: string, version: string): boolean {
  return within(DIRECTIVES[name], version);
}

/** A builtin variable that only some versions have: true/false for it, undefined for any other name. */
export function laterVariableInVersion(name: string, version: string): boolean | undefined {
  const span = VARIABLES[name];
  return span ? within(span, version) : undefined;
}

/** `keepalive 0;` in an upstream turns the default keep-alive off since 1.29.7; before, it is an error. */
export function keepaliveZeroAllowed(version: string): boolean {
  return compareVersions(version, '1.29.7') >= 0;
}
