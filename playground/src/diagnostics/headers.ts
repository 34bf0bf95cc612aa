import { referencedVariables } from '../config/variables';
import { chain, type Node, own } from './tree';

/**
 * Effective `proxy_set_header` list of a location, following nginx's rule for array
 * directives: the innermost level with any `proxy_set_header` supplies the whole list;
 * outer levels count only where inner ones have none. (The evaluator did not export an
 * equivalent when this was written; this walker only reads the tree.)
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

function entriesOf(level: Node): HeaderEntry[] {
  return own(level, 'proxy_set_header').map((node) => ({
    name: node.d.args[0] ?? '',
    value: node.d.args[1] ?? '',
    node,
  }));
}

export function effectiveHeaders(node: Node): EffectiveHeaders {
  for (const level of chain(node)) {
    const entries = entriesOf(level);
    if (entries.length > 0) return { level, entries };
  }
  return { level: null, entries: [] };
}

/** The list the level would inherit if it set none itself. */
export function parentHeaders(node: Node): EffectiveHeaders {
  const levels = chain(node).slice(1);
  for (const level of levels) {
    const entries = entriesOf(level);
    if (entries.length > 0) return { level, entries };
  }
  return { level: null, entries: [] };
}

export function ownHeaders(node: Node): HeaderEntry[] {
  return entriesOf(node);
}

export function findHeader(headers: EffectiveHeaders | HeaderEntry[], name: string): HeaderEntry | undefined {
  const list = Array.isArray(headers) ? headers : headers.entries;
  const lower = name.toLowerCase();
  return list.find((e) => e.name.toLowerCase() === lower);
}

/** Variable names (without `$`) a value refers to, as nginx's script compiler reads them. */
export function variablesIn(value: string): string[] {
  return referencedVariables(value);
}
