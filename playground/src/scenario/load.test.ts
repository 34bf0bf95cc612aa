import { describe, expect, it } from 'vitest';
import { loadScenario, scenarioToYaml } from './load';

const minimal = `title: t
config: |
  server { listen 18080; }
client:
  request:
    path: /chat/
`;

describe('loadScenario', () => {
  it('applies the v1 defaults', () => {
    const { scenario, errors } = loadScenario(`${minimal}backends:\n  "127.0.0.1:18081": {}\n`);
    expect(errors).toEqual([]);
    expect(scenario?.client.request).toEqual({
      method: 'GET',
      path: '/chat/',
      http_version: '1.1',
      headers: [],
    });
    expect(scenario?.backends['127.0.0.1:18081']).toEqual({
      kind: 'websocket',
      handshake_delay: 0,
      plain_status: 426,
      echo: true,
      send_every: null,
      ping_every: null,
      close_after: null,
    });
  });

  it('accepts headers as a mapping or as pairs, keeping order and duplicates', () => {
    const asList = loadScenario(
      minimal.replace('path: /chat/', 'path: /chat/\n    headers: [[A, "1"], [B, 2], [A, "3"]]'),
    );
    expect(asList.scenario?.client.request.headers).toEqual([
      ['A', '1'],
      ['B', '2'],
      ['A', '3'],
    ]);
    const asMap = loadScenario(
      minimal.replace(
        'path: /chat/',
        'path: /chat/\n    headers:\n      Host: x\n      Sec-WebSocket-Version: 13',
      ),
    );
    expect(asMap.scenario?.client.request.headers).toEqual([
      ['Host', 'x'],
      ['Sec-WebSocket-Version', '13'],
    ]);
  });

  it('accepts JSON', () => {
    const { scenario } = loadScenario(JSON.stringify({ config: 'x;', client: { request: { path: '/' } } }));
    expect(scenario?.client.request.path).toBe('/');
  });

  it('names the YAML line of each problem and never throws', () => {
    const { scenario, errors } = loadScenario(
      `${minimal}backends:\n  a:\n    kind: magic\n    handshake_delay: soon\n`,
    );
    expect(scenario).toBeNull();
    expect(errors.map((e) => [e.path, e.line])).toEqual([
      ['backends.a.kind', 9],
      ['backends.a.handshake_delay', 10],
    ]);
    expect(loadScenario('a: [unclosed').errors[0]?.line).toBe(1);
    expect(loadScenario('').scenario).toBeNull();
    expect(loadScenario(minimal.replace('path: /chat/', 'path: chat')).errors[0]).toMatchObject({ line: 6 });
  });

  it('accepts an absolute-form request target, as clients send it to proxies', () => {
    const absolute = loadScenario(minimal.replace('path: /chat/', 'path: http://Example.com:8080/chat/?a=b'));
    expect(absolute.errors).toEqual([]);
    expect(absolute.scenario?.client.request.path).toBe('http://Example.com:8080/chat/?a=b');
    for (const bad of ['ftp://example.com/', 'http:/x', 'example.com/chat/', '"http://a/ b"']) {
      expect(loadScenario(minimal.replace('path: /chat/', `path: ${bad}`)).errors[0]).toMatchObject({
        line: 6,
      });
    }
  });

  it('round-trips through scenarioToYaml', () => {
    const { scenario } = loadScenario(
      `${minimal}  steps: [{ at: 1, send: hi }, { at: 2, close: 1000 }]\n  until: 3\n`,
    );
    expect(scenario).not.toBeNull();
    expect(loadScenario(scenarioToYaml(scenario!)).scenario).toEqual(scenario);
  });

  it('round-trips a config with a control character and a line holding one space', () => {
    // Found by the scenario-loader fuzzer: yaml's folded double-quoted output lost this text.
    const { scenario } = loadScenario(minimal);
    const config = '"q"\t{\t  grpc_ssl_server\n \n\u0000';
    const back = loadScenario(scenarioToYaml({ ...scenario!, config })).scenario;
    expect(back?.config).toBe(config);
  });
});
