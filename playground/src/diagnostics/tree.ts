import type { DirectiveName } from '../config/directives';
import { configForm } from '../config/form';
import type { ConfigNode, ConfigTree } from '../config/tree';

/**
 * The parse tree with every `include` spliced in place and each directive linked to its
 * parent and file, so rules can ask "what does this location inherit" without caring how
 * the config was split over files.
 */

export type Context =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'if'
  | 'upstream'
  | 'map'
  | 'other';

export interface Node {
  d: ConfigNode;
  file: string;
  parent: Node | null;
  /** Directives of the block, includes expanded; empty for simple directives. */
  children: Node[];
  /** The context this node's block opens (`other` for simple directives and unknown blocks). */
  context: Context;
}

const blockContexts: Record<string, Context> = {
  events: 'events',
  http: 'http',
  server: 'server',
  location: 'location',
  if: 'if',
  upstream: 'upstream',
  map: 'map',
};

/** A block's nodes, `include`s spliced in as nginx reads them. */
function nodesOf(children: ConfigNode[], parent: Node): Node[] {
  return children.map((d) => {
    const node: Node = {
      d,
      file: d.span.file,
      parent,
      children: [],
      context: d.block ? (blockContexts[d.name] ?? 'other') : 'other',
    };
    if (d.block) node.children = nodesOf(d.children, node);
    return node;
  });
}

/**
 * A whole nginx.conf opens the main context; a file holding only what goes inside `http { }`
 * (how the guides and scenarios show configs) opens http; a site snippet of locations opens
 * server.
 */
function rootContext(children: Node[]): Context {
  if (configForm(children.map((c) => c.d)) === 'main') return 'main';
  const names = new Set(children.map((c) => c.d.name));
  if (names.has('server') || names.has('map') || names.has('upstream')) return 'http';
  if (names.has('location') || names.has('listen') || names.has('server_name')) return 'server';
  if (names.has('proxy_pass')) return 'location';
  return 'http';
}

export function buildTree(tree: ConfigTree): Node {
  const root: Node = {
    d: tree.root,
    file: tree.root.span.file,
    parent: null,
    children: [],
    context: 'main',
  };
  root.children = nodesOf(tree.root.children, root);
  root.context = rootContext(root.children);
  return root;
}

export function own(node: Node, name: DirectiveName): Node[] {
  return node.children.filter((c) => c.d.name === name);
}

export function firstOwn(node: Node, name: DirectiveName): Node | undefined {
  return node.children.find((c) => c.d.name === name);
}

/** Every node below `node`, depth first in document order. */
export function descendants(node: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    for (const c of n.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}

export function blocksOf(root: Node, context: Context): Node[] {
  const list = descendants(root).filter((n) => n.context === context);
  if (root.context === context) list.unshift(root);
  return list;
}

/** The http-level node (the root when the file is http contents), or null. */
export function httpOf(node: Node): Node | null {
  for (let n: Node | null = node; n; n = n.parent) if (n.context === 'http') return n;
  return null;
}

export function serverOf(node: Node): Node | null {
  for (let n: Node | null = node.parent; n; n = n.parent) if (n.context === 'server') return n;
  return null;
}
