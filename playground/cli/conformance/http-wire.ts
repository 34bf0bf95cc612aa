/**
 * HTTP/1.x messages as bytes arrive, for the scenario v2 client and backends: a head, then a
 * body framed by Content-Length, chunked transfer coding, or the end of the connection. The
 * parser keeps what an outcome reports (the first 1024 bytes, the length, when it completed) and
 * hands back bytes that belong to the next message (or to a WebSocket tunnel).
 */
import { hasToken, headerValue } from './http-head';

/** The outcome keeps at most this many bytes of a body as text. */
export const BODY_KEPT = 1024;

export type Framing =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  | { kind: 'close' };

/** How a request's body is framed (RFC 9112 §6.3 for requests: chunked, else Content-Length, else none). */
export function requestFraming(headers: Array<[string, string]>): Framing {
  if (hasToken(headerValue(headers, 'transfer-encoding'), 'chunked')) return { kind: 'chunked' };
  const length = Number(headerValue(headers, 'content-length'));
  return Number.isInteger(length) && length > 0 ? { kind: 'length', length } : { kind: 'none' };
}

/** How a response's body is framed, given the request method (HEAD) and the status. */
export function responseFraming(method: string, status: number, headers: Array<[string, string]>): Framing {
  if (method === 'HEAD' || (status >= 100 && status < 200) || status === 204 || status === 304) {
    return { kind: 'none' };
  }
  if (hasToken(headerValue(headers, 'transfer-encoding'), 'chunked')) return { kind: 'chunked' };
  const raw = headerValue(headers, 'content-length');
  if (raw !== undefined) {
    const length = Number(raw);
    return Number.isInteger(length) && length >= 0 ? { kind: 'length', length } : { kind: 'close' };
  }
  return { kind: 'close' };
}

/** The decoded bytes of one body as they arrive. */
export class BodyReader {
  private kept: Buffer[] = [];
  private keptBytes = 0;
  length = 0;
  done = false;
  /** Chunked decoding state: bytes left in the current chunk, or null while reading a size line. */
  private chunkLeft: number | null = null;
  private pending = Buffer.alloc(0);
  private trailers = false;

  constructor(private readonly framing: Framing) {
    if (framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0)) this.done = true;
  }

  /** Feeds bytes; returns those past the end of the body (the next message's). */
  push(chunk: Buffer): Buffer {
    if (this.done) return chunk;
    if (this.framing.kind === 'close') {
      this.take(chunk);
      return Buffer.alloc(0);
    }
    if (this.framing.kind === 'length') {
      const need = this.framing.length - this.length;
      this.take(chunk.subarray(0, need));
      if (this.length >= this.framing.length) this.done = true;
      return chunk.subarray(need);
    }
    return this.chunked(chunk);
  }

  /** The connection ended: a close-delimited body is complete, any other is cut short. */
  end(): void {
    if (this.framing.kind === 'close') this.done = true;
  }

  private take(bytes: Buffer): void {
    this.length += bytes.length;
    if (this.keptBytes < BODY_KEPT) {
      const part = bytes.subarray(0, BODY_KEPT - this.keptBytes);
      this.kept.push(part);
      this.keptBytes += part.length;
    }
  }

  private chunked(chunk: Buffer): Buffer {
    let buf = Buffer.concat([this.pending, chunk]);
    this.pending = Buffer.alloc(0);
    while (buf.length > 0 && !this.done) {
      if (this.chunkLeft === null) {
        const eol = buf.indexOf('\r\n');
        if (eol < 0) break;
        const line = buf.subarray(0, eol).toString('latin1');
        buf = buf.subarray(eol + 2);
        if (this.trailers) {
          if (line === '') this.done = true;
          continue;
        }
        const size = Number.parseInt(line.split(';')[0]!.trim(), 16);
        if (!Number.isFinite(size)) {
          this.done = true; // malformed: stop, what arrived is what counts
          break;
        }
        if (size === 0) this.trailers = true;
        else this.chunkLeft = size;
        continue;
      }
      if (this.chunkLeft > 0) {
        const part = buf.subarray(0, this.chunkLeft);
        this.take(part);
        this.chunkLeft -= part.length;
        buf = buf.subarray(part.length);
        continue;
      }
      // The CRLF after a chunk's data.
      if (buf.length < 2) break;
      buf = buf.subarray(2);
      this.chunkLeft = null;
    }
    if (!this.done) {
      this.pending = buf;
      return Buffer.alloc(0);
    }
    return buf;
  }

  /** The kept bytes as UTF-8 text (U+FFFD for bytes that are not). */
  text(): string {
    return Buffer.concat(this.kept).toString('utf8');
  }
}

/** `[name, value]` pairs with lower-case names, as outcomes list them. */
export function lowerNames(headers: Array<[string, string]>): Array<[string, string]> {
  return headers.map(([n, v]) => [n.toLowerCase(), v]);
}
