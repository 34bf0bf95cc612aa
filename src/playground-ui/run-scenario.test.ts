import { describe, expect, it } from 'vitest';
import { parseConfig, type Scenario, type Simulation } from '../../playground/src/index';
import { engine, type RunEngine, runScenario } from './run-scenario';

const fakeSimulation = (scenario: Scenario): Simulation => ({
  outcome: { format: 'outcome@1', response: null, upstream: [], tunnel: false, frames: [], end: null },
  errors: [],
  headers: [],
  timeline: [{ at: 0, from: 'client', to: 'nginx', kind: 'connect', label: scenario.client.request.path }],
  transcript: [],
  errorLog: [],
});

const scenario = {
  config: 'server { listen 18080; }',
  client: { request: { path: '/x' } },
} as unknown as Scenario;

describe('runScenario', () => {
  it('lints the config even when the scenario does not load', () => {
    const r = runScenario(engine, { id: 1, scenario: '', config: 'server {\n  listen 80\n}\n' });
    expect(r.kind).toBe('result');
    if (r.kind !== 'result') return;
    expect(r.simulation).toBeNull();
    expect(r.scenarioErrors.length).toBeGreaterThan(0);
    expect(r.configErrors[0]?.line).toBe(3);
  });

  it('checks the config as nginx -t does, beyond what the parser finds', () => {
    const config = 'server {\n  listen 18080;\n  location / { proxy_set_header X $nosuchvar; }\n}\n';
    const r = runScenario(engine, { id: 1, scenario: '', config });
    expect(r.kind === 'result' && r.configErrors.map((e) => e.error)).toEqual([
      'unknown "nosuchvar" variable',
    ]);
    expect(parseConfig(config, { file: 'nginx.conf' }).errors).toEqual([]);
  });

  it("lints the config as the scenario's nginx_version's nginx -t would", () => {
    const config = 'server {\n  listen 18080;\n  http2 on;\n}\n';
    const errorsOn = (pin: string) => {
      const text = `${pin}config: |\n  server { listen 18080; }\nclient:\n  request: { path: / }\n`;
      const r = runScenario(engine, { id: 1, scenario: text, config });
      return r.kind === 'result' ? r.configErrors.map((e) => e.error) : r.kind;
    };
    expect(errorsOn('')).toContain('unknown directive "http2"');
    expect(errorsOn('nginx_version: "1.30.6"\n')).toEqual([]);
  });

  it('simulates a loaded scenario and renders the diagram text', () => {
    const api: RunEngine = {
      ...engine,
      loadScenario: () => ({ scenario, errors: [] }),
      simulate: fakeSimulation,
      renderMermaid: (sim) => `sequenceDiagram\n%% ${sim.timeline.length}`,
    };
    const r = runScenario(api, { id: 7, scenario: 'x', config: scenario.config });
    expect(r).toMatchObject({ id: 7, kind: 'result', scenarioErrors: [], mermaid: 'sequenceDiagram\n%% 1' });
    expect(r.kind === 'result' && r.simulation?.timeline[0]?.label).toBe('/x');
  });

  it('passes explanation codes through untranslated: the page renders them in its language', () => {
    const withReason = (sc: Scenario): Simulation => ({
      ...fakeSimulation(sc),
      headers: [
        [
          {
            name: 'host',
            value: null,
            sent: false,
            provenance: { kind: 'default', code: 'default-host' },
            reason: { code: 'empty-value', params: { expression: '$x' } },
          },
        ],
      ],
    });
    const api: RunEngine = {
      ...engine,
      loadScenario: () => ({ scenario, errors: [] }),
      simulate: withReason,
    };
    const r = runScenario(api, { id: 1, scenario: '', config: '' });
    expect(r.kind === 'result' && r.simulation?.headers[0]?.[0]?.reason).toEqual({
      code: 'empty-value',
      params: { expression: '$x' },
    });
    expect(Object.keys(r)).not.toContain('reasonTexts');
  });

  it('passes loader problems on, and turns an engine exception into an error answer', () => {
    const api: RunEngine = {
      ...engine,
      loadScenario: () => ({
        scenario: null,
        errors: [{ path: 'client.request.path', message: 'required', line: null }],
      }),
      simulate: fakeSimulation,
    };
    expect(runScenario(api, { id: 1, scenario: '', config: '' })).toMatchObject({
      kind: 'result',
      simulation: null,
      scenarioErrors: ['client.request.path: required'],
    });
    const throwing: RunEngine = {
      ...api,
      loadScenario: () => ({ scenario, errors: [] }),
      simulate: () => {
        throw new Error('boom');
      },
    };
    expect(runScenario(throwing, { id: 2, scenario: '', config: '' })).toEqual({
      id: 2,
      kind: 'error',
      message: 'boom',
    });
  });
});
