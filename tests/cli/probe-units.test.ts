/** The probe's parts that need no network: URLs, the request, frames, the prediction, the verdicts. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProtocolError, WireFrameReader } from '../../playground/cli/probe/frame-reader';
import { buildRequest } from '../../playground/cli/probe/handshake';
import { say } from '../../playground/cli/probe/messages';
import { progressEvery } from '../../playground/cli/probe/output';
import {
  ConfigFailure,
  listenPort,
  loadConfig,
  type Prediction,
  predict,
} from '../../playground/cli/probe/prediction';
import type { End } from '../../playground/cli/probe/session';
import { isTargetProblem, parseTarget, type Target } from '../../playground/cli/probe/target';
import { likely, type Observed, tunnelVerdict } from '../../playground/cli/probe/verdict';

describe('parseTarget', () => {
  it.each([
    ['ws://example.com/chat/', 'ws://example.com/chat/', false, 80, 'example.com', '/chat/'],
    ['wss://example.com', 'wss://example.com/', true, 443, 'example.com', '/'],
    [
      'https://example.com:8443/a?b=1#frag',
      'wss://example.com:8443/a?b=1',
      true,
      8443,
      'example.com:8443',
      '/a?b=1',
    ],
    ['http://127.0.0.1:80/x', 'ws://127.0.0.1/x', false, 80, '127.0.0.1', '/x'],
    ['ws://[::1]:9000/', 'ws://[::1]:9000/', false, 9000, '[::1]:9000', '/'],
  ])('%s → %s', (input, url, secure, port, hostHeader, path) => {
    const t = parseTarget(input) as Target;
    expect(t).toMatchObject({ url, secure, port, hostHeader, path });
  });

  it('connects to an IPv6 address without its brackets', () => {
    expect((parseTarget('ws://[::1]:9000/') as Target).host).toBe('::1');
  });

  it.each([
    ['ftp://example.com/', 'url-scheme'],
    ['example.com/chat', 'url-invalid'],
    ['localhost:8080', 'url-invalid'],
    ['ws://user:secret@example.com/', 'url-credentials'],
  ])('refuses %s (%s)', (input, code) => {
    const t = parseTarget(input);
    expect(isTargetProblem(t) && t.code).toBe(code);
  });
});

describe('buildRequest', () => {
  const target = parseTarget('wss://example.com/chat/') as Target;
  it('sends what a browser sends, in its order', () => {
    const r = buildRequest(target, { extra: [], origin: null, protocols: [] });
    expect(r.line).toBe('GET /chat/ HTTP/1.1');
    expect(r.headers.map(([n]) => n)).toEqual([
      'Host',
      'Upgrade',
      'Connection',
      'Sec-WebSocket-Key',
      'Sec-WebSocket-Version',
      'User-Agent',
    ]);
    expect(Buffer.from(r.key, 'base64')).toHaveLength(16);
  });

  it('lets -H replace a default in place, remove one, and add others at the end', () => {
    const r = buildRequest(target, {
      extra: [
        ['host', 'internal.example'],
        ['User-Agent', ''],
        ['Cookie', 'a=1'],
        ['Cookie', 'b=2'],
      ],
      origin: 'https://app.example',
      protocols: ['chat', 'v2'],
    });
    expect(r.headers).toEqual([
      ['host', 'internal.example'],
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Key', r.key],
      ['Sec-WebSocket-Version', '13'],
      ['Origin', 'https://app.example'],
      ['Sec-WebSocket-Protocol', 'chat, v2'],
      ['Cookie', 'a=1'],
      ['Cookie', 'b=2'],
    ]);
    expect(r.protocols).toEqual(['chat', 'v2']);
  });

  it('checks the accept value against the key actually sent (-H Sec-WebSocket-Key)', () => {
    const r = buildRequest(target, {
      extra: [['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ==']],
      origin: null,
      protocols: [],
    });
    expect(r.key).toBe('dGhlIHNhbXBsZSBub25jZQ==');
  });
});

describe('WireFrameReader', () => {
  const frame = (first: number, payload: Buffer) =>
    Buffer.concat([Buffer.from([first, payload.length]), payload]);

  it('reads fragments, binary, and a close frame with its reason, across chunk boundaries', () => {
    const bytes = Buffer.concat([
      frame(0x01, Buffer.from('hel')),
      frame(0x80, Buffer.from('lo')),
      frame(0x82, Buffer.from([1, 2, 3])),
      frame(0x88, Buffer.concat([Buffer.from([0x03, 0xe9]), Buffer.from('bye')])),
    ]);
    const reader = new WireFrameReader();
    const frames = [...bytes].flatMap((b) => reader.push(Buffer.from([b])));
    expect(frames.map((f) => [f.opcode, f.fin, f.payload.toString('latin1')])).toEqual([
      [1, false, 'hel'],
      [0, true, 'lo'],
      [2, true, '\x01\x02\x03'],
      [8, true, '\x03\xe9bye'],
    ]);
  });

  it.each([
    ['a masked frame', Buffer.from([0x81, 0x80, 0, 0, 0, 0])],
    ['a fragmented ping', Buffer.from([0x09, 0x00])],
    ['an unknown opcode', Buffer.from([0x83, 0x00])],
    ['reserved bits', Buffer.from([0xc1, 0x00])],
  ])('calls %s a protocol error', (_, bytes) => {
    expect(() => new WireFrameReader().push(bytes)).toThrow(ProtocolError);
  });
});

function end(how: End['how'], idle: number, code: number | null = 1006): End {
  return { at: 10 + idle, how, code, reason: '', why: null, close_reply_ms: null, last_traffic_at: 10 };
}

function prediction(over: Partial<Prediction> = {}): Prediction {
  return {
    port: 80,
    notes: [],
    config_error: null,
    route: { location: 'location /ws/', where: 'nginx.conf line 5' },
    status: 101,
    tunnel: true,
    timeout: { seconds: 60, value: '60s', where: 'nginx’s default' },
    closes_after_idle: 60,
    ...over,
  };
}

function observed(e: End, over: Partial<Observed> = {}): Observed {
  return { end: e, idle: e.at - e.last_traffic_at, serverFramesInHold: 0, hold: 120, ...over };
}

describe('tunnelVerdict', () => {
  const longTimer = prediction({
    timeout: { seconds: 3600, value: '1h', where: 'nginx.conf line 9' },
    closes_after_idle: null,
  });

  it('blames a hop in front of nginx for a FIN long before nginx’s timer', () => {
    const v = tunnelVerdict(observed(end('fin', 60)), longTimer)!;
    expect(v.kind).toBe('disagree');
    expect(say(v.code, v.params)).toBe(
      'differs: closed after 60.0 s idle with no close frame: your nginx config predicts proxy_read_timeout 1h (nginx.conf line 9), so a hop in front of nginx (a load balancer’s idle timeout?) closed it — or the app behind nginx dropped TCP',
    );
  });

  it('agrees on a FIN at nginx’s timer, within the tolerance', () => {
    expect(tunnelVerdict(observed(end('fin', 60.4)), prediction())?.code).toBe('verdict-agree-timeout');
    expect(tunnelVerdict(observed(end('fin', 58)), prediction())?.code).toBe('verdict-hop-in-front');
  });

  it('says a reset is not nginx, even at its timer', () => {
    const v = tunnelVerdict(observed(end('reset', 60)), prediction())!;
    expect(v.code).toBe('verdict-hop-in-front');
    expect(say(v.code, v.params)).toContain('with a TCP reset');
  });

  it('finds a chain not running this config: closed later than nginx would, or never', () => {
    expect(tunnelVerdict(observed(end('fin', 90)), prediction())).toMatchObject({
      kind: 'disagree',
      code: 'verdict-late',
    });
    expect(tunnelVerdict(observed(end('probe', 120, 1000)), prediction())).toMatchObject({
      kind: 'disagree',
      code: 'verdict-stayed-open',
    });
  });

  it('explains a connection kept open by the server’s own traffic', () => {
    const v = tunnelVerdict(observed(end('probe', 5, 1000), { serverFramesInHold: 4 }), prediction());
    expect(v).toMatchObject({ kind: 'explained', code: 'verdict-stayed-open-traffic' });
  });

  it('agrees when the connection outlives the hold and so does nginx’s timer', () => {
    expect(tunnelVerdict(observed(end('probe', 120, 1000)), longTimer)?.code).toBe('verdict-agree-open');
  });

  it('leaves an app’s close frame to the app, unless nginx should have closed first', () => {
    expect(tunnelVerdict(observed(end('close-frame', 30, 1001)), prediction())?.code).toBe(
      'verdict-app-closed',
    );
    expect(tunnelVerdict(observed(end('close-frame', 90, 1001)), prediction())?.code).toBe('verdict-late');
  });

  it('does not judge an interruption before nginx’s timer, nor a config it could not read', () => {
    expect(tunnelVerdict(observed(end('interrupted', 5, 1000)), prediction())).toBeNull();
    expect(
      tunnelVerdict(observed(end('fin', 5)), prediction({ config_error: { message: 'x', where: 'y' } })),
    ).toBeNull();
  });

  it('says when the config opens no tunnel for this request', () => {
    const v = tunnelVerdict(observed(end('fin', 5)), prediction({ tunnel: false, status: 404 }))!;
    expect(say(v.code, v.params)).toMatch(
      /^differs: your config does not open a tunnel for this request \(it predicts 404\)/,
    );
  });
});

describe('likely', () => {
  it('names the well-known idle timeouts', () => {
    expect(likely(observed(end('fin', 60.3)), false).map((f) => f.code)).toEqual([
      'likely-fin',
      'likely-known-60',
      'likely-add-config',
    ]);
    expect(likely(observed(end('fin', 99.5)), true).map((f) => f.code)).toEqual([
      'likely-fin',
      'likely-known-100',
    ]);
  });

  it('notes server traffic during the hold', () => {
    const found = likely(observed(end('probe', 120, 1000), { serverFramesInHold: 3 }), false);
    expect(found.map((f) => f.code)).toEqual(['likely-probe', 'likely-server-traffic']);
  });
});

describe('prediction from a config on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-ws-lab-probe-units-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'conf.d'));
  writeFileSync(join(dir, 'nginx.conf'), 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n');
  writeFileSync(
    join(dir, 'conf.d/ws.conf'),
    [
      'upstream app {',
      '    server app1.internal:8080;',
      '}',
      'server {',
      '    listen 8443 ssl;',
      '    ssl_certificate /etc/ssl/ws.pem;',
      '    ssl_certificate_key /etc/ssl/ws.key;',
      '    location /socket/ {',
      '        proxy_pass http://app;',
      '        proxy_http_version 1.1;',
      '        proxy_set_header Upgrade $http_upgrade;',
      '        proxy_set_header Connection "upgrade";',
      '        proxy_read_timeout 1h;',
      '    }',
      '    location /direct/ {',
      '        proxy_pass http://backend-svc:9000;',
      '        proxy_http_version 1.1;',
      '        proxy_set_header Upgrade $http_upgrade;',
      '        proxy_set_header Connection "upgrade";',
      '    }',
      '}',
      '',
    ].join('\n'),
  );
  const headers: Array<[string, string]> = [
    ['Host', 'ws.example.com'],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
    ['Sec-WebSocket-Version', '13'],
  ];
  const input = {
    urlPort: 443,
    listen: null,
    headers,
    steps: [{ at: 0.01, send: 'hi' }],
    until: 120,
    echoes: true,
  };

  it('follows includes, knows the certificates are there, and takes host names as loopback', () => {
    const cfg = loadConfig(join(dir, 'nginx.conf'));
    expect(cfg.listenPorts).toEqual([8443]);
    const p = predict(cfg, { ...input, path: '/socket/' });
    expect(p.config_error).toBeNull();
    expect(p.port).toBe(8443);
    expect(p.notes.map((n) => say(n.code, n.params))).toEqual([
      'your config does not listen on port 443 (a hop in front of nginx does): predicted for port 8443, the first it listens on (--listen to choose)',
      'the simulator resolves no names: app1.internal, backend-svc taken as 127.0.0.1 for the prediction (nginx’s timers do not depend on it)',
    ]);
    expect(p.route?.location).toBe('location /socket/');
    expect(p.route?.where).toMatch(/conf\.d\/ws\.conf line 8$/);
    expect(p).toMatchObject({ status: 101, tunnel: true, closes_after_idle: null });
    expect(p.timeout).toMatchObject({ seconds: 3600, value: '1h' });
    expect(p.timeout?.where).toMatch(/conf\.d\/ws\.conf line 13$/);
  });

  it('predicts nginx’s default 60 s where the location sets no timeout (--location picks it)', () => {
    const p = predict(loadConfig(join(dir, 'nginx.conf')), { ...input, path: '/direct/' });
    expect(p.timeout).toEqual({ seconds: 60, value: '60s', where: 'nginx’s default' });
    // nginx's timer moves only by 300 ms or more: the message at 0.01 s leaves it at 60 s.
    expect(p.closes_after_idle).toBeCloseTo(59.99, 2);
  });

  it('models the nginx version given (--nginx-version): 1.29.7+ proxies HTTP/1.1 by default', () => {
    writeFileSync(
      join(dir, 'no-version.conf'),
      'server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:9000;\n' +
        '        proxy_set_header Upgrade $http_upgrade;\n        proxy_set_header Connection "upgrade";\n    }\n}\n',
    );
    const cfg = loadConfig(join(dir, 'no-version.conf'));
    const request = { ...input, urlPort: 80, path: '/' };
    expect(predict(cfg, request)).toMatchObject({ status: 426, tunnel: false });
    expect(predict(cfg, { ...request, nginxVersion: '1.30.6' })).toMatchObject({ status: 101, tunnel: true });
  });

  it('says what nginx -t would refuse', () => {
    writeFileSync(join(dir, 'bad.conf'), 'server {\n    listen 80;\n    proxy_read_timeout soon;\n}\n');
    const p = predict(loadConfig(join(dir, 'bad.conf')), { ...input, path: '/' });
    expect(p.config_error?.message).toMatch(/invalid value|"proxy_read_timeout"/);
    expect(p.config_error?.where).toMatch(/bad\.conf line 3$/);
  });

  it('a runaway regex in the config ends the prediction within ~2 s as a located config error', () => {
    writeFileSync(
      join(dir, 'redos.conf'),
      'server {\n    listen 80;\n    location ~ "^.*a.*a.*a.*a.*a.*b$" { return 403; }\n}\n',
    );
    const started = Date.now();
    const p = predict(loadConfig(join(dir, 'redos.conf')), {
      ...input,
      urlPort: 80,
      path: `/${'a'.repeat(500)}`,
    });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(p.config_error?.message).toBe(
      'regular expression "^.*a.*a.*a.*a.*a.*b$" ran for more than 2 s on a 501-character subject (catastrophic backtracking); simplify it',
    );
    expect(p.config_error?.where).toMatch(/redos\.conf line 3$/);
  });

  it('an include of a device or FIFO is refused as check refuses it, instead of read forever', () => {
    writeFileSync(join(dir, 'zero.conf'), 'server {\n    listen 80;\n    include /dev/zero;\n}\n');
    expect(() => loadConfig(join(dir, 'zero.conf'))).toThrow(ConfigFailure);
    try {
      loadConfig(join(dir, 'zero.conf'));
    } catch (error) {
      expect((error as ConfigFailure).params).toMatchObject({
        line: 3,
        error:
          'open() "/dev/zero" failed (not a regular file but a character device; nginx-ws-lab reads only regular files)',
      });
    }
  });

  it('reads listen addresses as nginx does', () => {
    expect(['80', '127.0.0.1:8080', '[::]:443', '127.0.0.1', 'unix:/run/x.sock'].map(listenPort)).toEqual([
      80,
      8080,
      443,
      80,
      null,
    ]);
  });
});

describe('progress off a terminal', () => {
  it('prints about ten lines a hold, 1 to 10 s apart', () => {
    expect([2, 5, 30, 120, 3600].map(progressEvery)).toEqual([1, 1, 3, 10, 10]);
  });
});
