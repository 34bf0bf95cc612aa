import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, type RunOutcomeV2, simulate } from '../../../playground/src/index';
import { connectionLanes, lanesEnd } from './connection-lanes';

function outcomeOf(name: string): RunOutcomeV2 {
  const text = readFileSync(join(__dirname, '../../../content/scenarios/v2', `${name}.yaml`), 'utf8');
  const outcome = simulate(loadScenario(text).scenario!).outcome;
  if (!('clients' in outcome)) throw new Error('expected a run');
  return outcome;
}

describe('connection lanes (scenario v2)', () => {
  it('one lane per client, then per backend connection, with the requests each carried', () => {
    const lanes = connectionLanes(outcomeOf('upstream-keepalive-reuse'));
    expect(lanes.map((l) => [l.side, l.label])).toEqual([
      ['client', 'a'],
      ['client', 'b'],
      ['client', 'c'],
      ['backend', '127.0.0.1:18081 #1'],
    ]);
    // One backend connection carried all three requests: keepalive reuse, visible as three ticks.
    expect(lanes[3]!.marks.map((m) => m.label)).toEqual(['a#0', 'b#0', 'c#0']);
    expect(lanes[0]!.marks.map((m) => m.kind)).toEqual(['request', 'response']);
    expect(lanesEnd(lanes)).toBe(3);
  });

  it('shades the tunnel from the 101 to its end', () => {
    const [client] = connectionLanes(outcomeOf('reload-tunnel-survives'));
    expect(client!.tunnel).toEqual({ from: 0, to: 4 });
    expect(client!.closedBy).toBe('client');
  });
});
