import type { RunOutcomeV2 } from '../../../playground/src/index';

/**
 * Scenario v2's connections as lanes: one per client connection, then one per backend
 * connection, each from its opening to its close (or the end of the run), with a tick per request
 * and the tunnel shaded. Pure geometry for the timeline view, so tests check it without a browser.
 */

export interface Mark {
  at: number;
  /** `request`: sent (client) or carried (backend); `response`: the answer's head reached the client. */
  kind: 'request' | 'response';
  label: string;
}

export interface ConnectionLane {
  label: string;
  side: 'client' | 'backend';
  /** null: never connected (refused). */
  from: number | null;
  /** null: still open at the end of the run. */
  to: number | null;
  closedBy: string | null;
  marks: Mark[];
  tunnel: { from: number; to: number | null } | null;
}

/** More lanes than this are not drawn (a load scenario has hundreds); the view says how many. */
export const MAX_LANES = 120;

export function connectionLanes(o: RunOutcomeV2): ConnectionLane[] {
  const lanes: ConnectionLane[] = [];
  for (const c of o.clients) {
    const marks: Mark[] = [];
    let tunnelFrom: number | null = null;
    c.requests.forEach((r, i) => {
      marks.push({ at: r.sent_at, kind: 'request', label: `#${i} ${r.request_line}` });
      if (r.response) {
        marks.push({ at: r.response.at, kind: 'response', label: `#${i} ${r.response.status}` });
        if (r.response.status === 101 && c.tunnel) tunnelFrom = r.response.at;
      }
    });
    lanes.push({
      label: c.name,
      side: 'client',
      from: c.connected_at,
      to: c.closed?.at ?? null,
      closedBy: c.closed?.by ?? null,
      marks,
      tunnel: tunnelFrom === null ? null : { from: tunnelFrom, to: c.end?.at ?? c.closed?.at ?? null },
    });
  }
  const requestAt = new Map<string, number>();
  for (const c of o.clients)
    c.requests.forEach((r, i) => {
      for (const u of r.upstream) requestAt.set(`${u.backend} ${u.connection} ${c.name} ${i}`, u.at);
    });
  for (const [address, backend] of Object.entries(o.backends)) {
    for (const conn of backend.connections) {
      lanes.push({
        label: `${address} #${conn.id}`,
        side: 'backend',
        from: conn.opened_at,
        to: conn.closed_at,
        closedBy: conn.closed_by,
        marks: conn.requests.map(([name, index]) => ({
          at: requestAt.get(`${address} ${conn.id} ${name} ${index}`) ?? conn.opened_at,
          kind: 'request' as const,
          label: `${name}#${index}`,
        })),
        tunnel: null,
      });
    }
  }
  return lanes;
}

/** The last instant any lane shows, for the time axis. */
export function lanesEnd(lanes: readonly ConnectionLane[]): number {
  let end = 0;
  for (const lane of lanes) {
    for (const t of [lane.from, lane.to, ...lane.marks.map((m) => m.at)]) if (t !== null && t > end) end = t;
  }
  return end;
}
