import type { AnyOutcome, TimelineEvent, TranscriptLine } from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';

/**
 * Scenario v2's terminal: the engine writes one section per client (`== c1 (127.0.0.1)`, its
 * lines, how it closed). Here each section is worded in the page language and gets the run's
 * events — reload, restart, a backend going down or up — at their time, in every section whose
 * connection was open then, since that is when the client could notice them.
 */

type Event = { at: number; text: string };

const SECTION = /^== (\S+) \((\S+)\)$/;

function eventText(label: string, t: Translator<'playground'>): string | null {
  if (label === 'reload') return t('transcript.reload');
  if (label === 'restart') return t('transcript.restart');
  const backend = /^backend_(down|up) (\S+)$/.exec(label);
  if (backend)
    return t(backend[1] === 'down' ? 'transcript.backendDown' : 'transcript.backendUp', {
      address: backend[2] ?? '',
    });
  return null;
}

/** The run's events as transcript texts, in time order. */
export function runEvents(timeline: readonly TimelineEvent[], t: Translator<'playground'>): Event[] {
  const out: Event[] = [];
  for (const e of timeline) {
    if (e.kind !== 'note' || e.to !== null) continue;
    const text = eventText(e.label, t);
    if (text) out.push({ at: e.at, text });
  }
  return out;
}

function localInfo(text: string, t: Translator<'playground'>): string {
  const section = SECTION.exec(text);
  if (section) return t('transcript.client', { name: section[1] ?? '', address: section[2] ?? '' });
  const closed = /^connection closed by (client|nginx|backend)$/.exec(text);
  if (closed) return t('transcript.closedBy', { by: t(`lane.${closed[1] as 'client'}`) });
  if (text === 'connection refused') return t('transcript.refused');
  if (text === 'client closes the connection (until)') return t('transcript.until');
  return text;
}

export function localTranscript(
  lines: readonly TranscriptLine[],
  timeline: readonly TimelineEvent[],
  outcome: AnyOutcome | null,
  t: Translator<'playground'>,
): TranscriptLine[] {
  if (!outcome || !('clients' in outcome)) return [...lines];
  const events = runEvents(timeline, t);
  const windows = new Map(
    outcome.clients.map((c) => [
      c.name,
      { from: c.connected_at, to: c.closed?.at ?? Number.POSITIVE_INFINITY },
    ]),
  );
  const out: TranscriptLine[] = [];
  let pending: Event[] = [];
  const flush = (before: number) => {
    while (pending.length && pending[0]!.at <= before) {
      const e = pending.shift()!;
      out.push({ at: e.at, dir: '*', text: e.text });
    }
  };
  for (const line of lines) {
    const section = line.dir === '*' ? SECTION.exec(line.text) : null;
    if (section) {
      flush(Number.POSITIVE_INFINITY);
      const w = windows.get(section[1] ?? '');
      pending = w && w.from !== null ? events.filter((e) => e.at >= w.from! && e.at <= w.to) : [];
    } else {
      // An event goes before the first line that comes after it (a close at the same instant after it).
      flush(line.at - (line.dir === '*' ? 0 : 1e-9));
    }
    out.push({ ...line, text: line.dir === '*' ? localInfo(line.text, t) : line.text });
  }
  flush(Number.POSITIVE_INFINITY);
  return out;
}
