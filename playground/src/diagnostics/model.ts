import { inheritanceChain } from '../config/inherit';
import type { ConfigNode, ConfigTree } from '../config/tree';
import { buildModel, type ConfigModel, type LocationModel, type ServerModel } from '../eval/model';
import { defaultRegexRunner, type RegexRunner } from '../eval/regex';
import { blocksOf, descendants, httpOf, type Node, own } from './tree';

/**
 * The evaluator's model of the config, tied to the diagnostics tree. Rules hold tree nodes
 * (they carry positions and anchor edits) but ask the evaluator what a location inherits and
 * where a request goes, so the diagnostics and the simulator give nginx's one answer.
 */

export interface Placement {
  server: ServerModel;
  /** null for the server node itself. */
  location: LocationModel | null;
}

export interface ModelView {
  model: ConfigModel;
  runner: RegexRunner;
  /** Where a server or location node sits in the model; undefined for blocks nginx would not use. */
  placement(node: Node): Placement | undefined;
  locationOf(node: Node): LocationModel | undefined;
  nodeOf(block: LocationModel | ServerModel): Node | undefined;
  /**
   * The node's inheritance levels, innermost first, each with the node that holds its
   * directives. An `if` in a location is a level of its own above the location's (a true
   * `if` replaces the request's configuration with its own, which inherits the location's).
   */
  levels(node: Node): Array<{ level: ConfigNode; node: Node | null }>;
}

/**
 * A site snippet made of locations (the tree reads it as a server's contents) is modelled as
 * the contents of one server, so its locations route and inherit like any others.
 */
export function buildModelView(tree: ConfigTree, root: Node): ModelView {
  const runner = defaultRegexRunner;
  const snippet = root.context === 'server';
  const model = buildModel(tree, runner, { serverSnippet: snippet });
  const placements = new Map<Node, Placement>();
  const nodes = new Map<LocationModel | ServerModel, Node>();

  // Tree and model list a block's locations in the same order (includes spliced in place);
  // pairing them by position keeps a file included twice apart.
  const pair = (server: ServerModel, locations: LocationModel[], parent: Node) => {
    const children = own(parent, 'location');
    let next = 0;
    for (const location of locations) {
      while (next < children.length && children[next]!.d !== location.directive) next++;
      const node = children[next++];
      if (!node) return;
      placements.set(node, { server, location });
      nodes.set(location, node);
      pair(server, location.locations, node);
    }
  };
  const serverNodes = snippet ? [root] : blocksOf(root, 'server');
  for (const server of model.servers) {
    const node = snippet
      ? root
      : serverNodes.find((n) => n.d === server.directive && !placements.has(n) && httpOf(n));
    if (!node) continue;
    placements.set(node, { server, location: null });
    nodes.set(server, node);
    pair(server, server.locations, node);
  }

  const byConfig = new Map<ConfigNode, Node>([root, ...descendants(root)].map((n) => [n.d, n]));
  const levels = (node: Node): Array<{ level: ConfigNode; node: Node | null }> => {
    if (node.context === 'if' && node.parent?.context === 'location') {
      const outer = levels(node.parent);
      if (outer.length === 0) return [];
      return [{ level: node.d, node }, ...outer];
    }
    if (!placements.has(node)) return [];
    return inheritanceChain(node.d).map((level) => ({ level, node: byConfig.get(level) ?? null }));
  };

  return {
    model,
    runner,
    placement: (node) => placements.get(node),
    locationOf: (node) => placements.get(node)?.location ?? undefined,
    nodeOf: (block) => nodes.get(block),
    levels,
  };
}
