import type { Reason } from './reasons';

/**
 * What the evaluator and the simulator record to explain themselves: where each header value
 * came from and why one was not sent, as reason codes (see `reasons.ts`) with parameters.
 */

/** Where a value came from: a config line, an nginx default, or the client. */
export type Provenance =
  | { kind: 'directive'; directive: string; file: string; line: number }
  /** `code` is a key of `reasonCodes`: the site and the CLI say what the default is. */
  | { kind: 'default'; code: Reason['code'] }
  | { kind: 'client' }
  /** Relayed from the backend's response. */
  | { kind: 'backend' };

/** One header of the upstream request, or one that was considered and not sent. */
export interface HeaderDecision {
  name: string;
  /** What was sent; null when the header was dropped or evaluated to empty. */
  value: string | null;
  sent: boolean;
  provenance: Provenance;
  /** Why it was dropped / not inherited; a message code (see `reasonCodes`) with params. */
  reason?: Reason;
}
