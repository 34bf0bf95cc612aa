import type { DirectiveName } from '../config/directives';
import { settingLevel as settingIndex } from '../config/inherit';
import { referencedVariables } from '../config/variables';
import type { ModelView } from './model';
import { type Node, own } from './tree';

/**
 * Effective `proxy_set_header` list of a location, and inheritance of any directive, as the
 * config tree decides them for the evaluator too (config/inherit.ts): the innermost level that
 * sets the directive at all supplies the whole list; outer levels count only where inner ones
 * have none.
 */

export interface HeaderEntry {
  name: string;
  value: string;
  node: Node;
}

export interface EffectiveHeaders {
  /** The level whose list applies; null when none sets any (nginx's default table only). */
  level: Node | null;
  entries: HeaderEntry[];
}

/** The innermost level among `levels` that sets `name`, or null. */
function settingLevel(levels: Node[], name: DirectiveName): Node | null {
  return levels[settingIndex(levels, name)] ?? null;
}

function listAt(level: Node | null): EffectiveHeaders {
  return level ? { level, entries: ownHeaders(level) } : { level: null, entries: [] };
}

export function effectiveHeaders(view: ModelView, node: Node): EffectiveHeaders {
  return listAt(settingLevel(view.levels(node), 'proxy_set_header'));
}

/** The list the level would inherit if it set none itself. */
export function parentHeaders(view: ModelView, node: Node): EffectiveHeaders {
  return listAt(settingLevel(view.levels(node).slice(1), 'proxy_set_header'));
}

/** The level a directive takes effect from for `node`, with its entries there; null: nginx's default. */
export function inherited(
  view: ModelView,
  node: Node,
  name: DirectiveName,
): { level: Node; nodes: Node[] } | null {
  const level = settingLevel(view.levels(node), name);
  return level ? { level, nodes: own(level, name) } : null;
}

/** What `node` would inherit for a directive if it set none itself (same shape as `inherited`). */
export function inheritedFromOuter(
  view: ModelView,
  node: Node,
  name: DirectiveName,
): { level: Node; nodes: Node[] } | null {
  const level = settingLevel(view.levels(node).slice(1), name);
  return level ? { level, nodes: own(level, name) } : null;
}

export function ownHeaders(node: Node): HeaderEntry[] {
  return own(node, 'proxy_set_header').map((n) => ({
    name: n.args[0] ?? '',
    value: n.args[1] ?? '',
    node: n,
  }));
}

/**
 * The line that sets a header. nginx sends every `proxy_set_header` line of a name whose value
 * is not empty, so next to `Connection ""` another Connection line is what the backend gets.
 */
export function findHeader(headers: EffectiveHeaders | HeaderEntry[], name: string): HeaderEntry | undefined {
  const list = Array.isArray(headers) ? headers : headers.entries;
  const lower = name.toLowerCase();
  const named = list.filter((e) => e.name.toLowerCase() === lower);
  return named.find((e) => e.value !== '') ?? named[0];
}

/** Variable names (without `$`) a value refers to, as nginx's script compiler reads them. */
export function variablesIn(value: string): string[] {
  return referencedVariables(value);
}
