import type { DirectiveName } from '../../config/directives';
import { type IfCondition, parseIfCondition } from '../../config/if-condition';
import type { CodeTable } from '../../message';
import { proxyPassOf } from '../context';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, ifLabel } from '../rule';
import { isIfBlock, type Node } from '../tree';

const ifLastWinsCodes = {
  'ws-if-last-wins.message.one': ['line', 'names', 'label'],
  'ws-if-last-wins.message.other': ['line', 'names', 'label'],
  'ws-if-last-wins.explanation': [],
} as const satisfies CodeTable;

const say = ruleMessages(ifLastWinsCodes);

/**
 * Each `if` in a location is a configuration of its own that inherits the location's. A true
 * `if` replaces the request's configuration with its own (ngx_http_script_if_code), and a
 * later true `if` replaces it again with one that inherits the location, not the earlier
 * `if`: the earlier block's configuration directives are lost. The rewrite module's own
 * directives run on the spot and are not affected.
 */

/** Directives of the rewrite module: they act while the `if`s are tested, not through the configuration. */
const SCRIPT = new Set<string>([
  'set',
  'rewrite',
  'return',
  'break',
  'if',
  'rewrite_log',
  'uninitialized_variable_warn',
] satisfies DirectiveName[]);

/** Whether running the node may end the rewrite script (later `if`s are then not tested). */
function mayStop(node: Node): boolean {
  const { name: directive, args } = node;
  if (directive === 'return' || directive === 'break') return true;
  if (directive !== 'rewrite') return false;
  const replacement = args[1] ?? '';
  return (
    ['last', 'break', 'redirect', 'permanent'].includes(args[2] ?? '') ||
    /^(https?:\/\/|\$scheme)/.test(replacement)
  );
}

function condition(node: Node): IfCondition | null {
  const parsed = parseIfCondition(node.args);
  return 'condition' in parsed ? parsed.condition : null;
}

const literal = (v: string) => !v.includes('$');

/** Conditions that cannot both be true: `$x = a` and `$x = b`, or `$x = a` and `$x != a`. */
function exclusive(a: IfCondition | null, b: IfCondition | null): boolean {
  if (a?.kind !== 'compare' || b?.kind !== 'compare') return false;
  if (a.variable !== b.variable || !literal(a.value) || !literal(b.value)) return false;
  if (!a.negate && !b.negate) return a.value !== b.value;
  return a.negate !== b.negate && a.value === b.value;
}

/** Configuration directives of the `if` that differ from what the location already sets. */
function configOf(block: Node, location: Node): Node[] {
  const same = (x: Node, y: Node) => x.name === y.name && x.args.join('\u0000') === y.args.join('\u0000');
  return block.children.filter(
    (c) => !SCRIPT.has(c.name) && !location.children.some((l) => !isIfBlock(l) && same(c, l)),
  );
}

export const ifLastWins = defineRule({
  id: 'ws-if-last-wins',
  guide: '/guides/troubleshooting/#t-if',
  scenario: 'conformance/if-two-ifs-last-wins.yaml',
  codes: ifLastWinsCodes,
  check(ctx) {
    const findings: Finding[] = [];
    for (const location of ctx.locations) {
      if (!proxyPassOf(location)) continue;
      const children = location.children;
      for (let i = 0; i < children.length; i++) {
        const block = children[i]!;
        if (!isIfBlock(block) || block.children.some(mayStop)) continue;
        const config = configOf(block, location);
        if (config.length === 0) continue;
        const own = condition(block);
        let later: Node | undefined;
        for (const next of children.slice(i + 1)) {
          if (mayStop(next)) break;
          if (isIfBlock(next) && !exclusive(own, condition(next))) {
            later = next;
            break;
          }
        }
        if (!later) continue;
        const names = [...new Set(config.map((c) => c.name))].join(', ');
        const line = ctx.span(later).line;
        const label = ifLabel(block);
        findings.push({
          node: block,
          severity: 'warning',
          message: say(`ws-if-last-wins.message.${config.length > 1 ? 'other' : 'one'}`, {
            line,
            names,
            label,
          }),
          explanation: say('ws-if-last-wins.explanation'),
        });
      }
    }
    return findings;
  },
});
