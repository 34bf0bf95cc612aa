/**
 * The rewrite module's script for one phase, run as nginx runs its compiled codes
 * (`ngx_http_rewrite_handler`): `set`, `if`, `rewrite`, `return` and `break` in config order.
 * A true `if` runs its block in place, and in a location its block becomes the configuration
 * that applies from then on (`ngx_http_script_if_code`): the last true `if` wins, and it
 * inherits from the location, not from an earlier `if`. `rewrite … last`, `rewrite … break`
 * and `break` end the whole phase, `return` and redirects end the request.
 */

import { describeIfCondition } from '../config/if-condition';
import { type ConfigNode, nameOf } from '../config/tree';
import type { FileSystem } from './files';
import type { ConfigModel, IfBlock } from './model';
import type { RegexMatch } from './regex';
import { expandReplacement } from './rewrite-replacement';
import type { RequestVariables } from './variables';

/** What one directive did, for the timeline's explanations (codes live in explain/reasons.ts). */
export interface RewriteStep {
  directive: ConfigNode;
  code: 'rewrite-if-true' | 'rewrite-if-false' | 'rewrite-uri' | 'rewrite-break';
  params: Record<string, string>;
}

/** Request state the rewrite codes change, kept across the server and location phases. */
export interface RewriteState {
  /** The `if` block whose configuration applies (location phase only). */
  ifBlock: IfBlock | null;
  /** r->uri_changed: the location is searched again after this phase. */
  uriChanged: boolean;
  /** r->valid_location: cleared by `break` after a rewrite; proxy_pass then sends the whole URI. */
  validLocation: boolean;
  /** r->internal: a rewrite changed the URI, so the client's request line no longer applies. */
  rewritten: boolean;
  steps: RewriteStep[];
  /** `rewrite_log on`: the notice lines nginx writes to error.log. */
  log: string[];
}

export type PhaseEnd =
  | { kind: 'done' }
  | { kind: 'return'; directive: ConfigNode }
  | { kind: 'redirect'; directive: ConfigNode; status: 301 | 302; location: string }
  /** A rewrite produced an empty URI: 500 and this error.log line. */
  | { kind: 'error'; directive: ConfigNode; log: string };

type Flow = { kind: 'next' } | { kind: 'stop' } | Exclude<PhaseEnd, { kind: 'done' }>;

export interface ScriptContext {
  model: ConfigModel;
  vars: RequestVariables;
  files: FileSystem;
  /** Location phase: a true `if` switches the configuration. Server `if`s do not (no loc_conf). */
  inLocation: boolean;
  /** `rewrite_log` of the level whose script runs. */
  log: boolean;
}

export function newRewriteState(): RewriteState {
  return { ifBlock: null, uriChanged: false, validLocation: true, rewritten: false, steps: [], log: [] };
}

/** Runs one phase's script (a server's or a location's own directives). */
export function runRewritePhase(directives: ConfigNode[], ctx: ScriptContext, state: RewriteState): PhaseEnd {
  const flow = runList(directives, ctx, state);
  return flow.kind === 'next' || flow.kind === 'stop' ? { kind: 'done' } : flow;
}

/**
 * `set $limit_rate`: nginx's setter parses a size (ngx_parse_size: digits, an optional k or m)
 * and stores bytes, which reading the variable prints; a value it cannot parse is logged and
 * leaves the rate as it was.
 */
function setLimitRate(value: string, ctx: ScriptContext, state: RewriteState): void {
  const m = /^(\d+)([kKmM]?)$/.exec(value);
  if (!m) {
    state.log.push(`[error] invalid $limit_rate "${value}"`);
    return;
  }
  const scale = { '': 1, k: 1024, m: 1024 * 1024 }[m[2]!.toLowerCase() as '' | 'k' | 'm'];
  ctx.vars.setValues.set('limit_rate', String(BigInt(m[1]!) * BigInt(scale)));
}

function runList(directives: ConfigNode[], ctx: ScriptContext, state: RewriteState): Flow {
  for (const d of directives) {
    const flow = runOne(d, ctx, state);
    if (flow.kind !== 'next') return flow;
  }
  return { kind: 'next' };
}

function runOne(d: ConfigNode, ctx: ScriptContext, state: RewriteState): Flow {
  switch (nameOf(d)) {
    case 'set': {
      const [name, value] = d.args;
      if (name?.startsWith('$') && value !== undefined) {
        const variable = name.slice(1).toLowerCase();
        const v = ctx.vars.interpolate(value);
        if (variable === 'limit_rate') setLimitRate(v, ctx, state);
        else ctx.vars.setValues.set(variable, v);
      }
      return { kind: 'next' };
    }
    case 'return':
      return { kind: 'return', directive: d };
    case 'break':
      // ngx_http_script_break_code: a rewrite earlier in this phase no longer searches again.
      if (state.uriChanged) {
        state.validLocation = false;
        state.uriChanged = false;
      }
      state.steps.push({ directive: d, code: 'rewrite-break', params: {} });
      return { kind: 'stop' };
    case 'rewrite':
      return runRewrite(d, ctx, state);
    case 'if': {
      const block = ctx.model.ifBlocks.get(d);
      if (!block?.condition) return { kind: 'next' };
      const truth = testCondition(block, ctx, state);
      state.steps.push({
        directive: d,
        code: truth ? 'rewrite-if-true' : 'rewrite-if-false',
        params: { condition: describeIfCondition(block.condition) },
      });
      if (!truth) return { kind: 'next' };
      if (ctx.inLocation) state.ifBlock = block;
      return runList(block.script, ctx, state);
    }
    default:
      return { kind: 'next' };
  }
}

