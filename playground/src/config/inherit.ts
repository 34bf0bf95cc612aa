/**
 * What a block's configuration is, as nginx's configuration merge (`ngx_http_merge_*_conf`)
 * decides it: a block's settings merge with those of every enclosing block up to http, the
 * innermost one that sets a directive winning. How a directive merges depends on it:
 *   - scalar directives (`proxy_read_timeout`, `server_tokens` …) take the nearest setting;
 *   - array directives (`proxy_set_header`, `add_header` …) take every entry of the innermost
 *     level that has any, and nothing from outer levels: all or nothing, never merged;
 *   - content handlers (`proxy_pass` …) are not inherited, except by the nameless locations
 *     nginx makes of `if` and `limit_except` blocks, which take their location's;
 *   - the rewrite module's script (`set`, `rewrite`, `return`, `break`, `if`) runs where it is
 *     written and is not a setting at all.
 */
import type { DirectiveName } from './directives';
import type { ConfigNode, Context } from './tree';

/** Array directives: the innermost level with any entries supplies them all. */
export const LIST_DIRECTIVES = [
  'proxy_set_header',
  'add_header',
  'add_trailer',
  'error_page',
  'proxy_hide_header',
  'proxy_pass_header',
  'fastcgi_param',
  'scgi_param',
  'uwsgi_param',
  'grpc_set_header',
  'index',
  'access_log',
  'ssl_certificate',
  'ssl_certificate_key',
] as const satisfies readonly DirectiveName[];

/** Content handlers: a location's own, or its `if`/`limit_except` block's (ngx_http_proxy_merge_loc_conf's noname rule). */
export const HANDLER_DIRECTIVES = [
  'proxy_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
  'memcached_pass',
  'grpc_pass',
] as const satisfies readonly DirectiveName[];

/** The rewrite module's script directives, run in place (`rewrite.ts` of the evaluator). */
export const SCRIPT_DIRECTIVES = [
  'set',
  'rewrite',
  'return',
  'break',
  'if',
] as const satisfies readonly DirectiveName[];

export type ListDirective = (typeof LIST_DIRECTIVES)[number];
export type ScriptDirective = (typeof SCRIPT_DIRECTIVES)[number];
/** Every directive that is a setting: inherited from enclosing levels one way or another. */
export type SettingDirective = Exclude<DirectiveName, ScriptDirective>;

export type Merge = 'nearest' | 'list' | 'handler';

const MERGE = new Map<string, Merge>([
  ...LIST_DIRECTIVES.map((name) => [name, 'list'] as const),
  ...HANDLER_DIRECTIVES.map((name) => [name, 'handler'] as const),
]);

/** How nginx merges a directive across levels. */
export function mergeOf(name: SettingDirective): Merge {
  return MERGE.get(name) ?? 'nearest';
}

/** Blocks that are levels of the http configuration merge (each has its own loc/srv conf). */
const LEVELS: ReadonlySet<Context> = new Set<Context>([
  'http',
  'server',
  'location',
  'if in location',
  'if in server',
  'limit_except',
]);

/** Blocks nginx turns into nameless locations: they take their location's content handler. */
const NONAME: ReadonlySet<Context> = new Set<Context>(['if in location', 'if in server', 'limit_except']);

/** The next enclosing level of a level (null past http). */
function outer(level: ConfigNode): ConfigNode | null {
  if (level.opens === 'http') return null;
  for (let n = level.parent; n; n = n.parent) if (n.opens !== null && LEVELS.has(n.opens)) return n;
  return null;
}

/**
 * The levels whose settings `node`'s configuration merges, innermost first: the node itself,
 * then each enclosing server/location/if block, ending with http.
 */
export function inheritanceChain(node: ConfigNode): ConfigNode[] {
  const chain: ConfigNode[] = [];
  for (let level: ConfigNode | null = node; level; level = outer(level)) chain.push(level);
  return chain;
}

/** A level's settings of one name: its simple directives (and `if`/`limit_except` blocks) by that name. */
function isSetting(child: ConfigNode, name: string): boolean {
  return child.name === name && (!child.block || name === 'if' || name === 'limit_except');
}

/** The level's own settings of one name, in config order. */
export function settingsAt(level: ConfigNode, name: DirectiveName): ConfigNode[] {
  return level.children.filter((c) => isSetting(c, name));
}

/** Whether the level sets the directive itself. */
export function sets(level: ConfigNode, name: DirectiveName): boolean {
  return level.children.some((c) => isSetting(c, name));
}

/** The innermost of `chain` that sets the directive, and its index there (-1: none). */
export function settingLevel(chain: readonly ConfigNode[], name: DirectiveName): number {
  return chain.findIndex((level) => sets(level, name));
}

/** Where a directive's setting comes from for one block, and what the levels outside it held. */
export interface Effective {
  /** The level whose lines apply. */
  level: ConfigNode;
  /**
   * Its lines of the directive, in config order: every entry of an array directive; for a
   * scalar one the single line (nginx refuses a duplicate, `"x" directive is duplicate`).
   */
  nodes: ConfigNode[];
  /** The levels outside it, whose lines of the directive do not apply (innermost first). */
  hidden: ConfigNode[];
}

/**
 * The setting of `name` that applies in `node`'s configuration (`node` being a location, an
 * `if` in it, a server or http), or null when no level sets it (nginx's default applies).
 */
export function effective(node: ConfigNode, name: SettingDirective): Effective | null {
  const chain =
    mergeOf(name) === 'handler'
      ? node.opens !== null && NONAME.has(node.opens) && node.parent
        ? [node, node.parent]
        : [node]
      : inheritanceChain(node);
  const index = settingLevel(chain, name);
  if (index < 0) return null;
  const level = chain[index]!;
  return { level, nodes: settingsAt(level, name), hidden: chain.slice(index + 1) };
}

/** The line that sets a scalar directive (or a handler) for `node`, if any level sets it. */
export function nearest(
  node: ConfigNode,
  name: Exclude<SettingDirective, ListDirective>,
): ConfigNode | undefined {
  if (mergeOf(name) === 'handler') return effective(node, name)?.nodes[0];
  // The walk `effective` makes, without building the chain: asked many times per request.
  for (let level: ConfigNode | null = node; level; level = outer(level)) {
    const found = level.children.find((c) => isSetting(c, name));
    if (found) return found;
  }
  return undefined;
}

/** Every entry of an array directive that applies for `node` (empty: none, nginx's default). */
export function listOf(node: ConfigNode, name: ListDirective): ConfigNode[] {
  return effective(node, name)?.nodes ?? [];
}

/** The line of the nearest level that sets any of `names` (directives sharing one setting, like `root` and `alias`). */
export function nearestOf(node: ConfigNode, names: readonly SettingDirective[]): ConfigNode | undefined {
  for (const level of inheritanceChain(node)) {
    const found = level.children.find(
      (c) => (names as readonly string[]).includes(c.name) && isSetting(c, c.name),
    );
    if (found) return found;
  }
  return undefined;
}
