/**
 * crossplane's directive checks (`crossplane/analyzer.py`): is the directive allowed in this
 * context, does it take this many arguments, is it a block when it must be. The facts come from
 * our nginx 1.22.1 table (`../directives.ts`); crossplane's own table adds NGINX Plus, stream and
 * mail directives, so directives in `stream` and `mail` blocks are not checked here (and
 * `--strict` calls the NGINX Plus-only names unknown).
 */
import { type ContextName, type DirectiveDefinition, directiveInfo, isAllowedIn, NGX } from '../directives';

/** Which crossplane exception a check raises (its class name, shown by `--tb-onerror`). */
export type DirectiveErrorKind =
  | 'NgxParserDirectiveUnknownError'
  | 'NgxParserDirectiveContextError'
  | 'NgxParserDirectiveArgumentsError';

export interface DirectiveProblem {
  kind: DirectiveErrorKind;
  reason: string;
}

/** crossplane's context: the names of the enclosing blocks (`location` never nests: see `enterBlock`). */
export type CrossplaneContext = readonly string[];

const CONTEXT_NAMES: ReadonlyMap<string, ContextName> = new Map([
  ['', 'main'],
  ['events', 'events'],
  ['http', 'http'],
  ['http server', 'server'],
  ['http location', 'location'],
  ['http upstream', 'upstream'],
  ['http server if', 'if in server'],
  ['http location if', 'if in location'],
  ['http location limit_except', 'limit_except'],
]);

/** The context a block opens (crossplane's `enter_block_ctx`). */
export function enterBlock(directive: string, ctx: CrossplaneContext): CrossplaneContext {
  if (ctx[0] === 'http' && directive === 'location') return ['http', 'location'];
  return [...ctx, directive];
}

export interface AnalyzeChecks {
  strict: boolean;
  checkContext: boolean;
  checkArguments: boolean;
}

function argumentsFit(def: DirectiveDefinition, args: readonly string[]): boolean {
  const n = args.length;
  const mask = def.flags;
  return (
    (n <= 7 && ((mask >>> n) & 1) === 1) ||
    ((mask & NGX.CONF_FLAG) !== 0 && n === 1 && isFlag(args[0]!)) ||
    (mask & NGX.CONF_ANY) !== 0 ||
    ((mask & NGX.CONF_1MORE) !== 0 && n >= 1) ||
    ((mask & NGX.CONF_2MORE) !== 0 && n >= 2)
  );
}

function isFlag(value: string): boolean {
  const v = value.toLowerCase();
  return v === 'on' || v === 'off';
}

/**
 * What crossplane says about one statement ended by `term` (`;` or `{`) in `ctx`, or null.
 * Like crossplane, the masks are tried last to first and the reason kept is the first mask's.
 */
export function analyzeStatement(
  directive: string,
  args: readonly string[],
  term: string,
  ctx: CrossplaneContext,
  checks: AnalyzeChecks,
): DirectiveProblem | null {
  const defs = directiveInfo(directive);
  if (checks.strict && !defs) {
    return { kind: 'NgxParserDirectiveUnknownError', reason: `unknown directive "${directive}"` };
  }
  const context = CONTEXT_NAMES.get(ctx.join(' '));
  if (!context || !defs) return null;
  let masks: readonly DirectiveDefinition[] = defs;
  if (checks.checkContext) {
    masks = defs.filter((d) => isAllowedIn(d, context));
    if (masks.length === 0) {
      return {
        kind: 'NgxParserDirectiveContextError',
        reason: `"${directive}" directive is not allowed here`,
      };
    }
  }
  if (!checks.checkArguments) return null;
  let reason = '';
  for (let k = masks.length - 1; k >= 0; k--) {
    const def = masks[k]!;
    if ((def.flags & NGX.CONF_BLOCK) !== 0 && term !== '{') {
      reason = `directive "${directive}" has no opening "{"`;
      continue;
    }
    if ((def.flags & NGX.CONF_BLOCK) === 0 && term !== ';') {
      reason = `directive "${directive}" is not terminated by ";"`;
      continue;
    }
    if (argumentsFit(def, args)) return null;
    if ((def.flags & NGX.CONF_FLAG) !== 0 && args.length === 1) {
      reason = `invalid value "${args[0]}" in "${directive}" directive, it must be "on" or "off"`;
    } else {
      reason = `invalid number of arguments in "${directive}" directive`;
    }
  }
  return { kind: 'NgxParserDirectiveArgumentsError', reason };
}
