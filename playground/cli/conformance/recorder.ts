/**
 * One clock and one log shared by the client and the backends of a run: since both ends live
 * in this process, "when was the frame delivered" is read off the same clock on either side.
 */
import type { FrameKind, OutcomeFrame, UpstreamRequest } from '../../src/index';

export class Recorder {
  private t0 = performance.now();
  readonly upstream: UpstreamRequest[] = [];
  readonly frames: OutcomeFrame[] = [];
  /** A backend answered 101 (the upstream half of a tunnel exists). */
  backendUpgraded = false;
  /** Who started a close handshake first, and when; decides `end.by`. */
  closeStarted: { by: 'client' | 'backend'; at: number; code: string } | null = null;

  /** Restarts the clock: time 0 is when the client starts connecting. */
  start(): void {
    this.t0 = performance.now();
  }

  /** Seconds since the start. */
  now(): number {
    return (performance.now() - this.t0) / 1000;
  }

  /** A frame reached the far end: `from` is who sent it. */
  frame(from: 'client' | 'backend', kind: FrameKind, data: string): void {
    this.frames.push({ at: this.now(), from, kind, data });
  }

  startClose(by: 'client' | 'backend', code: string): void {
    this.closeStarted ??= { by, at: this.now(), code };
  }
}
