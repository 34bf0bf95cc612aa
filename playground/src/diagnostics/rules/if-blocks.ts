import { type IfCondition, parseIfCondition } from '../../config/if-condition';
import { proxyPassOf } from '../context';
import { type Finding, ifLabel, type Rule } from '../rule';
import type { Node } from '../tree';

/**
 * Each `if` in a location is a configuration of its own that inherits the location's. A true
 * `if` replaces the request's configuration with its own (ngx_http_script_if_code), and a
 * later true `if` replaces it again with one that inherits the location, not the earlier
 * `if`: the earlier block's configuration directives are lost. The rewrite module's own
 * directives run on the spot and are not affected.
 */

/** Directives of the rewrite module: they act while the `if`s are tested, not through the configuration. */
const SCRIPT = new Set([
  'set',
  'rewrite',
  'return',
  'break',
  'if',
  'rewrite_log',
  'uninitialized_variable_warn',
]);

/** Whether running the node may end the rewrite script (later `if`s are then not tested). */
function mayStop(node: Node): boolean {
  const { directive, args } = node.d;
  if (directive === 'return' || directive === 'break') return true;
  if (directive !== 'rewrite') return false;
  const replacement = args[1] ?? '';
  return (
    ['last', 'break', 'redirect', 'permanent'].includes(args[2] ?? '') ||
    /^(https?:\/\/|\$scheme)/.test(replacement)
  );
}

function condition(node: Node): IfCondition | null {
  const parsed = parseIfCondition(node.d.args);
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
  const same = (x: Node, y: Node) =>
    x.d.directive === y.d.directive && x.d.args.join('\u0000') === y.d.args.join('\u0000');
  return block.children.filter(
    (c) => !SCRIPT.has(c.d.directive) && !location.children.some((l) => l.context !== 'if' && same(c, l)),
  );
}

export const ifLastWins: Rule = {
  id: 'ws-if-last-wins',
  check(ctx) {
    const findings: Finding[] = [];
    for (const location of ctx.locations) {
      if (!proxyPassOf(location)) continue;
      const children = location.children;
      for (let i = 0; i < children.length; i++) {
        const block = children[i]!;
        if (block.context !== 'if' || block.children.some(mayStop)) continue;
        const config = configOf(block, location);
        if (config.length === 0) continue;
        const own = condition(block);
        let later: Node | undefined;
        for (const next of children.slice(i + 1)) {
          if (mayStop(next)) break;
          if (next.context === 'if' && !exclusive(own, condition(next))) {
            later = next;
            break;
          }
        }
        if (!later) continue;
        const names = [...new Set(config.map((c) => c.d.directive))].join(', ');
        const line = ctx.span(later).line;
        const label = ifLabel(block);
        findings.push({
          node: block,
          severity: 'warning',
          message: {
            zh: `第 ${line} 行的 if 也成立时，${label} 里的 ${names} 不起作用：只有最后一个成立的 if 的配置生效`,
            en: `Whenever the if on line ${line} is also true, ${names} in ${label} ${config.length > 1 ? 'are' : 'is'} ignored: only the last true if's configuration applies`,
          },
          explanation: {
            zh:
              'location 里的每个 if 块都是一份单独的配置，它继承的是 location 的设置。nginx 按顺序检查这些 if，遇到成立的 if 就把请求的配置' +
              '整个换成这个 if 的；后面再有成立的 if，会再换一次，而新的配置继承的是 location，不是前一个 if。所以几个 if 同时成立时，' +
              '只有最后一个的配置生效，前面 if 里的 proxy_pass、add_header 等悄悄丢失（set、rewrite、return 在检查时当场执行，不受影响）。' +
              '两个条件互斥时没有问题；否则不要在 if 里放配置指令：用 map 按条件算出变量，在 location 里只用一次' +
              '（例如 proxy_pass http://$backend; 和 add_header X-Debug $tag always;），if 里只留 return 或 set。' +
              '场景 if-two-ifs-last-wins 展示了真实 nginx 的行为。',
            en:
              'Each if block in a location is a configuration of its own, inheriting from the location. nginx tests the ifs ' +
              "in order; a true if replaces the request's whole configuration with its own, and a later true if replaces it " +
              'again with one that inherits from the location, not from the earlier if. So when several ifs are true, only ' +
              "the last one's configuration applies, and proxy_pass, add_header and the like in the earlier ones are silently " +
              'lost (set, rewrite and return run on the spot and are not affected). Conditions that exclude each other are ' +
              'fine; otherwise keep configuration directives out of if: compute a variable with map and use it once in the ' +
              'location (for example proxy_pass http://$backend; and add_header X-Debug $tag always;), leaving only return ' +
              'or set inside if. Scenario if-two-ifs-last-wins shows real nginx doing this.',
          },
        });
      }
    }
    return findings;
  },
};
