import { configForm } from '../config/form';
import { type ConfigNode, type Context, descendants, enclosing, isIfBlock, own } from '../config/tree';

/**
 * The diagnostics read the config tree itself (config/tree.ts): each node carries its span,
 * its parent and its block with includes spliced, so rules ask "what does this location
 * inherit" without caring how the config was split over files.
 */

export type Node = ConfigNode;

export { descendants, enclosing, isIfBlock, own };

/**
 * What the main file holds, for the diagnostics: a whole nginx.conf, what goes inside
 * `http { }` (how the guides and scenarios show configs), or a site snippet: a server's
 * contents (locations) or a location's.
 */
export type Reading = 'main' | 'http' | 'server' | 'location';

export function readingOf(root: ConfigNode): Reading {
  const children = root.children;
  if (configForm(children) === 'main') return 'main';
  const names = new Set(children.map((c) => c.name));
  if (names.has('server') || names.has('map') || names.has('upstream')) return 'http';
  if (names.has('location') || names.has('listen') || names.has('server_name')) return 'server';
  if (names.has('proxy_pass')) return 'location';
  return 'http';
}

/** Every block below `root` that opens `context`, in the order nginx reads them. */
export function blocksOf(root: ConfigNode, context: Context): ConfigNode[] {
  return descendants(root).filter((n) => n.opens === context);
}

/** The http level holding `node` (the root when the file is http contents), or null. */
export function httpOf(node: ConfigNode): ConfigNode | null {
  for (let n: ConfigNode | null = node; n; n = n.parent) if (n.opens === 'http') return n;
  return null;
}
