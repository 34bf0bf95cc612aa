/**
 * Count limits for scenario v2: how many clients, requests, answers and events one scenario may
 * hold, and how large a generated body may be. Far above what a lesson or a test needs (the
 * corpus uses at most a dozen of each), low enough that a pasted or generated scenario cannot
 * make the simulator, the playground's views or a real run (one socket per client, bodies in
 * memory) take minutes. The loader refuses a scenario over a limit with a message that names
 * the field, the count and the limit.
 */

export const SCENARIO_LIMITS = {
  /** Clients (TCP connections to nginx) in one scenario. */
  clients: 200,
  /** Requests one client sends on its connection. */
  requestsPerClient: 100,
  /** Requests of all clients together. */
  requests: 1000,
  /** Scripted answers of one backend. */
  answersPerBackend: 100,
  /** Events (reload, restart, backend down/up). */
  events: 100,
  /** Steps (frames) one client sends once upgraded. */
  stepsPerClient: 1000,
  /** Pieces of one request body sent later (`body_parts`). */
  bodyParts: 100,
  /** Bytes of a generated body (`body_size`, `send_size`): 16 MiB. */
  bodyBytes: 16 * 1024 * 1024,
} as const;

export type ScenarioLimit = keyof typeof SCENARIO_LIMITS;

/** `clients has 250 entries; a scenario may have at most 200`. */
export function tooManyMessage(field: string, count: number, limit: number): string {
  return `${field} has ${count} entries; a scenario may have at most ${limit}`;
}
