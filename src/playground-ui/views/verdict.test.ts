import { describe, expect, it } from 'vitest';
import { configPresets, DEFAULT_PRESET_ID } from '../config-presets';
import { engine, runScenario } from '../run-scenario';
import { joinScenario, readRest, setIn, splitScenario } from '../scenario-text';
import { answerVerdict, clientAsks } from './verdict';

/** Runs a preset through the engine as the playground's worker does and returns its verdict. */
function verdictFor(presetId: string, edit: (rest: string) => string = (r) => r) {
  const preset = configPresets.find((p) => p.id === presetId);
  if (!preset) throw new Error(`no preset ${presetId}`);
  const base = splitScenario(configPresets.find((p) => p.id === DEFAULT_PRESET_ID)!.text);
  if (!base.ok) throw new Error(base.message);
  let { config, rest } = base.value;
  if (preset.kind === 'scenario') {
    const split = splitScenario(preset.text);
    if (!split.ok) throw new Error(split.message);
    ({ config, rest } = split.value);
  } else {
    config = preset.text;
    if (preset.clientPath) rest = setIn(rest, ['client', 'request', 'path'], preset.clientPath);
  }
  rest = edit(rest);
  const joined = joinScenario(config, rest);
  if (!joined.ok) throw new Error(joined.message);
  const response = runScenario(engine, { id: 1, scenario: joined.text, config });
  if (response.kind !== 'result') throw new Error(response.kind);
  return answerVerdict(response, config, readRest(rest));
}

describe('the playground verdict', () => {
  it('the default scenario upgrades, and its tunnel ends with the client’s close frame', () => {
    const v = verdictFor(DEFAULT_PRESET_ID);
    expect(v).toMatchObject({ kind: 'upgraded', end: { by: 'client', reason: 'close frame 1000' } });
  });

  it('a published config that gets 426 from the backend is a failure, with the diagnostic that explains it', () => {
    const v = verdictFor('seeds/003-connection-reuse');
    expect(v.kind).toBe('failed');
    if (v.kind !== 'failed') return;
    expect(v.status).toBe(426);
    expect(v.answeredBy).toBe('backend');
    expect(v.because?.severity).toBe('error');
  });

  it('a published config that nginx -t rejects names the line of the error', () => {
    const v = verdictFor('seeds/000-keepalive-timeouts');
    expect(v.kind).toBe('config');
    if (v.kind !== 'config') return;
    expect(v.errors[0]?.line).toBeGreaterThan(0);
    expect(v.errors[0]?.error).toMatch(/upstream|variable|host/);
  });

  it('a plain HTTP request is not called a failed upgrade', () => {
    const v = verdictFor(DEFAULT_PRESET_ID, (rest) =>
      setIn(rest, ['client', 'request', 'headers'], { Host: 'example.com' }),
    );
    expect(v.kind).toBe('http');
  });

  it('a scenario v2 is counted per client: its requests answered and its tunnels', () => {
    expect(verdictFor('v2/upstream-keepalive-reuse')).toEqual({
      kind: 'clients',
      clients: 3,
      requests: 3,
      answered: 3,
      tunnels: 0,
    });
    expect(verdictFor('v2/reload-tunnel-survives')).toMatchObject({ kind: 'clients', tunnels: 1 });
  });

  it('an empty config asks for one', () => {
    expect(verdictFor('basic/empty').kind).toBe('empty');
  });

  it('reads the client’s headers as a map or as pairs', () => {
    expect(clientAsks({ client: { request: { headers: [['upgrade', 'websocket']] }, until: 4 } })).toEqual({
      askedUpgrade: true,
      until: 4,
    });
    expect(clientAsks({ client: { request: { headers: { Host: 'x' } } } })).toEqual({
      askedUpgrade: false,
      until: null,
    });
    expect(clientAsks(null)).toEqual({ askedUpgrade: false, until: null });
  });
});
