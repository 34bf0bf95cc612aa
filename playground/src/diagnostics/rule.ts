import type { Message } from '../message';
import type { RuleContext, WsLocation } from './context';
import { say } from './messages';
import type { Node } from './tree';
import type { Fix, RuleId, Severity, Span } from './types';

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

export interface Rule {
  id: RuleId;
  check(ctx: RuleContext): Finding[];
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
