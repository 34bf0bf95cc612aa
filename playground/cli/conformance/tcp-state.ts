/**
 * When does the peer close a socket we have stopped reading (`stop_reading_at`, `stop_reading`)?
 * A paused socket never sees the FIN or the reset, so the kernel's view is asked instead: the
 * socket's line in /proc/self/net/tcp (the runner's own network namespace) turns CLOSE_WAIT
 * when the peer sent a FIN, and disappears once a reset closed it. Linux only, like the runner.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

const POLL_MS = 50;
const CLOSE_WAIT = '08';

/** `0100007F:1F90` for 127.0.0.1:8080, as /proc/net/tcp writes IPv4 addresses (little-endian). */
function procAddress(address: string, port: number): string {
  const hex = address
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0').toUpperCase())
    .reverse()
    .join('');
  return `${hex}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The socket's state in /proc/self/net/tcp (hex, e.g. 01 established, 08 close-wait), or null if gone. */
export function tcpState(
  local: { address: string; port: number },
  remote: { address: string; port: number },
): string | null {
  let table: string;
  try {
    table = readFileSync('/proc/self/net/tcp', 'utf8');
  } catch {
    return '01'; // cannot tell: assume still open
  }
  const want = `${procAddress(local.address, local.port)} ${procAddress(remote.address, remote.port)}`;
  for (const line of table.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (`${f[1]} ${f[2]}` === want) return f[3] ?? null;
  }
  return null;
}

/**
 * Calls `onPeerClosed` once the peer has closed `sock` (FIN or reset) while we do not read it.
 * Returns a function that stops watching.
 */
export function watchPeerClose(sock: Socket, onPeerClosed: () => void): () => void {
  const local = { address: sock.localAddress ?? '', port: sock.localPort ?? 0 };
  const remote = { address: sock.remoteAddress ?? '', port: sock.remotePort ?? 0 };
  if (!local.port || !remote.port) return () => {};
  const timer = setInterval(() => {
    if (sock.destroyed) return stop();
    const state = tcpState(local, remote);
    if (state === null || state === CLOSE_WAIT) {
      stop();
      onPeerClosed();
    }
  }, POLL_MS);
  const stop = () => clearInterval(timer);
  return stop;
}
