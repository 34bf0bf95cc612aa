import type { Keys } from '../i18n/catalog';
import { readRest, setIn } from './scenario-text';

/**
 * Client presets: typical clients (and backend behaviours) applied to the scenario's YAML.
 * A preset replaces `client` and adjusts the first backend; everything else is kept.
 */

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

type Headers = Array<[string, string]>;

interface ClientPreset {
  id: string;
  label: Keys<'playground'>;
  headers: (host: string) => Headers;
  steps: Array<Record<string, string | number>>;
  until: number;
  /** Fields set on the first backend (kind websocket with defaults unless given). */
  backend?: Record<string, string | number | boolean | null>;
}

const chromeHeaders = (host: string): Headers => [
  ['Host', host],
  ['Connection', 'Upgrade'],
  ['Pragma', 'no-cache'],
  ['Cache-Control', 'no-cache'],
  [
    'User-Agent',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  ],
  ['Upgrade', 'websocket'],
  ['Origin', `http://${host}`],
  ['Sec-WebSocket-Version', '13'],
  ['Accept-Encoding', 'gzip, deflate, br'],
  ['Sec-WebSocket-Key', KEY],
  ['Sec-WebSocket-Extensions', 'permessage-deflate; client_max_window_bits'],
];

const firefoxHeaders = (host: string): Headers => [
  ['Host', host],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'],
  ['Accept', '*/*'],
  ['Sec-WebSocket-Version', '13'],
  ['Origin', `http://${host}`],
  ['Sec-WebSocket-Extensions', 'permessage-deflate'],
  ['Sec-WebSocket-Key', KEY],
  ['Connection', 'keep-alive, Upgrade'],
  ['Upgrade', 'websocket'],
];

const minimalUpgrade = (host: string): Headers => [
  ['Host', host],
  ['Upgrade', 'websocket'],
  ['Connection', 'Upgrade'],
  ['Sec-WebSocket-Key', KEY],
  ['Sec-WebSocket-Version', '13'],
];

const plainHeaders = (host: string): Headers => [
  ['Host', host],
  ['Accept', 'text/html'],
];

const curlHeaders = (host: string): Headers => [
  ['Host', host],
  ['User-Agent', 'curl/7.88.1'],
  ['Accept', '*/*'],
];

const steadyBackend = {
  kind: 'websocket',
  handshake_delay: 0,
  send_every: null,
  ping_every: null,
  close_after: null,
};

export const clientPresets: readonly ClientPreset[] = [
  {
    id: 'chrome',
    label: 'client.chrome',
    headers: chromeHeaders,
    steps: [{ at: 0.5, send: 'hello' }],
    until: 6,
    backend: steadyBackend,
  },
  {
    id: 'firefox',
    label: 'client.firefox',
    headers: firefoxHeaders,
    steps: [{ at: 0.5, send: 'hello' }],
    until: 6,
    backend: steadyBackend,
  },
  { id: 'plain', label: 'client.plain', headers: plainHeaders, steps: [], until: 3, backend: steadyBackend },
  { id: 'idle', label: 'client.idle', headers: minimalUpgrade, steps: [], until: 10, backend: steadyBackend },
  {
    id: 'chatty',
    label: 'client.chatty',
    headers: minimalUpgrade,
    steps: [1, 2, 3, 4, 5, 6, 7, 8].map((at) => ({ at, send: `message ${at}` })),
    until: 10,
    backend: steadyBackend,
  },
  {
    id: 'heartbeat',
    label: 'client.heartbeat',
    headers: minimalUpgrade,
    steps: [],
    until: 10,
    backend: { ...steadyBackend, ping_every: 1 },
  },
  {
    id: 'slow',
    label: 'client.slow',
    headers: minimalUpgrade,
    steps: [{ at: 4, send: 'hello' }],
    until: 8,
    backend: { ...steadyBackend, handshake_delay: 3 },
  },
  {
    id: 'down',
    label: 'client.down',
    headers: minimalUpgrade,
    steps: [],
    until: 3,
    backend: { ...steadyBackend, kind: 'refused' },
  },
  { id: 'curl', label: 'client.curl', headers: curlHeaders, steps: [], until: 3, backend: steadyBackend },
];

const DEFAULT_BACKEND = '127.0.0.1:18081';

/** Applies a client preset to the rest YAML; unknown ids leave it unchanged. */
export function applyClientPreset(rest: string, id: string): string {
  const preset = clientPresets.find((p) => p.id === id);
  if (!preset) return rest;
  const data = readRest(rest) ?? {};
  const oldClient = (data.client ?? {}) as Record<string, unknown>;
  const oldRequest = (oldClient.request ?? {}) as Record<string, unknown>;
  const path = typeof oldRequest.path === 'string' ? oldRequest.path : '/chat/';
  const host = hostOf(oldRequest.headers) ?? 'example.com';
  const headers = preset.headers(host);
  const client: Record<string, unknown> = {
    ...(typeof oldClient.port === 'number' ? { port: oldClient.port } : {}),
    request: {
      method: 'GET',
      path,
      http_version: '1.1',
      headers: Object.fromEntries(headers),
    },
    steps: preset.steps,
    until: preset.until,
  };
  let next = setIn(rest, ['client'], client);
  if (preset.backend) {
    const backends = (data.backends ?? {}) as Record<string, unknown>;
    const address = Object.keys(backends)[0] ?? DEFAULT_BACKEND;
    for (const [field, value] of Object.entries(preset.backend)) {
      next = setIn(next, ['backends', address, field], value);
    }
  }
  return next;
}

function hostOf(headers: unknown): string | null {
  if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'host') return String(v);
  }
  if (Array.isArray(headers)) {
    for (const h of headers)
      if (Array.isArray(h) && String(h[0]).toLowerCase() === 'host') return String(h[1]);
  }
  return null;
}