/** Captures of a script regex replace the request's only when the pattern has groups. */
function keepCaptures(vars: RequestVariables, m: RegexMatch): void {
  if (m.captures.length > 1 || Object.keys(m.groups).length > 0) vars.captures = m;
}

/** ngx_http_script_regex_start_code's notice, when `rewrite_log` is on. */
function logMatch(ctx: ScriptContext, state: RewriteState, pattern: string, subject: string, hit: boolean) {
  if (ctx.log) state.log.push(`[notice] "${pattern}" ${hit ? 'matches' : 'does not match'} "${subject}"`);
}

function testCondition(block: IfBlock, ctx: ScriptContext, state: RewriteState): boolean {
  const c = block.condition!;
  const { vars } = ctx;
  switch (c.kind) {
    case 'variable': {
      const value = vars.interpolate(c.variable);
      return value !== '' && value !== '0';
    }
    case 'compare':
      return (vars.interpolate(c.variable) === vars.interpolate(c.value)) !== c.negate;
    case 'regex': {
      const subject = vars.interpolate(c.variable);
      const m = block.regex?.exec(subject) ?? null;
      logMatch(ctx, state, c.pattern, subject, m !== null);
      if (m) keepCaptures(vars, m);
      else vars.captures = null;
      return (m !== null) !== c.negate;
    }
    case 'file': {
      const path = vars.interpolate(c.value);
      const isFile = ctx.files.isFile(path);
      const isDir = ctx.files.isDirectory(path);
      // The scenario's files are not executable and its directories are (searchable, mode 755 as
      // the runner makes them), so -x is true for a directory only.
      const found =
        c.test === 'f' ? isFile : c.test === 'd' ? isDir : c.test === 'e' ? isFile || isDir : isDir;
      return found !== c.negate;
    }
  }
}

const REDIRECT_PREFIXES = ['http://', 'https://', '$scheme'];

/** ngx_http_script_regex_start_code / _end_code for `rewrite regex replacement [flag]`. */
function runRewrite(d: ConfigNode, ctx: ScriptContext, state: RewriteState): Flow {
  const { vars } = ctx;
  const regex = ctx.model.rewriteRegexes.get(d);
  const [, rawReplacement = '', flag] = d.args;
  const m = regex?.exec(vars.uri) ?? null;
  logMatch(ctx, state, d.args[0] ?? '', vars.uri, m !== null);
  if (!m) {
    vars.captures = null;
    return { kind: 'next' };
  }
  keepCaptures(vars, m);
  // A final "?" drops the client's arguments; otherwise they are appended.
  const addArgs = !rawReplacement.endsWith('?');
  const replacement = addArgs ? rawReplacement : rawReplacement.slice(0, -1);
  const redirect =
    flag === 'redirect' || flag === 'permanent' || REDIRECT_PREFIXES.some((p) => replacement.startsWith(p));
  const value = expandReplacement(replacement, vars, redirect);
  if (redirect) {
    let location = value;
    if (addArgs && vars.args !== '') location += `${replacement.includes('?') ? '&' : '?'}${vars.args}`;
    if (ctx.log) state.log.push(`[notice] rewritten redirect: "${location}"`);
    return { kind: 'redirect', directive: d, status: flag === 'permanent' ? 301 : 302, location };
  }
  const q = value.indexOf('?');
  const uri = q >= 0 ? value.slice(0, q) : value;
  let args = q >= 0 ? value.slice(q + 1) : addArgs ? vars.args : '';
  if (q >= 0 && addArgs && vars.args !== '') args += `&${vars.args}`;
  if (ctx.log) state.log.push(`[notice] rewritten data: "${uri}", args: "${args}"`);
  if (uri === '') {
    return { kind: 'error', directive: d, log: '[error] the rewritten URI has a zero length' };
  }
  const from = vars.uri;
  vars.setUri(uri, args, q >= 0 || args !== '');
  state.rewritten = true;
  state.steps.push({
    directive: d,
    code: 'rewrite-uri',
    params: { from, to: args !== '' ? `${uri}?${args}` : uri, flag: flag ?? '' },
  });
  if (flag === 'break') {
    state.validLocation = false;
    state.uriChanged = false;
    return { kind: 'stop' };
  }
  state.uriChanged = true;
  return flag === 'last' ? { kind: 'stop' } : { kind: 'next' };
}
