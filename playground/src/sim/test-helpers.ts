/** Builds small scenarios for unit tests: a config plus overrides, v1 defaults elsewhere. */
import { defaultBackend } from '../scenario/load';
import type { BackendSpec, ClientStep, Scenario } from '../scenario/types';

export const WS_HEADERS: Array<[string, string]> = [
  ['Host', 'example.com'],
  ['Upgrade', 'websocket'],
  ['Connection', 'Upgrade'],
  ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
  ['Sec-WebSocket-Version', '13'],
];

export const WS_LOCATION = `
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;`;

export const MAP = `map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}
`;

export function scenario(
  config: string,
  options: {
    path?: string;
    headers?: Array<[string, string]>;
    backends?: Record<string, Partial<BackendSpec>>;
    steps?: ClientStep[];
    until?: number;
    version?: string;
    httpVersion?: '1.0' | '1.1';
    method?: string;
    port?: number;
  } = {},
): Scenario {
  const backends: Record<string, BackendSpec> = {};
  for (const [k, v] of Object.entries(options.backends ?? { '127.0.0.1:18081': {} })) {
    backends[k] = { ...defaultBackend(), ...v };
  }
  const s: Scenario = {
    title: 'test',
    config,
    backends,
    client: {
      request: {
        method: options.method ?? 'GET',
        path: options.path ?? '/chat/',
        http_version: options.httpVersion ?? '1.1',
        headers: options.headers ?? WS_HEADERS,
      },
      steps: options.steps ?? [],
      until: options.until ?? 5,
    },
  };
  if (options.version) s.nginx_version = options.version;
  if (options.port) s.client.port = options.port;
  return s;
}
