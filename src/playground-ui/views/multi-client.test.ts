import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AnyOutcome, loadScenario, type Simulation, simulate } from '../../../playground/src/index';
import { dictionaries } from '../../i18n/dictionaries.mjs';
import { counted, pluralCategory } from '../../i18n/plural';
import { translator } from '../../i18n/translate';
import { requestHeaders } from './headers-v2';
import { localRun } from './local-run';

const zh = translator(dictionaries.zh.playground);
const en = translator(dictionaries.en.playground);

function run(name: string): Simulation<AnyOutcome> {
  const text = readFileSync(
    join(import.meta.dirname, '../../../content/scenarios/v2', `${name}.yaml`),
    'utf8',
  );
  const { scenario } = loadScenario(text);
  if (!scenario) throw new Error(`${name} does not load`);
  return simulate(scenario) as Simulation<AnyOutcome>;
}

describe('plurals', () => {
  it('English says 1 client, 2 clients; Chinese has one form', () => {
    expect(pluralCategory('en', 1)).toBe('one');
    expect(pluralCategory('en', 0)).toBe('other');
    expect(pluralCategory('zh', 1)).toBe('other');
    expect(counted(en, 'en', 'count.clients', 1)).toBe('1 client');
    expect(counted(en, 'en', 'count.clients', 3)).toBe('3 clients');
    expect(counted(en, 'en', 'count.tunnels', 1)).toBe('1 tunnel');
    expect(counted(en, 'en', 'count.requests', 0)).toBe('0 requests');
    expect(counted(zh, 'zh', 'count.clients', 1)).toBe('1 个客户端');
  });
  it('the v2 verdict reads as a sentence at one and at several', () => {
    const sentence = (n: number) =>
      en('verdict.clients', {
        clients: counted(en, 'en', 'count.clients', n),
        answered: n,
        requests: counted(en, 'en', 'count.requests', n),
        tunnels: counted(en, 'en', 'count.tunnels', n),
      });
    expect(sentence(1)).toContain('1 client, 1 of 1 request answered, 1 tunnel opened');
    expect(sentence(2)).toContain('2 clients, 2 of 2 requests answered, 2 tunnels opened');
  });
});

describe('the terminal of a multi-client run', () => {
  it('shows the reload inside the open tunnel’s section, in the page language', () => {
    for (const [t, words] of [
      [zh, /nginx -s reload：/],
      [en, /^nginx -s reload: /],
    ] as const) {
      const lines = localRun(run('reload-tunnel-survives'), t).transcript;
      const reload = lines.findIndex((l) => l.dir === '*' && words.test(l.text));
      expect(reload).toBeGreaterThan(0);
      expect(lines[reload]!.at).toBe(1);
      // After the frames at 0.5 s, before those at 2 s.
      expect(lines[reload - 1]!.at).toBe(0.5);
      expect(lines[reload + 1]!.at).toBe(2);
    }
  });
  it('has one section per client, each headed in the page language', () => {
    const lines = localRun(run('balance-round-robin'), zh).transcript;
    const heads = lines.filter((l) => l.text.startsWith('== 客户端 '));
    const sim = run('balance-round-robin');
    expect(heads.length).toBe('clients' in sim.outcome ? sim.outcome.clients.length : 0);
    expect(heads.length).toBeGreaterThan(1);
    expect(lines.some((l) => l.text === 'connection closed by nginx')).toBe(false);
  });
  it('shows a restart in every section open at the time', () => {
    const lines = localRun(run('restart-drops-tunnel'), en).transcript;
    expect(lines.filter((l) => l.text.startsWith('nginx restarts')).length).toBeGreaterThan(0);
  });
});

describe('the sequence diagram of a multi-client run', () => {
  it('gives every client and backend a column, and the reload a note across all', () => {
    const source = localRun(run('balance-round-robin'), en).sequence(null)!;
    const participants = source.split('\n').filter((l) => l.trim().startsWith('participant'));
    const sim = run('balance-round-robin');
    if (!('clients' in sim.outcome)) throw new Error('v2 expected');
    expect(participants.length).toBe(
      sim.outcome.clients.length + 1 + Object.keys(sim.outcome.backends).length,
    );
    // Round robin: each backend column receives a request.
    for (const [i] of Object.keys(sim.outcome.backends).entries())
      expect(source).toMatch(new RegExp(`N->>B${i}: [\\d.]+s \\S+#58; GET `));
    const reload = localRun(run('reload-tunnel-survives'), zh).sequence(null)!;
    expect(reload).toContain('Note over C0,B0: 1s nginx -s reload');
    expect(reload).toContain('participant C0 as 客户端 c1');
  });
  it('words a v1 run in the page language too', () => {
    const text = readFileSync(
      join(import.meta.dirname, '../../../content/presets/basic/canonical.yaml'),
      'utf8',
    );
    const sim = simulate(loadScenario(text).scenario!) as Simulation<AnyOutcome>;
    const source = localRun(sim, zh).sequence(null)!;
    expect(source).toContain('participant C as 客户端');
    expect(source).toContain('participant B as 后端');
  });
});

describe('headers of a multi-client run', () => {
  it('pairs every request with what the client sent, nginx sent upstream and the answer', () => {
    const sim = run('upstream-keepalive-reuse');
    if (!('clients' in sim.outcome)) throw new Error('v2 expected');
    const rows = requestHeaders(sim.outcome, sim.transcript);
    expect(rows.map((r) => `${r.client} ${r.requestLine}`)).toEqual([
      'a GET /one HTTP/1.1',
      'b GET /two HTTP/1.1',
      'c GET /three HTTP/1.1',
    ]);
    for (const r of rows) {
      expect(r.sent.some(([n]) => n.toLowerCase() === 'host')).toBe(true);
      expect(r.upstream).toHaveLength(1);
      expect(r.response?.status).toBe(200);
    }
    // Keepalive reuse: one backend connection carries all three.
    expect(new Set(rows.map((r) => r.upstream[0]!.connection)).size).toBe(1);
  });
});
