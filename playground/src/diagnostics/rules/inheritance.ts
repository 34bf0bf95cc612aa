import type { CodeTable } from '../../message';
import type { RuleContext } from '../context';
import { proxyPassOf } from '../context';
import { insertAfter, renderDirective } from '../edits';
import { inherited, inheritedFromOuter } from '../headers';
import { ruleMessages } from '../messages';
import { defineRule, type Finding, ifLabel, locationLabel } from '../rule';
import { isIfBlock, type Node, own } from '../tree';

const headerInheritanceLostCodes = {
  'ws-header-inheritance-lost.message.one': ['here', 'level', 'line', 'list'],
  'ws-header-inheritance-lost.message.other': ['here', 'level', 'line', 'list'],
  'ws-header-inheritance-lost.explanation': [],
} as const satisfies CodeTable;

const addHeaderInheritanceLostCodes = {
  'ws-add-header-inheritance-lost.message.one': ['here', 'level', 'line', 'list'],
  'ws-add-header-inheritance-lost.message.other': ['here', 'level', 'line', 'list'],
  'ws-add-header-inheritance-lost.explanation': [],
} as const satisfies CodeTable;

const say = ruleMessages({ ...headerInheritanceLostCodes, ...addHeaderInheritanceLostCodes });

/**
 * "A level that sets the directive once loses every line of it from outer levels": the
 * inheritance by replacement that proxy_set_header and add_header share. One rule per
 * directive, same shape: the level that sets its own lines, the outer level whose lines it
 * drops, and a fix that repeats them.
 */

function levelLabel(node: Node): string {
  if (node.opens === 'location') return locationLabel(node);
  if (isIfBlock(node)) return ifLabel(node);
  return node.name || 'http';
}

/** The `if` blocks of proxied locations: a true one is a level of its own. */
function ifLevels(proxied: Node[]): Node[] {
  return proxied.flatMap((l) => l.children.filter(isIfBlock));
}

function inheritanceLost(
  id: `${'ws-header' | 'ws-add-header'}-inheritance-lost`,
  codes: typeof headerInheritanceLostCodes | typeof addHeaderInheritanceLostCodes,
  guide: string,
  scenario: string,
  directive: 'proxy_set_header' | 'add_header',
  options: { ifBlocks: boolean },
) {
  return defineRule({
    id,
    guide,
    scenario,
    codes,
    check(ctx: RuleContext) {
      const findings: Finding[] = [];
      const proxied = ctx.locations.filter((l) => proxyPassOf(l));
      const ifs = options.ifBlocks ? ifLevels(proxied) : [];
      // The levels whose list some proxied request actually uses; computed once, since asking
      // per level made this rule quadratic in the number of locations.
      const used = new Set([...proxied, ...ifs].map((n) => inherited(ctx.model, n, directive)?.level));
      for (const level of [...ctx.servers, ...ctx.locations, ...ifs]) {
        const mine = own(level, directive);
        if (mine.length === 0) continue;
        if (!used.has(level)) continue;
        const parent = inheritedFromOuter(ctx.model, level, directive);
        if (!parent) continue;
        const key = (n: Node) => (n.args[0] ?? '').toLowerCase();
        const names = new Set(mine.map(key));
        const lost = parent.nodes.filter((n) => !names.has(key(n)));
        if (lost.length === 0) continue;
        const list = lost.map((n) => n.args[0] ?? '').join(', ');
        const first = ctx.span(lost[0]!);
        const where = first.file === ctx.span(level).file ? `${first.line}` : `${first.file}:${first.line}`;
        const here = level.opens === 'server' ? 'server' : levelLabel(level);
        findings.push({
          node: level,
          severity: 'warning',
          message: say(`${id}.message.${lost.length === 1 ? 'one' : 'other'}`, {
            here,
            level: levelLabel(parent.level),
            line: where,
            list,
          }),
          explanation: say(`${id}.explanation`),
          fix: {
            title: say('inheritance-lost.fix', { list }),
            edits: [
              insertAfter(
                ctx,
                mine.at(-1)!,
                lost.map((n) => renderDirective(directive, n.args)),
              ),
            ],
          },
        });
      }
      return findings;
    },
  });
}

export const headerInheritanceLost = inheritanceLost(
  'ws-header-inheritance-lost',
  headerInheritanceLostCodes,
  '/guides/troubleshooting/#t-host',
  'conformance/inherit-lost-at-server.yaml',
  'proxy_set_header',
  {
    ifBlocks: false,
  },
);

export const addHeaderInheritanceLost = inheritanceLost(
  'ws-add-header-inheritance-lost',
  addHeaderInheritanceLostCodes,
  '/guides/troubleshooting/#t-add-header',
  'conformance/add-header-server-lost-in-location.yaml',
  'add_header',
  {
    ifBlocks: true,
  },
);
