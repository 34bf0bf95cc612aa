import type { AnyOutcome, Simulation, TimelineEvent, TranscriptLine } from '../../../playground/src/index';
import type { Translator } from '../../i18n/catalog';
import { sequenceSource } from './sequence-source';
import { localTimeline } from './timeline-labels';
import { localTranscript } from './transcript-v2';

/**
 * One run in the page language, for every view that draws it (the playground and its embed):
 * timeline labels, the terminal's sections and events, and the sequence diagram's text.
 */
export interface LocalRun {
  timeline: TimelineEvent[];
  transcript: TranscriptLine[];
  /** The diagram; `fallback` (the worker's English one) if it cannot be made. */
  sequence: (fallback: string | null) => string | null;
}

export function localRun(sim: Simulation<AnyOutcome>, t: Translator<'playground'>): LocalRun {
  const clients = new Set('clients' in sim.outcome ? sim.outcome.clients.map((c) => c.name) : []);
  const timeline = localTimeline(sim.timeline, t, clients);
  return {
    timeline,
    transcript: localTranscript(sim.transcript, sim.timeline, sim.outcome, t),
    sequence: (fallback) => {
      try {
        return sequenceSource(timeline, sim.outcome, t);
      } catch {
        return fallback;
      }
    },
  };
}
