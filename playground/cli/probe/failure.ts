/** A probe that could not get as far as a WebSocket, as a message code with its exit status. */
import type { MessageCode, Params } from './messages';

/** Exit statuses of `nginx-ws-lab probe` (its --help lists them). */
export const EXIT = {
  /** Open until the probe closed it at the end of the hold. */
  open: 0,
  /** Closed before the hold ended: by the server, a hop in between, or a reset. */
  closed: 1,
  usage: 2,
  /** No connection: name resolution, refused, connect timeout, TLS. */
  noConnection: 3,
  /** Connected, but no valid 101 in time. */
  handshake: 4,
  /** With --config: the chain did not do what the config predicts. */
  disagrees: 5,
  interrupted: 130,
} as const;

export class ProbeFailure extends Error {
  constructor(
    readonly code: MessageCode,
    readonly params: Params,
    readonly exit: number,
    readonly hints: MessageCode[] = [],
  ) {
    super(code);
  }
}
