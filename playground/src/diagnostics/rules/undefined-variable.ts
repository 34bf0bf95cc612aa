import { isBuiltinVariable, namedCaptures } from '../../config/variables';
import type { CodeTable } from '../../message';
import type { RuleContext } from '../context';
import { variablesIn } from '../headers';
import { ruleMessages } from '../messages';
import { defineRule, type Finding } from '../rule';
import { descendants, type Node } from '../tree';
import { defineMap } from './header-fix';
import { keepaliveUpstream } from './keepalive-state';

const mapVariableUndefinedCodes = {
  'ws-map-variable-undefined.message': ['name'],
  'ws-map-variable-undefined.explanation': [],
  'ws-map-variable-undefined.fix': ['name'],
} as const satisfies CodeTable;

const say = ruleMessages(mapVariableUndefinedCodes);

/** Directives that define a variable through their first or second argument. */
const definers: Record<string, number> = {
  map: 1,
  geo: -1,
  split_clients: 1,
  set: 0,
  perl_set: 0,
  js_set: 0,
};

function definedVariables(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  const all = [ctx.root, ...descendants(ctx.root)];
  for (const n of all) {
    const at = definers[n.name];
    if (at !== undefined) {
      const arg = at === -1 ? n.args.at(-1) : n.args[at];
      if (arg?.startsWith('$')) out.add(arg.slice(1));
    }
    // Named regex captures in location, server_name, if, rewrite and map keys define variables.
    for (const text of [n.name, ...n.args]) for (const name of namedCaptures(text)) out.add(name);
  }
  return out;
}

function isKnown(name: string, defined: Set<string>): boolean {
  return isBuiltinVariable(name) || defined.has(name);
}

export const mapVariableUndefined = defineRule({
  id: 'ws-map-variable-undefined',
  guide: '/guides/map-connection-upgrade/',
  codes: mapVariableUndefinedCodes,
  check(ctx) {
    const defined = definedVariables(ctx);
    const findings: Finding[] = [];
    const proxyDirectives = descendants(ctx.root).filter((n) => n.name.startsWith('proxy_') && !n.block);
    for (const node of proxyDirectives) {
      for (const name of new Set(variablesIn(node.args.join(' ')))) {
        if (isKnown(name, defined)) continue;
        findings.push(undefinedFinding(ctx, node, name));
      }
    }
    return findings;
  },
});

function undefinedFinding(ctx: RuleContext, node: Node, name: string): Finding {
  const location = node.parent;
  const isConnection = node.name === 'proxy_set_header' && node.args[0]?.toLowerCase() === 'connection';
  const mapEdit =
    isConnection && location
      ? defineMap(ctx, location, name, keepaliveUpstream(ctx, location) !== null)
      : null;
  return {
    node,
    severity: 'error',
    message: say('ws-map-variable-undefined.message', { name }),
    explanation: say('ws-map-variable-undefined.explanation'),
    ...(mapEdit
      ? {
          fix: {
            title: say('ws-map-variable-undefined.fix', { name }),
            edits: [mapEdit],
          },
        }
      : {}),
  };
}
