/**
 * crossplane's JSON envelope (`crossplane parse` output), produced from the config tree: what
 * `nginx-ws-lab parse --json` prints and what tools that read crossplane expect.
 */
import type { ConfigError, Directive, ParseResult } from './ast';
import type { ConfigNode, ConfigTree } from './tree';

function directiveOf(node: ConfigNode): Directive {
  const d: Directive = { directive: node.name, line: node.span.line, args: node.args };
  if (node.block) d.block = node.block.map(directiveOf);
  if (node.includes) d.includes = node.includes;
  return d;
}

/**
 * The envelope for a tree: every file as written (`include` directives kept, with the indexes
 * of the files they pulled in). `errors` replaces the tree's own (e.g. with `nginx -t`'s), each
 * file then listing its share of them.
 */
export function toCrossplane(tree: ConfigTree, errors?: ConfigError[]): ParseResult {
  if (!errors) {
    return {
      status: tree.status,
      errors: tree.errors,
      config: tree.files.map((f) => ({
        file: f.file,
        status: f.status,
        errors: f.errors,
        parsed: f.nodes.map(directiveOf),
      })),
    };
  }
  return {
    status: errors.length ? 'failed' : 'ok',
    errors,
    config: tree.files.map((f) => {
      const own = errors.filter((e) => e.file === f.file);
      return {
        file: f.file,
        status: own.length ? 'failed' : 'ok',
        errors: own,
        parsed: f.nodes.map(directiveOf),
      };
    }),
  };
}
