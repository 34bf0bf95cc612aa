import { describe, expect, it } from 'vitest';
import { simulate } from './simulate';
import { MAP, scenario, WS_LOCATION } from './test-helpers';

/**
 * Where each header of the response to the client came from. The values themselves are held
 * to real nginx by tests/sim/recorded-scenarios.test.ts; these tests pin the explanations.
 */

const config = (location: string, server = '') => `${MAP}server {
    listen 18080;
${server}    location /chat/ {
        proxy_pass http://127.0.0.1:18081;${WS_LOCATION}
${location}    }
}
`;

const decisions = (text: string, options: Parameters<typeof scenario>[1] = {}) =>
  simulate(scenario(text, options)).responseHeaders ?? [];

describe('response header decisions', () => {
  it('a 101: nginx writes Server and Connection, the backend gives the rest, add_header without always is skipped', () => {
    const d = decisions(config('        add_header X-Frame-Options DENY;\n'));
    expect(d.filter((h) => h.sent).map((h) => [h.name, h.provenance.kind])).toEqual([
      ['server', 'default'],
      ['connection', 'default'],
      ['upgrade', 'backend'],
      ['sec-websocket-accept', 'backend'],
    ]);
    const skipped = d.find((h) => h.name === 'x-frame-options');
    expect(skipped).toMatchObject({
      sent: false,
      provenance: { kind: 'directive', directive: 'add_header', line: 12 },
      reason: { code: 'add-header-skipped', params: { status: 101 } },
    });
    // The backend's own Connection is replaced by nginx's, and says so.
    expect(d.find((h) => h.name === 'connection' && !h.sent)?.reason?.code).toBe('response-nginx-writes');
  });

  it('add_header always is sent on the 101 and points at its line; an empty value is not sent', () => {
    const d = decisions(config('        add_header X-A 1 always;\n        add_header X-Empty "" always;\n'));
    expect(d.find((h) => h.name === 'x-a')).toMatchObject({
      sent: true,
      value: '1',
      provenance: { kind: 'directive', line: 12 },
    });
    expect(d.find((h) => h.name === 'x-empty')).toMatchObject({
      sent: false,
      reason: { code: 'empty-in-table' },
    });
  });

  it("the trailing-slash 301: nginx's page, and a Location made absolute from the location's line", () => {
    const d = decisions(config(''), { path: '/chat' });
    expect(d.find((h) => h.name === 'content-length')).toMatchObject({
      value: '169',
      provenance: { kind: 'default', code: 'response-error-page' },
    });
    expect(d.find((h) => h.name === 'location')).toMatchObject({
      value: 'http://example.com:18080/chat/',
      provenance: { kind: 'directive', directive: 'location', line: 7 },
      reason: { code: 'response-location-absolute' },
    });
  });

  it('a return with a text: the body headers come from the return line', () => {
    const text = `server {\n    listen 18080;\n    location / {\n        return 200 "hi\\n";\n    }\n}\n`;
    const d = decisions(text, { path: '/' });
    expect(d.find((h) => h.name === 'content-type')).toMatchObject({
      value: 'text/plain',
      provenance: { kind: 'directive', directive: 'return', line: 4 },
    });
  });

  it('a 204 has no body headers: return 204 sends neither Content-Type nor Content-Length, and says why', () => {
    const text = `server {\n    listen 18080;\n    location / {\n        add_header X-A 1;\n        return 204;\n    }\n}\n`;
    const sim = simulate(scenario(text, { path: '/' }));
    expect(sim.outcome).toMatchObject({ response: { status: 204 } });
    const sent = Object.keys((sim.outcome as { response: { headers: object } }).response.headers);
    expect(sent).toEqual(['server', 'connection', 'x-a']);
    const d = sim.responseHeaders ?? [];
    expect(d.find((h) => h.name === 'content-type')).toMatchObject({
      sent: false,
      reason: { code: 'response-no-content' },
    });
    expect(d.find((h) => h.name === 'content-length')).toMatchObject({ sent: false });
  });

  it("a backend's 204 loses its Content-Type and Content-Length too", () => {
    const text = `server {\n    listen 18080;\n    location / {\n        proxy_pass http://127.0.0.1:18081;\n    }\n}\n`;
    const sim = simulate(
      scenario(text, {
        path: '/',
        headers: [['Host', 'a']],
        backends: { '127.0.0.1:18081': { plain_status: 204 } },
      }),
    );
    expect(sim.outcome).toMatchObject({ response: { status: 204 } });
    const headers = (sim.outcome as { response: { headers: Record<string, string> } }).response.headers;
    expect(headers['content-type']).toBeUndefined();
    expect(headers['content-length']).toBeUndefined();
  });

  it('no response, no decisions: return 444 closes the connection', () => {
    const text = `server {\n    listen 18080;\n    return 444;\n}\n`;
    const sim = simulate(scenario(text, { path: '/' }));
    expect(sim.outcome).toMatchObject({ response: null, tunnel: false });
    expect(sim.responseHeaders).toEqual([]);
    expect(sim.transcript.at(-1)?.text).toBe('connection closed by nginx without a response');
  });
});
