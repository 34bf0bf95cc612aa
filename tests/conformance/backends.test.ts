/**
 * The conformance runner's own ends, played against each other without nginx: the client
 * talks straight to a backend. Every wait is bounded by the scenario's `until` (≤ 2 s); the
 * assertions are on order and content, never on timings.
 */
import { describe, expect, it } from 'vitest';
import { startBackend } from '../../playground/cli/conformance/backends';
import { runClient } from '../../playground/cli/conformance/client';
import { PortBlocks } from '../../playground/cli/conformance/ports';
import { Recorder } from '../../playground/cli/conformance/recorder';
import { encodeFrame, FrameReader } from '../../playground/cli/conformance/ws-frames';
import type { BackendSpec, ClientStep, ScenarioClient } from '../../playground/src/index';
import { defaultBackend } from '../../playground/src/index';

const blocks = new PortBlocks();
const NAME = '127.0.0.1:18081';
const UPGRADE: Array<[string, string]> = [
  ['Host', 'example.com'],
  ['Upgrade', 'websocket'],
  ['Connection', 'Upgrade'],
  ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
  ['Sec-WebSocket-Version', '13'],
];

function spec(over: Partial<BackendSpec> = {}): BackendSpec {
  return { ...defaultBackend(), ...over };
}

function client(over: {
  headers?: Array<[string, string]>;
  version?: '1.0' | '1.1';
  steps?: ClientStep[];
  until?: number;
}): ScenarioClient {
  return {
    request: {
      method: 'GET',
      path: '/chat/',
      http_version: over.version ?? '1.1',
      headers: over.headers ?? UPGRADE,
    },
    steps: over.steps ?? [],
    until: over.until ?? 2,
  };
}

/** Starts one backend, plays the client against it directly, stops the backend. */
async function play(backend: BackendSpec, c: ScenarioClient) {
  const rec = new Recorder();
  const port = await blocks.take();
  const running = await startBackend(NAME, port, backend, rec);
  try {
    const result = await runClient(port, c, rec);
    return { rec, result, frames: rec.frames.map((f) => `${f.from} ${f.kind} ${f.data}`) };
  } finally {
    await running.stop();
  }
}

describe('frames', () => {
  it('round-trips masked and unmasked frames of every kind and length class', () => {
    const reader = new FrameReader();
    const sent = [
      { kind: 'text' as const, data: 'hello' },
      { kind: 'text' as const, data: 'x'.repeat(300) },
      { kind: 'text' as const, data: 'y'.repeat(70_000) },
      { kind: 'ping' as const, data: '' },
      { kind: 'pong' as const, data: 'p' },
      { kind: 'close' as const, data: '1001' },
    ];
    const wire = Buffer.concat(sent.map((f, i) => encodeFrame(f, i % 2 === 0)));
    // Delivered in two arbitrary pieces, as TCP may.
    const got = [...reader.push(wire.subarray(0, 777)), ...reader.push(wire.subarray(777))];
    expect(got).toEqual(sent);
  });
});

