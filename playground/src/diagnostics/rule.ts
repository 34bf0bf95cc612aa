import type { RuleContext, WsLocation } from './context';
import type { Node } from './tree';
import type { Bilingual, Fix, RuleId, Severity } from './types';

/** What a rule reports; `diagnose` adds the span, the guide link and the ordering. */
export interface Finding {
  node: Node;
  severity: Severity;
  message: Bilingual;
  explanation: Bilingual;
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
  return ['location', ...node.d.args].join(' ');
}

/** `if ($http_upgrade)` as written, for messages. */
export function ifLabel(node: Node): string {
  return ['if', ...node.d.args].join(' ');
}

/** Appends the "why we think this is WebSocket" note when the path name is the only hint. */
export function evidenceNote(ws: WsLocation): Bilingual {
  if (ws.evidence.length === 1 && ws.evidence[0] === 'name') {
    return {
      zh: '（仅凭路径名判断这是 WebSocket 入口；如果它不是，可忽略本条。）',
      en: ' (Only the path name suggests this is a WebSocket endpoint; ignore this if it is not.)',
    };
  }
  return { zh: '', en: '' };
}
