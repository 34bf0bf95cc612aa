import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../../src/i18n/dictionaries.mjs';
import { renderMessage } from '../../../src/i18n/translate';
import type { Directive } from '../config/ast';
import { parseConfig } from '../config/parse';
import { printConfig } from '../config/print';
import type { ConfigTree } from '../config/tree';
import type { Message } from '../message';
import type { Outcome } from '../scenario/types';
import type { Simulation } from '../sim/types';
import { allPassed, checkExpectations } from './goals';
import { defaultSslProtocols, tlsServers } from './tls';

/** A goal's sentence as the exercise page shows it. */
const said = (m: Message | undefined, lang: 'zh' | 'en' = 'en') =>
  m ? renderMessage(dictionaries[lang].goal, m) : undefined;

// Outcomes recorded from real nginx 1.22.1 (content/scenarios/shared/recorded): the checker
// is tested on what nginx really did.
function recorded(name: string): Simulation {
  const outcome = JSON.parse(
    readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'),
  ) as Outcome;
  return { outcome, errors: [], headers: [], timeline: [], transcript: [], errorLog: [] };
}

const byGoal = (results: ReturnType<typeof checkExpectations>) =>
  Object.fromEntries(results.map((r) => [r.goal, r]));

describe('checkExpectations on recorded nginx outcomes', () => {
  it('passes a working upgrade and fails the same goals on the HTTP/1.0 upstream request', () => {
    const goals = {
      status: 101,
      tunnel: true,
      upstream_request_line: 'GET /chat/ HTTP/1.1',
      config_error: false,
    };
    expect(allPassed(checkExpectations(goals, recorded('inheritance-loss')))).toBe(true);

    const broken = byGoal(checkExpectations(goals, recorded('no-http-version')));
    expect(broken.status?.ok).toBe(false);
    expect(broken.status?.actual).toBe('426');
    expect(broken.tunnel?.ok).toBe(false);
    expect(broken.upstream_request_line?.actual).toBe('GET /chat/ HTTP/1.0');
    expect(broken.config_error?.ok).toBe(true);
    expect(said(broken.status?.message)).toContain('426');
    expect(said(broken.status?.message, 'zh')).toContain('426');
  });

  it('reads a request-line goal without HTTP/x.y as holding for any protocol version', () => {
    const http10 = recorded('no-http-version');
    expect(
      byGoal(checkExpectations({ upstream_request_line: 'GET /chat/' }, http10)).upstream_request_line?.ok,
    ).toBe(true);
    expect(
      byGoal(checkExpectations({ upstream_request_line: 'GET /chat/ HTTP/1.1' }, http10))
        .upstream_request_line?.ok,
    ).toBe(false);
    expect(
      byGoal(checkExpectations({ upstream_request_line: 'GET /other' }, http10)).upstream_request_line?.ok,
    ).toBe(false);
  });

  it('judges alive_at and end_by from the end of the tunnel', () => {
    const idle = byGoal(checkExpectations({ alive_at: 1.5, end_by: 'client' }, recorded('idle-timeout')));
    expect(idle.alive_at?.ok).toBe(true); // closed at 2 s, so still open at 1.5 s
    expect(idle.end_by?.ok).toBe(false);
    expect(idle.end_by?.actual).toContain('nginx');
    const late = byGoal(checkExpectations({ alive_at: 2.5 }, recorded('idle-timeout')));
    expect(late.alive_at?.ok).toBe(false);
    const untilEnd = byGoal(
      checkExpectations({ alive_at: 1.4, end_by: 'client' }, recorded('proxy-pass-uri')),
    );
    expect(untilEnd.alive_at?.ok && untilEnd.end_by?.ok).toBe(true);
    // No tunnel at all: never alive, and end_by null is what "no tunnel" means.
    const none = byGoal(checkExpectations({ alive_at: 0.1, end_by: null }, recorded('no-http-version')));
    expect(none.alive_at?.ok).toBe(false);
    expect(none.end_by?.ok).toBe(true);
  });

  it('checks upstream headers by value, case-insensitively, and null as "absent"', () => {
    const loss = byGoal(
      checkExpectations(
        { upstream_headers: { Host: 'example.com', 'X-Real-IP': '127.0.0.1', Upgrade: 'WebSocket' } },
        recorded('inheritance-loss'),
      ),
    );
    expect(loss['upstream_headers.host']?.ok).toBe(false);
    expect(loss['upstream_headers.host']?.actual).toBe('127.0.0.1:18081');
    expect(loss['upstream_headers.x-real-ip']?.actual).toBe('absent');
    expect(loss['upstream_headers.upgrade']?.ok).toBe(true);

    const keepalive = byGoal(
      checkExpectations(
        { upstream_headers: { connection: null, host: 'backend' } },
        recorded('keepalive-plain'),
      ),
    );
    expect(keepalive['upstream_headers.connection']?.ok).toBe(true);
    expect(keepalive['upstream_headers.host']?.ok).toBe(true);
    const withUpgrade = byGoal(
      checkExpectations({ upstream_headers: { connection: null } }, recorded('canonical-echo')),
    );
    expect(withUpgrade['upstream_headers.connection']?.ok).toBe(false);
  });

  it('fails header and backend goals when no request reached a backend', () => {
    const refused = byGoal(
      checkExpectations(
        { upstream_backend: '127.0.0.1:18081', upstream_headers: { host: 'x' } },
        recorded('refused'),
      ),
    );
    expect(refused.upstream_backend?.ok).toBe(false);
    expect(refused['upstream_headers.host']?.ok).toBe(false);
    expect(said(refused['upstream_headers.host']?.message)).toContain('no request reached a backend');
  });

  it('finds expected frames in order, ignoring frames in between', () => {
    const sim = recorded('backend-pings');
    const inOrder = checkExpectations(
      {
        frames_include: [
          { from: 'backend', kind: 'ping' },
          { from: 'client', kind: 'pong', data: '' },
          { from: 'backend', kind: 'ping' },
        ],
      },
      sim,
    );
    expect(allPassed(inOrder)).toBe(true);
    const text = checkExpectations(
      { frames_include: [{ from: 'backend', kind: 'text', data: 'hello' }] },
      sim,
    );
    expect(text[0]?.ok).toBe(false);
    expect(said(text[0]?.message)).toContain('never arrived');
  });

  it('reports every runtime goal as unmet, with the reason, when nginx -t fails', () => {
    const results = byGoal(
      checkExpectations({ config_error: false, status: 101, tunnel: false }, recorded('map-in-server')),
    );
    expect(results.config_error?.ok).toBe(false);
    expect(results.config_error?.actual).toContain('"map" directive is not allowed here');
    // Even a goal that an empty outcome would meet (no tunnel) is unmet: nginx never ran.
    expect(results.tunnel?.ok).toBe(false);
    expect(said(results.status?.message, 'zh')).toContain('nginx -t 失败');
    expect(said(results.status?.message)).toContain('nginx -t fails');
    expect(checkExpectations({ config_error: true }, recorded('map-in-server'))[0]?.ok).toBe(true);
  });

  it('never reports an empty goal list as passed', () => {
    expect(allPassed(checkExpectations({}, recorded('canonical-echo')))).toBe(false);
  });
});

