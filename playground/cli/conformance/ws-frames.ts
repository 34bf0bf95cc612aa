/**
 * The slice of RFC 6455 that the test client and backends need: encode one frame, and cut a
 * byte stream into frames. Fragmentation and binary data are not used by scenarios.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FrameKind } from '../../src/index';

const OPCODES: Record<FrameKind, number> = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa };
const KINDS = new Map<number, FrameKind>(Object.entries(OPCODES).map(([k, v]) => [v, k as FrameKind]));

export interface Frame {
  kind: FrameKind;
  /** Text for text/ping/pong; the close code as a string for close ('' when none). */
  data: string;
}

/** A frame on the wire; clients must mask (`masked`), servers must not. */
export function encodeFrame(frame: Frame, masked: boolean): Buffer {
  let payload: Buffer;
  if (frame.kind === 'close') {
    payload = Buffer.alloc(frame.data === '' ? 0 : 2);
    if (frame.data !== '') payload.writeUInt16BE(Number(frame.data));
  } else payload = Buffer.from(frame.data, 'utf8');
  const len = payload.length;
  const header: number[] = [0x80 | OPCODES[frame.kind]];
  const maskBit = masked ? 0x80 : 0;
  if (len < 126) header.push(maskBit | len);
  else if (len < 0x10000) header.push(maskBit | 126, len >> 8, len & 0xff);
  else {
    header.push(maskBit | 127, 0, 0, 0, 0);
    header.push((len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  }
  if (!masked) return Buffer.concat([Buffer.from(header), payload]);
  const key = randomBytes(4);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ key[i % 4]!;
  return Buffer.concat([Buffer.from(header), key, body]);
}

/** Accumulates bytes and yields whole frames; an unknown opcode is reported as a protocol error. */
export class FrameReader {
  private buf = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      const f = this.next();
      if (!f) return frames;
      frames.push(f);
    }
  }

  private next(): Frame | null {
    const b = this.buf;
    if (b.length < 2) return null;
    const opcode = b[0]! & 0x0f;
    const masked = (b[1]! & 0x80) !== 0;
    let len = b[1]! & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (b.length < 4) return null;
      len = b.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (b.length < 10) return null;
      len = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const keyAt = offset;
    if (masked) offset += 4;
    if (b.length < offset + len) return null;
    const payload = Buffer.from(b.subarray(offset, offset + len));
    if (masked) for (let i = 0; i < len; i++) payload[i] = payload[i]! ^ b[keyAt + (i % 4)]!;
    this.buf = b.subarray(offset + len);
    const kind = KINDS.get(opcode);
    if (!kind) throw new Error(`unexpected WebSocket opcode 0x${opcode.toString(16)}`);
    const data =
      kind === 'close' ? (len >= 2 ? String(payload.readUInt16BE(0)) : '') : payload.toString('utf8');
    return { kind, data };
  }
}

/** Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2). */
export function acceptKey(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}
