import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, simulate } from '../../../playground/src/index';
import { dictionaries } from '../../i18n/dictionaries.mjs';
import { translator } from '../../i18n/translate';
import { localLabel } from './timeline-labels';

const zh = translator(dictionaries.zh.playground);
const en = translator(dictionaries.en.playground);
/** Protocol and config text, which stays as written in every language. */
const PROTOCOL =
  /^(ping|pong)( |$)|^(GET|POST|HEAD|PUT|DELETE|OPTIONS|CONNECT) |^\d{3}( |$)|^return \d+$|^rewrite |^if \(|^break$|^no resolver: /;

function corpusLabels(): Set<string> {
  const labels = new Set<string>();
  for (const dir of ['guides', 'conformance', 'exercises']) {
    const root = join(import.meta.dirname, '../../../content/scenarios', dir);
    for (const file of readdirSync(root).filter((f) => f.endsWith('.yaml'))) {
      const { scenario } = loadScenario(readFileSync(join(root, file), 'utf8'));
      if (scenario) for (const e of simulate(scenario).timeline) labels.add(e.label);
    }
  }
  return labels;
}

describe('timeline labels', () => {
  const labels = corpusLabels();
  it('every label the engine draws on the scenario corpus is in Chinese on zh pages, protocol text aside', () => {
    expect(labels.size).toBeGreaterThan(50);
    const untranslated = [...labels].filter((l) => !PROTOCOL.test(l) && localLabel(l, zh) === l);
    expect(untranslated).toEqual([]);
  });
  it('English pages show the engine’s own words', () => {
    for (const label of labels) expect(localLabel(label, en)).toBe(label);
  });
  it('keeps data and names as written', () => {
    expect(localLabel('text "hello"', zh)).toBe('文本 "hello"');
    expect(localLabel('proxy_read_timeout → 60.5 s', zh)).toBe('proxy_read_timeout → 60.5 秒');
    expect(localLabel('close (keepalive_timeout)', zh)).toBe('关闭（keepalive_timeout）');
    expect(localLabel('GET /chat/ HTTP/1.1', zh)).toBe('GET /chat/ HTTP/1.1');
  });
});
