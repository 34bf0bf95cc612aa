/**
 * What a common WebSocket server (RFC 6455) checks in an opening handshake, and the
 * `Sec-WebSocket-Accept` it answers with. SHA-1 is written out here because the engine may
 * not use Node's crypto (it runs in browsers and workers too) and WebCrypto is async.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

export function sha1(bytes: Uint8Array): Uint8Array {
  const length = bytes.length;
  const words = new Uint32Array((((length + 8) >> 6) + 1) * 16);
  for (let i = 0; i < length; i++) words[i >> 2]! |= bytes[i]! << (24 - (i % 4) * 8);
  words[length >> 2]! |= 0x80 << (24 - (length % 4) * 8);
  words[words.length - 1] = length * 8;
  let [h0, h1, h2, h3, h4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  const w = new Uint32Array(80);
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 16; t++) w[t] = words[block + t]!;
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!, 1);
    let [a, b, c, d, e] = [h0, h1, h2, h3, h4];
    for (let t = 0; t < 80; t++) {
      const f =
        t < 20 ? (b & c) | (~b & d) : t < 40 ? b ^ c ^ d : t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const temp = (rotl(a, 5) + f + e + k + w[t]!) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30) >>> 0;
      b = a;
      a = temp;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  [h0, h1, h2, h3, h4].forEach((h, i) => {
    out[i * 4] = h >>> 24;
    out[i * 4 + 1] = (h >>> 16) & 0xff;
    out[i * 4 + 2] = (h >>> 8) & 0xff;
    out[i * 4 + 3] = h & 0xff;
  });
  return out;
}

export function acceptKey(key: string): string {
  const digest = sha1(new TextEncoder().encode(key + GUID));
  return btoa(String.fromCharCode(...digest));
}

function tokens(value: string | undefined): string[] {
  return (value ?? '')
    .toLowerCase()
    .split(',')
    .map((t) => t.trim());
}

/** Why a server refuses the request as a WebSocket handshake, or null when it accepts it. */
export function handshakeProblem(requestLine: string, headers: Array<[string, string]>): string | null {
  const get = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
  if (!requestLine.endsWith('HTTP/1.1')) return 'request is not HTTP/1.1';
  if (!tokens(get('upgrade')).includes('websocket')) return 'no "Upgrade: websocket" header';
  if (!tokens(get('connection')).includes('upgrade')) return 'no "upgrade" in the Connection header';
  if (!get('sec-websocket-key')) return 'no Sec-WebSocket-Key header';
  if (get('sec-websocket-version')?.trim() !== '13') return 'Sec-WebSocket-Version is not 13';
  return null;
}
