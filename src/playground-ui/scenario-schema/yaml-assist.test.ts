import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { playground } from '../../i18n/catalog';
import { translator } from '../../i18n/translate';
import { configPresets } from '../config-presets';
import { splitScenario } from '../scenario-text';
import { schemaProblems } from './schema-lint';
import { scenarioCompletions } from './yaml-assist';
import { yamlPlace } from './yaml-path';

/** Completion labels at the `|` of a YAML text. */
function complete(marked: string, explicit = false): string[] {
  const pos = marked.indexOf('|');
  const state = EditorState.create({ doc: marked.replace('|', '') });
  const result = scenarioCompletions(new CompletionContext(state, pos, explicit));
  return result?.options.map((o) => o.label) ?? [];
}

function place(marked: string) {
  const pos = marked.indexOf('|');
  const found = yamlPlace(marked.replace('|', ''), pos);
  return found && { path: found.path, kind: found.kind, prefix: found.prefix, siblings: found.siblings };
}

const t = translator(playground.en);

describe('yamlPlace', () => {
  it('follows indentation and list items up to the root', () => {
    expect(place('clients:\n  - name: a\n    requests:\n      - path: /\n        me|')).toEqual({
      path: ['clients', 0, 'requests', 0],
      kind: 'key',
      prefix: 'me',
      siblings: ['path'],
    });
    expect(place('clients:\n- name: a\n- name: b\n  st|')).toMatchObject({
      path: ['clients', 1],
      prefix: 'st',
    });
    expect(place('client:\n  request:\n    path: /\n  |\nuntil: 3')).toMatchObject({
      path: ['client'],
      siblings: ['request'],
    });
    expect(place('ti|')).toMatchObject({ path: [], kind: 'key', prefix: 'ti' });
  });

  it('knows a value from a key, and leaves comments alone', () => {
    expect(place('client:\n  request:\n    http_version: 1|')).toMatchObject({
      path: ['client', 'request'],
      kind: 'value',
      prefix: '1',
    });
    expect(place('# clients|')).toBeNull();
  });
});

describe('scenario completions', () => {
  it('offers the v2 keys of a request and a client', () => {
    const request = complete('clients:\n  - requests:\n      - path: /\n        b|');
    expect(request).toEqual(expect.arrayContaining(['body', 'body_size', 'body_parts']));
    expect(request).not.toContain('path');
    expect(complete('clients:\n  - st|')).toContain('start');
    expect(complete('clients:\n  - |', true)).toEqual(
      expect.arrayContaining(['name', 'start', 'after', 'requests']),
    );
  });

  it('offers top-level keys but not the config, which has its own editor, nor keys already there', () => {
    const top = complete('events: []\n|', true);
    expect(top).toEqual(expect.arrayContaining(['clients', 'backends', 'until', 'title']));
    expect(top).not.toContain('config');
    expect(top).not.toContain('events');
    expect(complete('|')).toEqual([]);
  });

  it('offers enum values, quoted where YAML would read another type', () => {
    expect(complete('client:\n  request:\n    path: /\n    http_version: |', true)).toEqual([
      '"1.0"',
      '"1.1"',
      '1.1',
    ]);
    expect(complete('backends:\n  127.0.0.1:18081:\n    kind: |', true)).toEqual([
      'websocket',
      'refused',
      'silent',
      'http',
    ]);
    expect(complete('backends:\n  "127.0.0.1:18081":\n    kind: si|')).toContain('silent');
  });
});

describe('schema problems', () => {
  it('puts an unknown key on its line, with the likely key', () => {
    const text = 'clients:\n  - name: a\n    requests:\n      - path: /\n        metod: GET\nuntil: 2\n';
    expect(schemaProblems(text, t)).toEqual([
      { line: 5, message: 'Unknown key "metod": did you mean "method"?', severity: 'error' },
    ]);
  });

  it('names the expected type and the line of the value', () => {
    const problems = schemaProblems('clients:\n  - name: a\n    start: soon\n    requests: []\n', t);
    expect(problems).toEqual([{ line: 3, message: 'clients.0.start: expected number', severity: 'error' }]);
  });

  it('is quiet on a valid scenario, v1 or v2, and leaves YAML syntax errors to the engine', () => {
    expect(schemaProblems('client:\n  request:\n    path: /\n  until: 3\n', t)).toEqual([]);
    expect(schemaProblems('clients:\n  - requests:\n      - path: /\nuntil: 2\n', t)).toEqual([]);
    expect(schemaProblems('client: [\n', t)).toEqual([]);
    // An alias bomb is the engine's to refuse, not something to expand here.
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10)
          .fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`)
          .join(', ')}]`,
      );
    expect(schemaProblems(bomb.join('\n'), t)).toEqual([]);
  });

  it('finds nothing wrong with any preset (what the YAML editor shows first)', () => {
    for (const preset of configPresets.filter((p) => p.kind === 'scenario')) {
      const split = splitScenario(preset.text);
      if (!split.ok) throw new Error(preset.id);
      expect(schemaProblems(split.value.rest, t), preset.id).toEqual([]);
    }
  });
});