// A small config written as crossplane's output, read through the parser (includes too).
const d = (directive: string, args: string[], line: number, block?: Directive[]): Directive =>
  block ? { directive, args, line, block } : { directive, args, line };
const tree = (parsed: Directive[], extra: Directive[][] = []): ConfigTree => {
  const pulledIn = (list: Directive[], pattern: string): number[] | undefined =>
    list
      .map((x) =>
        x.directive === 'include' && x.args[0] === pattern
          ? x.includes
          : x.block && pulledIn(x.block, pattern),
      )
      .find((found) => found !== undefined);
  return parseConfig(printConfig(parsed), {
    resolveInclude: (pattern) => {
      const indexes = pulledIn(parsed, pattern);
      return indexes
        ? indexes.map((i) => ({ file: `inc${i}.conf`, text: printConfig(extra[i - 1] ?? []) }))
        : null;
    },
  });
};

describe('TLS goal (config-only)', () => {
  const ok: Simulation = recorded('keepalive-plain');
  const goals = { ssl_protocols_exclude: ['TLSv1', 'TLSv1.1'] };

  it('uses the server value, then http, then the version default', () => {
    const serverLevel = tree([
      d('server', [], 1, [d('listen', ['18443', 'ssl'], 2), d('ssl_protocols', ['TLSv1.2', 'TLSv1.3'], 3)]),
    ]);
    expect(allPassed(checkExpectations(goals, ok, { parsed: serverLevel }))).toBe(true);

    const httpLevel = tree([
      d('http', [], 1, [
        d('ssl_protocols', ['TLSv1.2'], 2),
        d('server', [], 3, [d('listen', ['443', 'ssl'], 4)]),
      ]),
    ]);
    expect(tlsServers(httpLevel)[0]).toMatchObject({ source: 'http', protocols: ['TLSv1.2'] });
    expect(allPassed(checkExpectations(goals, ok, { parsed: httpLevel }))).toBe(true);

    const defaults = tree([d('server', [], 1, [d('listen', ['18443', 'ssl'], 2)])]);
    const onOld = checkExpectations(goals, ok, { parsed: defaults });
    expect(onOld[0]?.ok).toBe(false);
    expect(said(onOld[0]?.message)).toContain('default');
    expect(allPassed(checkExpectations(goals, ok, { parsed: defaults, nginxVersion: '1.30.0' }))).toBe(true);
  });

  it('fails a legacy list, a config without ssl servers, and a missing parse tree', () => {
    const legacy = tree([
      d('server', [], 1, [
        d('listen', ['18443', 'ssl'], 2),
        d('ssl_protocols', ['TLSv1', 'TLSv1.1', 'TLSv1.2'], 3),
      ]),
    ]);
    const r = checkExpectations(goals, ok, { parsed: legacy })[0];
    expect(r?.ok).toBe(false);
    expect(said(r?.message)).toContain('TLSv1, TLSv1.1');
    const plainOnly = tree([d('server', [], 1, [d('listen', ['18080'], 2)])]);
    expect(checkExpectations(goals, ok, { parsed: plainOnly })[0]?.actual).toBe('no listen … ssl server');
    expect(checkExpectations(goals, ok)[0]?.ok).toBe(false);
  });

  it('follows include into the files it pulled in', () => {
    const included = tree(
      [
        { directive: 'include', args: ['tls.conf'], line: 1, includes: [1] },
        d('server', [], 2, [d('listen', ['1', 'ssl'], 3)]),
      ],
      [[d('ssl_protocols', ['TLSv1.3'], 1)]],
    );
    expect(tlsServers(included)[0]?.protocols).toEqual(['TLSv1.3']);
  });

  it('knows the default of each version: 1.23.4 added TLSv1.3, 1.27.3 dropped TLSv1 and TLSv1.1', () => {
    expect(defaultSslProtocols('1.22.1')).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    expect(defaultSslProtocols('1.23.3')).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    expect(defaultSslProtocols('1.23.4')).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    expect(defaultSslProtocols('1.27.2')).toEqual(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    expect(defaultSslProtocols('1.27.3')).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(defaultSslProtocols('1.30.0')).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(defaultSslProtocols('2.0.0')).toEqual(['TLSv1.2', 'TLSv1.3']);
  });

  it('before 1.29.2 gives a name-based server the default server’s list', () => {
    // Measured on 1.22.1 (OpenSSL 3.0): chat.example.com with TLSv1.2 TLSv1.3 still accepted TLS 1.1
    // because the default server of the same port allowed it.
    const vhosts = tree([
      d('server', [], 1, [
        d('listen', ['19443', 'ssl', 'default_server'], 2),
        d('ssl_protocols', ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], 3),
      ]),
      d('server', [], 4, [
        d('listen', ['19443', 'ssl'], 5),
        d('server_name', ['chat.example.com'], 6),
        d('ssl_protocols', ['TLSv1.2', 'TLSv1.3'], 7),
      ]),
      d('server', [], 8, [d('listen', ['18443', 'ssl'], 9), d('ssl_protocols', ['TLSv1.3'], 10)]),
    ]);
    const [def, named, alone] = tlsServers(vhosts, '1.22.1');
    expect(def).toMatchObject({ source: 'server', protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] });
    expect(named).toMatchObject({
      source: 'default-server',
      protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
    });
    expect(alone).toMatchObject({ source: 'server', protocols: ['TLSv1.3'] });
    expect(tlsServers(vhosts, '1.29.2')[1]).toMatchObject({
      source: 'server',
      protocols: ['TLSv1.2', 'TLSv1.3'],
    });
    const onlyNamed = tree([
      d('server', [], 1, [d('listen', ['19443', 'ssl'], 2), d('ssl_protocols', ['TLSv1.2'], 3)]),
      d('server', [], 4, [d('listen', ['*:19443', 'ssl'], 5), d('ssl_protocols', ['TLSv1.3'], 6)]),
    ]);
    const r = checkExpectations({ ssl_protocols_exclude: ['TLSv1.2'] }, ok, { parsed: onlyNamed });
    expect(r[0]?.ok).toBe(false);
    // The second server's own TLSv1.3 never takes effect on 1.22: nobody negotiates it.
    const second = checkExpectations({ ssl_protocols_exclude: ['TLSv1.3'] }, ok, { parsed: onlyNamed });
    expect(second[0]?.ok).toBe(true);
    expect(tlsServers(onlyNamed)[1]).toMatchObject({ source: 'default-server', protocols: ['TLSv1.2'] });
  });
});
