import { describe, expect, it } from 'vitest';
import { applyClientPreset, clientPresets } from './client-presets';
import { applyField, readForm } from './form-model';
import { readRest } from './scenario-text';

const read = (text: string): Record<string, unknown> => readRest(text) ?? {};

const rest = `title: t
backends:
  "127.0.0.1:18081":
    kind: websocket # keep me
    ping_every: 2
client:
  request:
    path: /chat/
    headers:
      Host: example.com
  steps:
    - { at: 1, send: hi }
  until: 5
`;

describe('form model', () => {
  it('reads the fields the form shows', () => {
    expect(readForm(rest)).toMatchObject({
      method: 'GET',
      path: '/chat/',
      headers: 'Host: example.com',
      steps: '1 send hi',
      until: '5',
      address: '127.0.0.1:18081',
      kind: 'websocket',
      ping_every: '2',
      echo: true,
    });
    expect(readForm('a: [')).toBeNull();
  });

  it('writes one field back into the YAML, keeping comments', () => {
    const r = applyField(rest, 'ping_every', '');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rest).toContain('# keep me');
    expect((read(r.rest).backends as Record<string, object>)['127.0.0.1:18081']).toEqual({
      kind: 'websocket',
    });
    const s = applyField(r.rest, 'steps', '2 ping\n4 close');
    expect(s.ok && readRest(s.rest)?.client).toMatchObject({
      steps: [
        { at: 2, ping: '' },
        { at: 4, close: 1000 },
      ],
    });
    expect(applyField(rest, 'steps', 'later send x')).toEqual({
      ok: false,
      error: { line: 1, text: 'later send x' },
    });
    const e = applyField(rest, 'echo', false);
    expect(e.ok && readForm(e.rest)?.echo).toBe(false);
  });

  it('renames the backend and keeps its settings', () => {
    const r = applyField(rest, 'address', '127.0.0.1:18082');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(read(r.rest).backends).toEqual({ '127.0.0.1:18082': { kind: 'websocket', ping_every: 2 } });
  });
});

describe('client presets', () => {
  it('every preset yields a client with a request and keeps the path and host', () => {
    for (const preset of clientPresets) {
      const next = readRest(applyClientPreset(rest, preset.id));
      const client = next?.client as {
        request: { path: string; headers: Record<string, string> };
        until: number;
      };
      expect(client.request.path, preset.id).toBe('/chat/');
      expect(client.request.headers.Host, preset.id).toBe('example.com');
      expect(client.until, preset.id).toBeGreaterThan(0);
    }
  });
  it('Firefox sends Connection: keep-alive, Upgrade; plain and curl send no Upgrade', () => {
    const headersOf = (id: string) =>
      (read(applyClientPreset(rest, id)).client as { request: { headers: Record<string, string> } }).request
        .headers;
    expect(headersOf('firefox').Connection).toBe('keep-alive, Upgrade');
    expect(headersOf('plain').Upgrade).toBeUndefined();
    expect(headersOf('curl').Upgrade).toBeUndefined();
    expect(headersOf('curl')['User-Agent']).toMatch(/^curl\//);
  });
  it('backend presets change the backend', () => {
    const backend = (id: string) =>
      ((read(applyClientPreset(rest, id)).backends ?? {}) as Record<string, Record<string, unknown>>)[
        '127.0.0.1:18081'
      ];
    expect(backend('down')?.kind).toBe('refused');
    expect(backend('slow')?.handshake_delay).toBe(3);
    expect(backend('heartbeat')?.ping_every).toBe(1);
    expect(backend('idle')?.ping_every).toBeNull();
  });
});