describe('backends and client, without nginx', () => {
  it('websocket: records the request as sent, upgrades, echoes, and answers a close', async () => {
    const { rec, result, frames } = await play(
      spec(),
      client({
        steps: [
          // Steps run only once the tunnel is up: leave the handshake ample time.
          { at: 0.3, send: 'hi' },
          { at: 0.4, ping: 'p' },
          { at: 0.5, close: 1000 },
        ],
      }),
    );
    expect(result.response?.status).toBe(101);
    expect(result.response?.headers['sec-websocket-accept']).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(rec.upstream).toEqual([
      {
        backend: NAME,
        request_line: 'GET /chat/ HTTP/1.1',
        headers: UPGRADE.map(([n, v]) => [n.toLowerCase(), v]),
      },
    ]);
    expect(frames).toEqual([
      'client text hi',
      'backend text hi',
      'client ping p',
      'backend pong p',
      'client close 1000',
      'backend close 1000',
    ]);
    expect(rec.closeStarted?.by).toBe('client');
    expect(result.closedBy).toBe('peer');
    expect(rec.backendUpgraded).toBe(true);
  });

  it('websocket: an HTTP/1.0 upgrade gets plain_status, the socket closes', async () => {
    const { rec, result } = await play(spec({ plain_status: 400 }), client({ version: '1.0' }));
    expect(result.response?.status).toBe(400);
    expect(result.upgraded).toBe(false);
    expect(rec.upstream[0]?.request_line).toBe('GET /chat/ HTTP/1.0');
    expect(rec.backendUpgraded).toBe(false);
    expect(result.closedBy).toBe('peer');
  });

  it('websocket: a request without Sec-WebSocket-Key is refused with 426 by default', async () => {
    const { result } = await play(spec(), client({ headers: UPGRADE.slice(0, 3), until: 0.3 }));
    expect(result.response?.status).toBe(426);
  });

  it('websocket: pings are answered with pongs, ticks are numbered, close_after starts the close', async () => {
    const { rec, frames } = await play(
      spec({ ping_every: 0.1, send_every: 0.15, close_after: 0.35 }),
      client({ until: 2 }),
    );
    const ticks = frames.filter((f) => f.startsWith('backend text'));
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks).toEqual(ticks.map((_, i) => `backend text tick ${i + 1}`));
    for (const [i, f] of frames.entries()) {
      if (f === 'backend ping ') expect(frames.slice(i + 1)).toContain('client pong ');
    }
    // A pong may still be in flight when the backend starts closing: compare without pongs.
    const closing = frames.filter((f) => !f.endsWith('pong '));
    expect(closing.slice(-2)).toEqual(['backend close 1000', 'client close 1000']);
    expect(rec.closeStarted?.by).toBe('backend');
  });

  it('http: answers 200 and keeps an HTTP/1.1 connection open until the client hangs up', async () => {
    const { rec, result } = await play(
      spec({ kind: 'http' }),
      client({ headers: [['Host', 'a']], until: 0.3 }),
    );
    expect(result.response?.status).toBe(200);
    expect(result.response?.headers['content-length']).toBe('3');
    expect(result.closedBy).toBe('until');
    expect(rec.upstream).toHaveLength(1);
  });

  it('silent: records the request and never answers', async () => {
    const { rec, result } = await play(spec({ kind: 'silent' }), client({ until: 0.3 }));
    expect(result.response).toBeNull();
    expect(result.closedBy).toBe('until');
    expect(rec.upstream).toHaveLength(1);
  });

  it('handshake_delay: the 101 comes, just later', async () => {
    const { result } = await play(spec({ handshake_delay: 0.2 }), client({ until: 0.6 }));
    expect(result.response?.status).toBe(101);
  });

  it('refused: nothing listens, so the client cannot connect', async () => {
    await expect(play(spec({ kind: 'refused' }), client({ until: 0.3 }))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('sends header names exactly as written, duplicates and order kept', async () => {
    const headers: Array<[string, string]> = [
      ['host', 'x'],
      ['X-Tag', 'a'],
      ['x-TAG', 'b'],
    ];
    const { rec } = await play(spec({ kind: 'http' }), client({ headers, until: 0.3 }));
    expect(rec.upstream[0]?.headers).toEqual([
      ['host', 'x'],
      ['x-tag', 'a'],
      ['x-tag', 'b'],
    ]);
  });
});

describe('the client on a machine too busy to connect before until', () => {
  it('fails the run, naming the cause, instead of waiting forever', async () => {
    const rec = new Recorder();
    const port = await blocks.take();
    const running = await startBackend(NAME, port, spec(), rec);
    try {
      const result = runClient(port, client({ until: 0.001 }), rec);
      // A busy machine: the event loop is held past `until`, so the until timer runs before the
      // connect callback (timers come before I/O in a loop turn) and destroys the unopened socket,
      // which emits 'close' without 'error'.
      const end = Date.now() + 30;
      while (Date.now() < end) {
        // hold the loop
      }
      await expect(result).rejects.toThrow(/had not opened by until/);
    } finally {
      await running.stop();
    }
  });
});
