import type { ConfigError } from '../config/ast';
import type { Reason } from '../explain/reasons';
import type { HeaderDecision } from '../explain/types';
import type { AnyOutcome, Outcome } from '../scenario/types';

/**
 * What one simulation produces beyond the outcome: everything the playground views and
 * the CLI transcript need. Messages are codes plus parameters where a person reads them,
 * so the UI can translate; error-log lines are nginx's own English wording.
 */

export type Lane = 'client' | 'nginx' | 'backend';

export interface TimelineEvent {
  /** Virtual seconds from the start. */
  at: number;
  from: Lane;
  to: Lane | null;
  /** e.g. `connect`, `request`, `response`, `frame`, `timer-armed`, `timer-fired`, `close`. */
  kind: string;
  /** Short label to draw, e.g. `GET /chat/ HTTP/1.1`, `text "hello"`, `101`. */
  label: string;
  /** For timers: name (`proxy_read_timeout`) and the deadline it was armed for. */
  timer?: { name: string; deadline: number };
  /** Config line this event comes from, when one does. */
  source?: { file: string; line: number };
  /** Explanation code + params for the hover text. */
  explain?: Reason;
}

export interface TranscriptLine {
  at: number;
  /** `>` sent by the client, `<` received, `*` informational (as curl -v / websocat -v). */
  dir: '>' | '<' | '*';
  text: string;
}

/** `O`: outcome@1 for a v1 scenario; a scenario of either version gives either outcome. */
export interface Simulation<O extends AnyOutcome = Outcome> {
  outcome: O;
  /** Parse/evaluation problems (a failed config also yields `outcome.config_error`). */
  errors: ConfigError[];
  /** One list per upstream request, in order: every header sent or considered. */
  headers: HeaderDecision[][];
  /** The response to the client: every header sent (in order), then those considered and not sent. */
  responseHeaders?: HeaderDecision[];
  timeline: TimelineEvent[];
  transcript: TranscriptLine[];
  /** `[level] message` lines, as nginx would log them. */
  errorLog: string[];
  /** Which server/location handled the request, for explanations. */
  route?: {
    server: { line: number };
    location: { line: number; match: string } | null;
    proxyPass: string | null;
  };
}
