import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  headersToLines,
  joinScenario,
  linesToHeaders,
  linesToSteps,
  readRest,
  restProblem,
  setIn,
  splitScenario,
  stepsToLines,
} from './scenario-text';

const scenario = `title: demo # a comment
config: |
  server {
      listen 18080;
  }
backends:
  "127.0.0.1:18081":
    kind: websocket
client:
  request:
    path: /chat/
  steps: []
  until: 5
`;

describe('splitScenario / joinScenario', () => {
  it('splits the config out and joins it back to the same data', () => {
    const split = splitScenario(scenario);
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    expect(split.value.config).toBe('server {\n    listen 18080;\n}\n');
    expect(split.value.rest).not.toContain('config');
    expect(split.value.rest).toContain('# a comment');
    const joined = joinScenario(split.value.config, split.value.rest);
    expect(joined.ok).toBe(true);
    if (joined.ok) expect(parse(joined.text)).toEqual(parse(scenario));
  });

  it('puts config right after the title and keeps awkward text exact', () => {
    const config = '  leading spaces\nmap $x $y {\n  \'\' "q";\n}\ntrailing   \n\n';
    const joined = joinScenario(config, 'title: t\nclient: {}\n');
    expect(joined.ok).toBe(true);
    if (!joined.ok) return;
    expect(Object.keys(parse(joined.text))).toEqual(['title', 'config', 'client']);
    expect(parse(joined.text).config).toBe(config);
  });

  it('refuses text that is not a mapping, and broken YAML, with a message', () => {
    expect(splitScenario('- a\n- b\n')).toMatchObject({ ok: false });
    expect(splitScenario('a: [\n')).toMatchObject({ ok: false });
    expect(splitScenario('config: 12\n')).toMatchObject({ ok: false, message: '`config` must be a string' });
    expect(joinScenario('x', 'just text')).toMatchObject({ ok: false });
  });
});

describe('setIn / readRest', () => {
  it('changes one value and keeps comments', () => {
    const rest = 'client: # the client\n  until: 5\n';
    const next = setIn(rest, ['client', 'until'], 9);
    expect(next).toContain('# the client');
    expect(readRest(next)).toEqual({ client: { until: 9 } });
    expect(readRest(setIn(next, ['client', 'until'], undefined))).toEqual({ client: {} });
  });
  it('returns null for broken YAML', () => {
    expect(readRest('a: [')).toBeNull();
  });
});

describe('headers lines', () => {
  it('round-trips a mapping and keeps duplicates as pairs', () => {
    expect(linesToHeaders('Host: a\nUpgrade: websocket\n\nbad line')).toEqual({
      Host: 'a',
      Upgrade: 'websocket',
    });
    expect(linesToHeaders('X: 1\nx: 2')).toEqual([
      ['X', '1'],
      ['x', '2'],
    ]);
    expect(headersToLines({ Host: 'a', 'Sec-WebSocket-Version': 13 })).toBe(
      'Host: a\nSec-WebSocket-Version: 13',
    );
    expect(headersToLines([['A', 'b: c']])).toBe('A: b: c');
    expect(linesToHeaders('A: b: c')).toEqual({ A: 'b: c' });
  });
});

describe('steps lines', () => {
  it('parses and prints every step kind', () => {
    const text = '0.5 send hello world\n2 ping\n3 ping data\n9 close 1001\n10 close';
    const parsed = linesToSteps(text);
    expect(parsed).toEqual({
      ok: true,
      steps: [
        { at: 0.5, send: 'hello world' },
        { at: 2, ping: '' },
        { at: 3, ping: 'data' },
        { at: 9, close: 1001 },
        { at: 10, close: 1000 },
      ],
    });
    if (parsed.ok)
      expect(stepsToLines(parsed.steps)).toBe(
        '0.5 send hello world\n2 ping\n3 ping data\n9 close 1001\n10 close 1000',
      );
  });
  it('names the line it cannot read', () => {
    expect(linesToSteps('1 send a\n\nsoon send b')).toEqual({ ok: false, line: 3, text: 'soon send b' });
    expect(linesToSteps('1 close abc')).toMatchObject({ ok: false, line: 1 });
  });
});

describe('YAML that throws or would take seconds (review F5, F6)', () => {
  const alias = 'title: *nope\n';
  it('an unresolved alias is a message from every reader, never an exception', () => {
    expect(splitScenario(`${alias}config: ""\n`)).toEqual({
      ok: false,
      message: expect.stringMatching(/Unresolved alias/),
    });
    expect(() => readRest(alias)).not.toThrow();
    expect(readRest(alias)).toBeNull();
    expect(restProblem(alias)).toMatch(/Unresolved alias/);
    expect(restProblem('title: fine\n')).toBeNull();
  });

  it('joining or editing a rest that holds one is a message or no change, never an exception (the YAML writer throws on it)', () => {
    // A refused link's text is kept in the YAML editor, so the page joins and edits it.
    expect(joinScenario('events {}', alias)).toEqual({
      ok: false,
      message: expect.stringMatching(/Unresolved alias/),
    });
    expect(setIn(alias, ['client', 'until'], 3)).toBe(alias);
  });

  it('too many values are refused by count before parsing, and the text is left as it was', () => {
    const big = `extra: [${'{a: 1, b: x}, '.repeat(30_000)}]\n`;
    expect(joinScenario('events {}', big)).toEqual({
      ok: false,
      message:
        'the scenario has more than 5000 YAML values (value 5001 is on line 1); the simulator reads at most 5000: fewer clients, requests or headers',
    });
    expect(readRest(big)).toBeNull();
    expect(setIn(big, ['title'], 'x')).toBe(big);
  });
});
