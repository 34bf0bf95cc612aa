/**
 * The timeline as a mermaid sequence diagram (text only; the page renders it). Participants
 * are Client, nginx and Backend; timers become notes over nginx.
 */
import { MAX_DIAGRAM_MESSAGES } from '../limits/counts';
import type { AnyOutcome } from '../scenario/types';
import type { Lane, Simulation, TimelineEvent } from '../sim/types';

const IDS: Record<Lane, string> = { client: 'C', nginx: 'N', backend: 'B' };

const ENTITIES: Record<string, string> = {
  '#': '#35;',
  ';': '#59;',
  ':': '#58;',
  '<': '#lt;',
  '>': '#gt;',
  '"': '#quot;',
  '%': '#37;',
  '{': '#123;',
  '}': '#125;',
};

/** Mermaid message text: entity codes for what its grammar treats specially, in one pass; one line. */
export function escapeMermaid(label: string): string {
  return label.replace(/[\r\n]+/g, ' ').replace(/[#;:<>"%{}]/g, (c) => ENTITIES[c]!);
}

function arrow(e: TimelineEvent): string {
  if (e.kind === 'response' || (e.from === 'backend' && e.kind !== 'frame')) return '-->>';
  if (e.kind === 'close' || e.kind === 'refused') return '--x';
  return '->>';
}

function line(e: TimelineEvent): string | null {
  const label = escapeMermaid(`${e.at}s ${e.label}`);
  if (e.to !== null) return `  ${IDS[e.from]}${arrow(e)}${IDS[e.to]}: ${label}`;
  if (
    e.kind === 'timer-armed' ||
    e.kind === 'timer-fired' ||
    e.kind === 'tunnel' ||
    e.kind === 'note' ||
    e.kind === 'next-upstream'
  ) {
    return `  Note over ${IDS[e.from]}: ${label}`;
  }
  if (e.kind === 'skipped') return `  Note over ${IDS[e.from]}: ${label}`;
  return null;
}

/** The diagram of `sim`; past `maxMessages` lines one note counts the events left out. */
export function renderMermaid(sim: Simulation<AnyOutcome>, maxMessages = MAX_DIAGRAM_MESSAGES): string {
  const out = [
    'sequenceDiagram',
    '  participant C as Client',
    '  participant N as nginx',
    '  participant B as Backend',
  ];
  if ('config_error' in sim.outcome) {
    out.push(`  Note over N: ${escapeMermaid(`nginx -t failed: ${sim.outcome.config_error}`)}`);
    return `${out.join('\n')}\n`;
  }
  let shown = 0;
  for (const [i, e] of sim.timeline.entries()) {
    const l = line(e);
    if (!l) continue;
    if (shown === maxMessages) {
      const rest = sim.timeline.slice(i).filter((x) => line(x) !== null).length;
      out.push(`  Note over N: ${escapeMermaid(`${rest} more events not shown (from ${e.at}s)`)}`);
      break;
    }
    out.push(l);
    shown++;
  }
  return `${out.join('\n')}\n`;
}
