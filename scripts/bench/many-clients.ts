/**
 * The scenario v2 load case of `npm run bench`: 100 clients with 10 requests each (1,000 in all) on
 * keep-alive connections, staggered starts, an upstream of four servers with `keepalive`, answers
 * with delays and bodies, and every tenth client upgrading to a WebSocket tunnel at its end.
 */
export const MANY_CLIENTS = 100;
export const REQUESTS_PER_CLIENT = 10;

export function manyClientsScenario(clients = MANY_CLIENTS, perClient = REQUESTS_PER_CLIENT): string {
  const lines = [
    'title: "bench: many clients"',
    'config: |',
    '  map $http_upgrade $connection_upgrade {',
    '      default upgrade;',
    "      ''      '';",
    '  }',
    '  upstream app {',
    '      server 127.0.0.1:18081;',
    '      server 127.0.0.1:18082 weight=2;',
    '      server 127.0.0.1:18083;',
    '      server 127.0.0.1:18084 backup;',
    '      keepalive 16;',
    '  }',
    '  server {',
    '      listen 18080;',
    '      location / {',
    '          proxy_pass http://app;',
    '          proxy_http_version 1.1;',
    '          proxy_set_header Upgrade $http_upgrade;',
    '          proxy_set_header Connection $connection_upgrade;',
    '      }',
    '  }',
    'backends:',
  ];
  for (const port of [18081, 18082, 18083, 18084]) {
    lines.push(
      `  "127.0.0.1:${port}":`,
      '    answers:',
      `      - { status: 200, body: "from ${port}", delay: 0.01 }`,
      '      - { status: 200, body_size: 4096, framing: chunked }',
      '      - { upgrade: true }',
    );
  }
  lines.push('clients:');
  for (let c = 0; c < clients; c++) {
    const upgrades = c % 10 === 9;
    lines.push(
      `  - name: c${c + 1}`,
      `    start: ${(c * 0.05).toFixed(2)}`,
      `    address: 127.0.${c % 4}.${(c % 200) + 1}`,
      '    requests:',
    );
    for (let r = 0; r < perClient; r++) {
      const last = r === perClient - 1;
      if (last && upgrades) {
        lines.push(
          '      - path: /chat/',
          '        headers: { Host: localhost, Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==, Sec-WebSocket-Version: "13" }',
        );
      } else
        lines.push(
          `      - { path: /item/${r}${r % 3 === 0 ? `, at: ${(c * 0.05 + r * 0.2).toFixed(2)}` : ''} }`,
        );
    }
    if (upgrades) lines.push('    steps:', `      - { at: ${(c * 0.05 + 8).toFixed(2)}, send: hello }`);
  }
  lines.push('until: 20');
  return `${lines.join('\n')}\n`;
}
