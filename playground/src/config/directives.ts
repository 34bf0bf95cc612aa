/**
 * The directive table nginx 1.22.1 (Debian's full build) knows, in nginx's own terms: which
 * contexts a directive is allowed in and how many arguments it takes (`NGX_*` flags), and the
 * setter that validates its value. Data comes from `directives.data.ts` (generated from nginx).
 */
import { DIRECTIVE_ROWS, type DirectiveName, KEYWORD_TABLES } from './directives.data';
import { LATER_DIRECTIVE_ROWS } from './versions';

export type { DirectiveName };

/** Context and argument flags, named and valued as in nginx's headers. */
export const NGX = {
  CONF_NOARGS: 0x00000001,
  CONF_TAKE1: 0x00000002,
  CONF_TAKE2: 0x00000004,
  CONF_TAKE3: 0x00000008,
  CONF_TAKE4: 0x00000010,
  CONF_TAKE5: 0x00000020,
  CONF_TAKE6: 0x00000040,
  CONF_TAKE7: 0x00000080,
  CONF_BLOCK: 0x00000100,
  CONF_FLAG: 0x00000200,
  CONF_ANY: 0x00000400,
  CONF_1MORE: 0x00000800,
  CONF_2MORE: 0x00001000,
  DIRECT_CONF: 0x00010000,
  MAIN_CONF: 0x01000000,
  ANY_CONF: 0xff000000,
  EVENT_CONF: 0x02000000,
  HTTP_MAIN_CONF: 0x02000000,
  HTTP_SRV_CONF: 0x04000000,
  HTTP_LOC_CONF: 0x08000000,
  HTTP_UPS_CONF: 0x10000000,
  HTTP_SIF_CONF: 0x20000000,
  HTTP_LIF_CONF: 0x40000000,
  HTTP_LMT_CONF: 0x80000000,
} as const;

/** nginx's module types that matter for directive lookup (`cf->module_type`). */
export type ModuleType = 'core' | 'event' | 'http' | 'conf';

/** Where a directive stands, named after the nginx block that opens it. */
export type ContextName =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'if in server'
  | 'if in location'
  | 'limit_except'
  | 'upstream';

/** The (module type, cmd_type bit) pair nginx uses while reading a given context. */
export const CONTEXTS: Record<ContextName, { module: ModuleType; bit: number }> = {
  main: { module: 'core', bit: NGX.MAIN_CONF },
  events: { module: 'event', bit: NGX.EVENT_CONF },
  http: { module: 'http', bit: NGX.HTTP_MAIN_CONF },
  server: { module: 'http', bit: NGX.HTTP_SRV_CONF },
  location: { module: 'http', bit: NGX.HTTP_LOC_CONF },
  'if in server': { module: 'http', bit: NGX.HTTP_SIF_CONF },
  'if in location': { module: 'http', bit: NGX.HTTP_LIF_CONF },
  limit_except: { module: 'http', bit: NGX.HTTP_LMT_CONF },
  upstream: { module: 'http', bit: NGX.HTTP_UPS_CONF },
};

/** One nginx definition of a directive (a name can have several, e.g. `server`). */
export interface DirectiveDefinition {
  name: string;
  module: ModuleType;
  /** The raw `NGX_*` type mask of the command. */
  flags: number;
  /** Contexts it is allowed in. */
  contexts: ContextName[];
  /** nginx's setter, e.g. `ngx_conf_set_msec_slot`; tells how the value is validated. */
  setter: string;
  /** Accepted keywords for enum / bitmask setters (case-insensitive in nginx). */
  keywords?: readonly string[];
  /** The directive opens a block (`NGX_CONF_BLOCK`). */
  block: boolean;
}

const TABLE = new Map<string, DirectiveDefinition[]>();
// Directives newer than 1.22.1 are in the table too; analyze.ts asks config/versions.ts whether a
// version has them.
for (const [name, module, flags, setter, post] of [...DIRECTIVE_ROWS, ...LATER_DIRECTIVE_ROWS]) {
  const contexts = (Object.keys(CONTEXTS) as ContextName[]).filter((c) =>
    allows(module as ModuleType, flags, c),
  );
  const keywords = post ? KEYWORD_TABLES[post] : undefined;
  const def: DirectiveDefinition = {
    name,
    module: module as ModuleType,
    flags,
    contexts,
    setter,
    block: (flags & NGX.CONF_BLOCK) !== 0,
    ...(keywords ? { keywords } : {}),
  };
  const list = TABLE.get(name);
  if (list) list.push(def);
  else TABLE.set(name, [def]);
}

function allows(module: ModuleType, flags: number, context: ContextName): boolean {
  const ctx = CONTEXTS[context];
  if (module !== 'conf' && module !== ctx.module) return false;
  return (flags & ctx.bit) >>> 0 !== 0;
}

/** Whether nginx allows this definition of a directive in `context`. */
export function isAllowedIn(def: DirectiveDefinition, context: ContextName): boolean {
  return allows(def.module, def.flags, context);
}

/** All of nginx's definitions of a directive, or undefined for a name nginx does not know. */
export function directiveInfo(name: string): readonly DirectiveDefinition[] | undefined {
  return TABLE.get(name);
}

/** The definition nginx would use for `name` in `context` (undefined: not allowed there). */
export function definitionIn(name: string, context: ContextName): DirectiveDefinition | undefined {
  return TABLE.get(name)?.find((d) => allows(d.module, d.flags, context));
}

/** Every directive name nginx knows (for "did you mean" hints and editor completion). */
export function directiveNames(): string[] {
  return [...TABLE.keys()];
}

const ARGUMENT_NUMBER = [
  NGX.CONF_NOARGS,
  NGX.CONF_TAKE1,
  NGX.CONF_TAKE2,
  NGX.CONF_TAKE3,
  NGX.CONF_TAKE4,
  NGX.CONF_TAKE5,
  NGX.CONF_TAKE6,
  NGX.CONF_TAKE7,
];

/** nginx's argument count check (`ngx_conf_handler`); `argc` excludes the name. */
export function acceptsArgumentCount(def: DirectiveDefinition, argc: number): boolean {
  const flags = def.flags;
  const nelts = argc + 1;
  if (flags & NGX.CONF_ANY) return true;
  if (flags & NGX.CONF_FLAG) return nelts === 2;
  if (flags & NGX.CONF_1MORE) return nelts >= 2;
  if (flags & NGX.CONF_2MORE) return nelts >= 3;
  if (nelts > 8) return false;
  return (flags & ARGUMENT_NUMBER[nelts - 1]!) !== 0;
}
