import type { CodeTable, Message } from '../message';
import type { RuleContext, WsLocation } from './context';
import { ruleMessages } from './messages';
import type { Node } from './tree';
import type { Fix, Severity, Span } from './types';

const say = ruleMessages({});

/** What a rule reports; `diagnose` adds the span, the guide link and the ordering. */
export interface Finding {
  node: Node;
  /** Where exactly, when that is not the node's own span (a character inside a line). */
  span?: Span;
  severity: Severity;
  message: Message;
  explanation: Message;
  fix?: Fix;
}

/**
 * One diagnostic rule, everything about it in its module: registered once in `registry.ts`,
 * which derives the rule ids, guide links and the code table from these fields.
 */
export interface Rule<Id extends string = string, Codes extends CodeTable = CodeTable> {
  id: Id;
  /** Where the guides explain it: site path without the language prefix, `/guides/<page>/#<anchor>`. */
  guide: string;
  /** A scenario under content/scenarios/ that shows its effect on real nginx, when it claims a behaviour. */
  scenario?: string;
  /**
   * The message codes its findings carry, each `<id>.…`, with their parameters (the texts are
   * in src/i18n/<lang>.json, namespace `diagnostic`); codes several rules share are in messages.ts.
   */
  codes: Codes;
  check(ctx: RuleContext): Finding[];
}

/** Declares a rule; keeps its id and codes as literal types, so the registry can derive their unions. */
export function defineRule<const Id extends string, const Codes extends CodeTable>(
  rule: Rule<Id, Codes>,
): Rule<Id, Codes> {
  return rule;
}

/** Missing-header findings are errors when headers or the scenario prove WebSocket, warnings on a name alone. */
export function wsSeverity(ws: WsLocation): Severity {
  return ws.evidence.includes('headers') || ws.evidence.includes('scenario') ? 'error' : 'warning';
}

/** `location /ws/` as people write it, for messages. */
export function locationLabel(node: Node): string {
  return ['location', ...node.args].join(' ');
}

/** `if ($http_upgrade)` as written, for messages. */
export function ifLabel(node: Node): string {
  return ['if', ...node.args].join(' ');
}

/** The "why we think this is WebSocket" note when the path name is the only hint, else nothing. */
export function evidenceNote(ws: WsLocation): Message | '' {
  return ws.evidence.length === 1 && ws.evidence[0] === 'name' ? say('evidence-name-only') : '';
}
