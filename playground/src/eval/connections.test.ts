import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../scenario/types';
import { prepare } from '../sim/prepare';
import { simulate } from '../sim/simulate';
import { MAP, scenario, WS_LOCATION } from '../sim/test-helpers';
import { hasUpstreamConnection } from './connections';
import { defaultRegexRunner } from './regex';

function budgetOf(config: string) {
  return prepare(config, undefined, defaultRegexRunner).model.connections;
}

const whole = (events: string, servers: string) => `events { ${events} }\nhttp {\n${MAP}${servers}\n}\n`;

describe('listening sockets, counted as nginx 1.22.1 counts them for its worker_connections check', () => {
  // Each count is what `nginx -t` printed with worker_connections 1 ("… not enough for N listening sockets").
  it.each([
    ['listen 18080;', 1],
    ['listen 18080; listen 127.0.0.1:18080;', 1],
    ['listen 127.0.0.1:18080; listen 127.0.0.2:18080;', 2],
    ['listen 18080; listen 127.0.0.1:18080 bind;', 2],
    ['listen 18080; listen [::]:18080;', 2],
    ['listen 18080; listen 18081;', 2],
  ])('%s → %i', (listens, sockets) => {
    expect(budgetOf(`server { ${listens} }`).listeningSockets).toBe(sockets);
  });

  it('shares one socket between servers on the same address and port', () => {
    expect(
      budgetOf('server { listen 18080; } server { listen 18080; server_name b; }').listeningSockets,
    ).toBe(1);
  });
});

describe('worker_connections', () => {
  it('is 512 unless events {} says otherwise', () => {
    expect(budgetOf('server { listen 18080; }')).toMatchObject({ workerConnections: 512, directive: null });
    expect(budgetOf(whole('worker_connections 3;', 'server { listen 18080; }'))).toMatchObject({
      workerConnections: 3,
    });
  });

  it('nginx -t wants one per listening socket plus one, with no line number', () => {
    const sim = simulate(scenario(whole('worker_connections 2;', 'server { listen 18080; listen 18443; }')));
    expect(sim.outcome).toEqual({
      format: 'outcome@1',
      config_error: '2 worker_connections are not enough for 2 listening sockets',
    });
  });

  it('leaves the backend no connection when it is listening sockets + 1: 500 and an alert', () => {
    const config = whole(
      'worker_connections 2;',
      `server { listen 18080; location /chat/ { proxy_pass http://127.0.0.1:18081;${WS_LOCATION} } }`,
    );
    expect(hasUpstreamConnection(budgetOf(config))).toBe(false);
    const o = simulate(scenario(config)).outcome as RunOutcome;
    expect(o.response?.status).toBe(500);
    expect(o.response?.headers.connection).toBe('close');
    expect(o.upstream).toEqual([]);
    expect(o.error_log).toEqual(['[alert] 2 worker_connections are not enough while connecting to upstream']);
  });

  it('fits one tunnel in listening sockets + 2', () => {
    const config = whole(
      'worker_connections 3;',
      `server { listen 18080; location /chat/ { proxy_pass http://127.0.0.1:18081;${WS_LOCATION} } }`,
    );
    const o = simulate(scenario(config)).outcome as RunOutcome;
    expect(o.response?.status).toBe(101);
    expect(o.tunnel).toBe(true);
  });

  it('does not matter to a request nginx answers itself', () => {
    const config = whole('worker_connections 2;', 'server { listen 18080; location / { return 200 "ok"; } }');
    expect((simulate(scenario(config, { path: '/' })).outcome as RunOutcome).response?.status).toBe(200);
  });
});
