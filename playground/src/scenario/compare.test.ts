import { describe, expect, it } from 'vitest';
import { compareOutcomes, configErrorMessage, TIME_TOLERANCE } from './compare';
import type { Outcome, RunOutcome } from './types';

/** A canonical tunnelled run: 101, one echo, idle close by nginx. */
function run(): RunOutcome {
  return {
    format: 'outcome@1',
    response: { at: 0, status: 101, headers: { upgrade: 'websocket', connection: 'upgrade' } },
    upstream: [
      {
        backend: '127.0.0.1:18081',
        request_line: 'GET /chat/ HTTP/1.1',
        headers: [
          ['upgrade', 'websocket'],
          ['connection', 'upgrade'],
          ['host', '127.0.0.1:18081'],
        ],
      },
    ],
    tunnel: true,
    frames: [
      { at: 0.5, from: 'client', kind: 'text', data: 'hello' },
      { at: 0.5, from: 'backend', kind: 'text', data: 'hello' },
    ],
    end: { at: 2.5, by: 'nginx', reason: 'proxy_read_timeout' },
  };
}

function fields(expected: Outcome, actual: Outcome): string[] {
  return compareOutcomes(expected, actual).map((d) => d.field);
}

describe('compareOutcomes', () => {
  it('finds no difference between equal outcomes', () => {
    expect(compareOutcomes(run(), run())).toEqual([]);
  });

  it('ignores error_log, reasons, backend names and extra response headers', () => {
    const a = run();
    a.error_log = ['[info] something'];
    a.end = { at: 2.5, by: 'nginx', reason: 'other words' };
    a.upstream[0]!.backend = 'elsewhere';
    a.response!.headers.server = 'nginx/1.22.1';
    expect(compareOutcomes(run(), a)).toEqual([]);
  });

  it('compares the status', () => {
    const a = run();
    a.response!.status = 426;
    expect(compareOutcomes(run(), a)).toEqual([{ field: 'response.status', expected: 101, actual: 426 }]);
  });

  it('compares upgrade and connection case-insensitively, and notices a missing one', () => {
    const a = run();
    a.response!.headers = { upgrade: 'WebSocket', connection: 'Upgrade' };
    expect(compareOutcomes(run(), a)).toEqual([]);
    a.response!.headers = { upgrade: 'websocket' };
    expect(compareOutcomes(run(), a)).toEqual([
      { field: 'response.headers.connection', expected: 'upgrade', actual: null },
    ]);
    a.response!.headers = { upgrade: 'h2c', connection: 'upgrade' };
    expect(fields(run(), a)).toEqual(['response.headers.upgrade']);
  });

  it('notices a response on one side only', () => {
    const a = run();
    a.response = null;
    expect(compareOutcomes(run(), a)).toEqual([{ field: 'response', expected: 101, actual: null }]);
  });

  it('compares the number of upstream requests and each request line', () => {
    const a = run();
    a.upstream.push({ ...a.upstream[0]!, backend: '127.0.0.1:18082' });
    expect(fields(run(), a)).toEqual(['upstream.length']);
    const b = run();
    b.upstream[0]!.request_line = 'GET /chat/ HTTP/1.0';
    expect(compareOutcomes(run(), b)).toEqual([
      { field: 'upstream[0].request_line', expected: 'GET /chat/ HTTP/1.1', actual: 'GET /chat/ HTTP/1.0' },
    ]);
  });

  it('compares upstream headers as a multiset: order is free, values and repeats are not', () => {
    const reordered = run();
    reordered.upstream[0]!.headers.reverse();
    expect(compareOutcomes(run(), reordered)).toEqual([]);

    const otherValue = run();
    otherValue.upstream[0]!.headers[2] = ['host', 'backend'];
    expect(fields(run(), otherValue)).toEqual(['upstream[0].headers']);

    const repeated = run();
    repeated.upstream[0]!.headers.push(['upgrade', 'websocket']);
    expect(fields(run(), repeated)).toEqual(['upstream[0].headers']);

    const e = run();
    e.upstream[0]!.headers = [
      ['x', '1'],
      ['x', '1'],
      ['y', '2'],
    ];
    const a = run();
    a.upstream[0]!.headers = [
      ['x', '1'],
      ['y', '2'],
      ['y', '2'],
    ];
    expect(fields(e, a)).toEqual(['upstream[0].headers']);
  });

  it('does not fold header name case (outcomes hold lower-case names)', () => {
    const a = run();
    a.upstream[0]!.headers[2] = ['Host', '127.0.0.1:18081'];
    expect(fields(run(), a)).toEqual(['upstream[0].headers']);
  });

  it('compares tunnel', () => {
    const a = run();
    a.tunnel = false;
    expect(compareOutcomes(run(), a)).toEqual([{ field: 'tunnel', expected: true, actual: false }]);
  });

  it('compares the frame sequence by from, kind and data', () => {
    const a = run();
    a.frames[1] = { at: 0.5, from: 'backend', kind: 'text', data: 'HELLO' };
    expect(compareOutcomes(run(), a)).toEqual([
      { field: 'frames[1]', expected: 'backend text "hello"', actual: 'backend text "HELLO"' },
    ]);
    const b = run();
    b.frames.reverse();
    expect(fields(run(), b)).toEqual(['frames[0]', 'frames[1]']);
    const c = run();
    c.frames.pop();
    expect(fields(run(), c)).toEqual(['frames.length']);
    const d = run();
    d.frames[0]!.kind = 'ping';
    expect(fields(run(), d)).toEqual(['frames[0]']);
  });

  it('compares end.by, and end on one side only', () => {
    const a = run();
    a.end = { at: 2.5, by: 'client', reason: 'until' };
    expect(fields(run(), a)).toEqual(['end.by']);
    const b = run();
    b.end = null;
    expect(compareOutcomes(run(), b)).toEqual([{ field: 'end', expected: 'nginx', actual: null }]);
  });

  it('accepts times exactly at the tolerance and rejects them just beyond it', () => {
    expect(TIME_TOLERANCE).toBe(0.6);
    const edge = run();
    edge.response!.at = 0.6;
    edge.frames[0]!.at = 1.1;
    edge.frames[1]!.at = 0.5 - 0.6;
    edge.end!.at = 3.1;
    expect(compareOutcomes(run(), edge)).toEqual([]);

    const beyond = run();
    beyond.response!.at = 0.61;
    beyond.frames[0]!.at = 1.11;
    beyond.end!.at = 1.89;
    expect(compareOutcomes(run(), beyond)).toEqual([
      { field: 'response.at', expected: 0, actual: 0.61 },
      { field: 'frames[0].at', expected: 0.5, actual: 1.11 },
      { field: 'end.at', expected: 2.5, actual: 1.89 },
    ]);
  });

  describe('config errors', () => {
    const real: Outcome = { format: 'outcome@1', config_error: '"map" directive is not allowed here line 3' };

    it('strips only a trailing line number from the message', () => {
      expect(configErrorMessage('"map" directive is not allowed here line 3')).toBe(
        '"map" directive is not allowed here',
      );
      expect(configErrorMessage('unknown "x" variable')).toBe('unknown "x" variable');
    });

    it('accepts a simulated message that contains the real one, whatever its line', () => {
      expect(
        compareOutcomes(real, {
          format: 'outcome@1',
          config_error: '"map" directive is not allowed here line 4',
        }),
      ).toEqual([]);
      expect(
        compareOutcomes(real, {
          format: 'outcome@1',
          config_error: 'nginx: "map" directive is not allowed here in nginx.conf line 3',
        }),
      ).toEqual([]);
    });

    it('rejects a different message', () => {
      const sim: Outcome = { format: 'outcome@1', config_error: 'unknown directive "map" line 3' };
      expect(compareOutcomes(real, sim)).toEqual([
        { field: 'config_error', expected: real.config_error, actual: sim.config_error },
      ]);
    });

    it('reports a config error on one side only', () => {
      expect(compareOutcomes(real, run())).toEqual([
        { field: 'config_error', expected: real.config_error, actual: null },
      ]);
      expect(compareOutcomes(run(), real)).toEqual([
        { field: 'config_error', expected: null, actual: real.config_error },
      ]);
    });
  });
});
