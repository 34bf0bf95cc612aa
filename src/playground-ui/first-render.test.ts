import { describe, expect, it } from 'vitest';
import { playground } from '../i18n/catalog';
import { translator } from '../i18n/translate';
import { DEFAULT_PRESET_ID } from './config-presets';
import { builtScenario, firstScenario } from './first-scenario';
import { firstVerdict } from './first-verdict';
import { presetScenario } from './scenario-state';
import { readRest } from './scenario-text';
import { verdictHeadline, verdictVersionLabel } from './views/verdict-view';

/** The JSON script element Playground.astro writes, as the page finds it. */
const element = (text: string) => ({ textContent: text }) as unknown as Element;

describe('what the build draws before the page script runs', () => {
  it('the default scenario’s verdict is worked out at build time, worded like the page words it', () => {
    const first = firstVerdict(presetScenario(DEFAULT_PRESET_ID));
    expect(first).not.toBeNull();
    expect(first?.verdict).toMatchObject({
      kind: 'upgraded',
      end: { by: 'client', reason: 'close frame 1000' },
    });
    expect(first?.nginxVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const en = translator(playground.en);
    const zh = translator(playground.zh);
    if (!first) return;
    expect(verdictHeadline(first.verdict, en, 'en')).toBe(
      'Upgraded ✓ 101 Switching Protocols: the tunnel is open until 3 s, when the client sends a close frame (1000).',
    );
    expect(verdictHeadline(first.verdict, zh, 'zh')).toMatch(/^升级成功 ✓/);
    expect(verdictVersionLabel(en, first.nginxVersion)).toBe(`nginx ${first.nginxVersion}`);
  });

  it('a banner that needs the page’s buttons (a rejected config, a failed upgrade) is left to the page', () => {
    const texts = presetScenario(DEFAULT_PRESET_ID);
    const rejected = { ...texts, config: `${texts.config}\nno_such_directive on;\n` };
    const failed = { ...texts, config: texts.config.replace(/^\s*proxy_http_version[^\n]*\n/m, '') };
    expect(failed.config).not.toBe(texts.config);
    expect(firstVerdict(rejected)).toBeNull();
    expect(firstVerdict(failed)).toBeNull();
  });

  it('the scenario handed over as JSON opens with the texts and the reading of the preset', () => {
    const texts = presetScenario(DEFAULT_PRESET_ID);
    const json = JSON.stringify(firstScenario(texts));
    const data = JSON.parse(json).data;
    // Another text read in between: the page's first read must come from the hand-over.
    readRest('title: something else\n');
    expect(builtScenario(element(json))).toEqual(texts);
    const read = readRest(texts.rest);
    expect(read).toEqual(data);
    expect(read).toEqual(JSON.parse(JSON.stringify(readRest(`${texts.rest}\n`))));
  });

  it('a missing or damaged hand-over falls back (null), and a bad reading is not primed', () => {
    expect(builtScenario(null)).toBeNull();
    expect(builtScenario(element(''))).toBeNull();
    expect(builtScenario(element('{"config": 1'))).toBeNull();
    expect(builtScenario(element('{"config": 1, "rest": ""}'))).toBeNull();
    const texts = builtScenario(element('{"config": "events {}", "rest": "title: x\\n", "data": [1]}'));
    expect(texts).toEqual({ config: 'events {}', rest: 'title: x\n' });
    expect(readRest('title: x\n')).toEqual({ title: 'x' });
  });
});
