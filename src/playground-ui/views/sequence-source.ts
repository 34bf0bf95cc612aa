import {
  type AnyOutcome,
  escapeMermaid,
  MAX_DIAGRAM_MESSAGES,
  type TimelineEvent,
} from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';

/**
 * The sequence diagram's Mermaid text in the page language, from the run's (already localised)
 * timeline. With scenario v2 every client is a participant of its own and so is every backend
 * nginx connected to, so several connections read as separate columns: a client's messages go
 * from its column, and an upstream message goes to the backend that client's request was sent to.
 * Run-wide events (reload, restart, a backend down or up) are notes across the whole diagram.
 */

const NOTE_KINDS = new Set(['timer-armed', 'timer-fired', 'tunnel', 'note', 'next-upstream', 'skipped']);

function arrow(e: TimelineEvent): string {
  if (e.kind === 'response' || (e.from === 'backend' && e.kind !== 'frame')) return '-->>';
  if (e.kind === 'close' || e.kind === 'refused') return '--x';
  return '->>';
}

/** A participant's display name: mermaid reads an alias to the line's end; `;` and `#` are its own. */
function alias(name: string): string {
  return name.replace(/[\r\n]+/g, ' ').replace(/[;#]/g, (c) => (c === ';' ? '#59;' : '#35;'));
}

export function sequenceSource(
  timeline: readonly TimelineEvent[],
  outcome: AnyOutcome,
  t: Translator<'playground'>,
  maxMessages = MAX_DIAGRAM_MESSAGES,
): string {
  const out = ['sequenceDiagram'];
  if ('config_error' in outcome) {
    out.push(`  participant N as nginx`);
    out.push(`  Note over N: ${escapeMermaid(`nginx -t: ${outcome.config_error}`)}`);
    return `${out.join('\n')}\n`;
  }
  const v2 = 'clients' in outcome;
  const clients = v2 ? outcome.clients.map((c) => c.name) : [];
  const backends = v2 ? Object.keys(outcome.backends) : [];
  const clientId = new Map(clients.map((name, i) => [name, `C${i}`]));
  const backendId = new Map(backends.map((address, i) => [address, `B${i}`]));
  if (v2) {
    for (const [name, id] of clientId)
      out.push(`  participant ${id} as ${alias(t('sequence.client', { name }))}`);
  } else out.push(`  participant C as ${alias(t('lane.client'))}`);
  out.push('  participant N as nginx');
  if (v2 && backends.length)
    for (const [address, id] of backendId)
      out.push(`  participant ${id} as ${alias(t('sequence.backend', { address }))}`);
  else out.push(`  participant B as ${alias(t('lane.backend'))}`);
  const first = v2 ? (clientId.values().next().value ?? 'N') : 'C';
  const last = v2 && backends.length ? `B${backends.length - 1}` : 'B';

  // Which backend each client's upstream connection currently goes to (from its `connect ADDR`).
  const upstreamOf = new Map<string, string>();
  const lines: string[] = [];
  let truncatedAt: number | null = null;
  let left = 0;
  for (const e of timeline) {
    const named = v2 ? /^([^:\s]+): (.*)$/s.exec(e.label) : null;
    const client = named && clientId.has(named[1] ?? '') ? (named[1] ?? null) : null;
    const text = client ? (named?.[2] ?? '') : e.label;
    if (client && e.from === 'nginx' && e.to === 'backend' && e.kind === 'connect') {
      const address = /(\S+:\d+)$/.exec(text)?.[1];
      if (address && backendId.has(address)) upstreamOf.set(client, backendId.get(address)!);
    }
    const id = (lane: 'client' | 'nginx' | 'backend'): string => {
      if (lane === 'nginx') return 'N';
      if (lane === 'client') return client ? clientId.get(client)! : v2 ? first : 'C';
      return client
        ? (upstreamOf.get(client) ?? (v2 && backends.length ? 'B0' : 'B'))
        : v2 && backends.length
          ? 'B0'
          : 'B';
    };
    let line: string | null = null;
    // Over the client's own column its name is said once already; elsewhere the label keeps it.
    const clientSide = e.from === 'client' || e.to === 'client';
    const label = escapeMermaid(`${e.at}s ${client && !clientSide ? `${client}: ${text}` : text}`);
    if (e.to !== null) line = `  ${id(e.from)}${arrow(e)}${id(e.to)}: ${label}`;
    else if (e.kind === 'note' && !client) line = `  Note over ${first},${last}: ${label}`;
    else if (NOTE_KINDS.has(e.kind)) line = `  Note over ${id(e.from)}: ${label}`;
    if (!line) continue;
    if (lines.length === maxMessages) {
      truncatedAt ??= e.at;
      left++;
      continue;
    }
    lines.push(line);
  }
  out.push(...lines);
  if (truncatedAt !== null)
    out.push(`  Note over N: ${escapeMermaid(t('sequence.more', { count: left, at: truncatedAt }))}`);
  return `${out.join('\n')}\n`;
}
