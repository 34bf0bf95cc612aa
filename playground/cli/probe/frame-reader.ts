/**
 * Frames from a real server, whatever it sends: binary, fragments, close reasons, and the
 * protocol errors a browser would close on. The conformance runner's FrameReader
 * (../conformance/ws-frames.ts) reads only what scenario backends send (whole text,
 * ping, pong, close without reason); the probe writes its own frames with that module's
 * encodeFrame.
 */

import type { MessageCode, Params } from './messages';

export const OP = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

export interface WireFrame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** A browser's limit is memory; the probe only needs to count, and stops at this size. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export class ProtocolError extends Error {
  constructor(
    readonly code: MessageCode,
    readonly params: Params = {},
  ) {
    super(code);
  }
}

export class WireFrameReader {
  private buf: Buffer = Buffer.alloc(0);

  /** Whole frames in `chunk` and what came before it; throws ProtocolError on a bad frame. */
  push(chunk: Buffer): WireFrame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: WireFrame[] = [];
    for (;;) {
      const f = this.next();
      if (!f) return frames;
      frames.push(f);
    }
  }

  private next(): WireFrame | null {
    const b = this.buf;
    if (b.length < 2) return null;
    const fin = (b[0]! & 0x80) !== 0;
    if (b[0]! & 0x70) throw new ProtocolError('protocol-reserved-bits');
    const opcode = b[0]! & 0x0f;
    if (!Object.values(OP).includes(opcode as never))
      throw new ProtocolError('protocol-opcode', { opcode: opcode.toString(16) });
    if (b[1]! & 0x80) throw new ProtocolError('protocol-masked');
    let len = b[1]! & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (b.length < 4) return null;
      len = b.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (b.length < 10) return null;
      const big = b.readBigUInt64BE(2);
      if (big > BigInt(MAX_FRAME_BYTES)) throw new ProtocolError('protocol-too-big', { bytes: String(big) });
      len = Number(big);
      offset = 10;
    }
    if (opcode >= OP.close && (len > 125 || !fin)) throw new ProtocolError('protocol-control');
    if (len > MAX_FRAME_BYTES) throw new ProtocolError('protocol-too-big', { bytes: len });
    if (b.length < offset + len) return null;
    const payload = Buffer.from(b.subarray(offset, offset + len));
    this.buf = b.subarray(offset + len);
    return { fin, opcode, payload };
  }
}

/** Code and reason of a close frame's payload; code null for an empty one (1005). */
export function closePayload(payload: Buffer): { code: number | null; reason: string } {
  if (payload.length < 2) return { code: null, reason: '' };
  return { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') };
}
