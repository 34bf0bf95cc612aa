import { inheritanceChain } from '../config/inherit';
import type { ConfigTree } from '../config/tree';
import { buildModel, type ConfigModel, type LocationModel, type ServerModel } from '../eval/model';
import { defaultRegexRunner, type RegexRunner } from '../eval/regex';
import { isIfBlock, type Node, type Reading } from './tree';

/**
 * The evaluator's model of the config, for the rules. Rules hold tree nodes (they carry
 * positions and anchor edits) and ask the tree what a block inherits and the evaluator where
 * a request goes, so the diagnostics and the simulator give nginx's one answer.
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
  nodeOf(block: LocationModel | ServerModel): Node;
  /**
   * The node's inheritance levels, innermost first (none for a block nginx would not use). An
   * `if` in a location is a level of its own above the location's (a true `if` replaces the
   * request's configuration with its own, which inherits the location's).
   */
  levels(node: Node): Node[];
}

/**
 * A site snippet made of locations (read as a server's contents) is modelled as the contents
 * of one server, so its locations route and inherit like any others.
 */
export function buildModelView(
  tree: ConfigTree,
  reading: Reading,
  runner: RegexRunner = defaultRegexRunner,
): ModelView {
  const model = buildModel(tree, runner, { serverSnippet: reading === 'server' });
  const placements = new Map<Node, Placement>();
  const place = (server: ServerModel, locations: LocationModel[]) => {
    for (const location of locations) {
      placements.set(location.directive, { server, location });
      place(server, location.locations);
    }
  };
  for (const server of model.servers) {
    placements.set(server.directive, { server, location: null });
    place(server, server.locations);
  }

  const levels = (node: Node): Node[] => {
    if (isIfBlock(node) && node.parent?.opens === 'location') {
      const outer = levels(node.parent);
      return outer.length === 0 ? [] : [node, ...outer];
    }
    return placements.has(node) ? inheritanceChain(node) : [];
  };

  return {
    model,
    runner,
    placement: (node) => placements.get(node),
    locationOf: (node) => placements.get(node)?.location ?? undefined,
    nodeOf: (block) => block.directive,
    levels,
  };
}
