/**
 * What the clients and scripted backends of one scenario v2 run saw, on one clock whose zero is
 * the moment nginx is ready. Both ends live in the runner's process, so "when did this arrive"
 * is read off the same clock on either side. Requests are matched across nginx by a header the
 * client adds and the backend removes (REQUEST_TAG): nginx rewrites everything else.
 */
import type { FrameKind, OutcomeFrameV2, UpstreamRequestV2 } from '../../src/index';
import { BODY_KEPT } from './http-wire';

/**
 * The header that tells a backend which client request it is looking at: `name.index`. The
 * client adds it last; nginx passes it on like any header (unless the config stops request
 * headers); the backend records the request without it.
 */
export const REQUEST_TAG = 'X-Lab-Request';

export interface Tag {
  client: string;
  index: number;
}

export function tagValue(t: Tag): string {
  return `${t.client}.${t.index}`;
}

export function parseTag(value: string | undefined): Tag | null {
  const m = /^([A-Za-z0-9_-]+)\.(\d+)$/.exec(value ?? '');
  return m ? { client: m[1]!, index: Number(m[2]) } : null;
}

export interface UpstreamRecord extends UpstreamRequestV2 {
  tag: Tag | null;
  /** What the backend answered: 101 when it switched to a tunnel. */
  answeredStatus: number | null;
}

export interface ConnectionRecord {
  id: number;
  opened_at: number;
  closed_at: number | null;
  closed_by: 'nginx' | 'backend' | null;
  /** Upstream records this connection carried, in order. */
  requests: UpstreamRecord[];
}

export interface ClientFrames {
  frames: OutcomeFrameV2[];
  /** Who started a close handshake first, and when. */
  closeStarted: { by: 'client' | 'backend'; at: number; code: string } | null;
}

export class V2Recorder {
  private t0 = performance.now();
  /** Set once the window is over: what happens while everything is stopped is not recorded. */
  frozen = false;
  readonly upstream: UpstreamRecord[] = [];
  readonly connections = new Map<string, ConnectionRecord[]>();
  private readonly frames = new Map<string, ClientFrames>();

  /** Time 0: nginx is ready. */
  start(): void {
    this.t0 = performance.now();
  }

  now(): number {
    return (performance.now() - this.t0) / 1000;
  }

  /** Milliseconds from now until `seconds` on this clock (0 if past). */
  msUntil(seconds: number): number {
    return Math.max(0, seconds * 1000 - (performance.now() - this.t0));
  }

  framesOf(client: string): ClientFrames {
    let f = this.frames.get(client);
    if (!f) {
      f = { frames: [], closeStarted: null };
      this.frames.set(client, f);
    }
    return f;
  }

  /** A frame reached the far end; `from` is who sent it, `client` whose tunnel it went through. */
  frame(client: string, from: 'client' | 'backend', kind: FrameKind, data: string): void {
    if (this.frozen) return;
    const bytes = Buffer.byteLength(data);
    const frame: OutcomeFrameV2 = { at: this.now(), from, kind, data };
    if (bytes > BODY_KEPT) {
      frame.data = Buffer.from(data).subarray(0, BODY_KEPT).toString('utf8');
      frame.length = bytes;
    }
    this.framesOf(client).frames.push(frame);
  }

  startClose(client: string, by: 'client' | 'backend', code: string): void {
    if (this.frozen) return;
    this.framesOf(client).closeStarted ??= { by, at: this.now(), code };
  }

  /** A backend accepted a connection from nginx: its record, numbered per backend. */
  openConnection(backend: string): ConnectionRecord {
    const list = this.connections.get(backend) ?? [];
    this.connections.set(backend, list);
    const record: ConnectionRecord = {
      id: list.length + 1,
      opened_at: this.now(),
      closed_at: null,
      closed_by: null,
      requests: [],
    };
    if (!this.frozen) list.push(record);
    return record;
  }

  closeConnection(record: ConnectionRecord, by: 'nginx' | 'backend'): void {
    if (this.frozen || record.closed_at !== null) return;
    record.closed_at = this.now();
    record.closed_by = by;
  }

  addUpstream(record: UpstreamRecord, connection: ConnectionRecord): void {
    if (this.frozen) return;
    this.upstream.push(record);
    connection.requests.push(record);
  }
}
