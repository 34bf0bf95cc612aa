import { describe, expect, it } from 'vitest';
import { compareOutcomes } from './compare';
import type { RunOutcomeV2 } from './types';

function outcome(): RunOutcomeV2 {
  return {
    format: 'outcome@2',
    clients: [
      {
        name: 'a',
        connected_at: 0,
        requests: [
          {
            sent_at: 0,
            request_line: 'GET /one HTTP/1.1',
            response: {
              at: 0,
              status: 200,
              headers: { connection: 'keep-alive', 'content-length': '5' },
              body: 'first',
              body_length: 5,
              complete_at: 0,
            },
            upstream: [
              {
                backend: '127.0.0.1:18081',
                connection: 1,
                at: 0,
                request_line: 'GET /one HTTP/1.1',
                headers: [
                  ['host', 'app'],
                  ['connection', ''],
                ],
                body: '',
                body_length: 0,
                complete_at: 0,
              },
            ],
          },
        ],
        not_sent: 0,
        tunnel: false,
        frames: [{ at: 1, from: 'client', kind: 'text', data: 'x'.repeat(1024), length: 5000 }],
        end: null,
        closed: { at: 3, by: 'client' },
      },
    ],
    backends: {
      '127.0.0.1:18081': {
        connections: [{ id: 1, opened_at: 0, closed_at: null, closed_by: null, requests: [['a', 0]] }],
      },
    },
    error_log: ['[info] anything'],
  };
}

describe('compareOutcomes: outcome@2', () => {
  it('agrees with itself, within 0.6 s on every time, whatever the error log says', () => {
    const later = outcome();
    const c = later.clients[0]!;
    c.connected_at = 0.6;
    c.requests[0]!.sent_at = 0.5;
    c.requests[0]!.response!.complete_at = 0.6;
    c.requests[0]!.upstream[0]!.at = 0.6;
    c.frames[0]!.at = 1.6;
    c.closed!.at = 2.4;
    later.backends['127.0.0.1:18081']!.connections[0]!.opened_at = 0.6;
    later.error_log = [];
    // Header order is not compared, as in v1.
    c.requests[0]!.upstream[0]!.headers.reverse();
    expect(compareOutcomes(outcome(), later)).toEqual([]);
  });

  it('names each field that differs', () => {
    const other = outcome();
    const c = other.clients[0]!;
    c.name = 'b';
    c.not_sent = 1;
    c.closed = { at: 3, by: 'nginx' };
    c.frames[0]!.length = 4000;
    const r = c.requests[0]!;
    r.response!.body_length = 4;
    r.response!.headers.connection = 'close';
    r.response!.complete_at = null;
    r.upstream[0]!.connection = 2;
    r.upstream[0]!.body_length = 3;
    other.backends['127.0.0.1:18081']!.connections[0]!.requests = [['b', 0]];
    other.backends['127.0.0.1:18081']!.connections[0]!.closed_by = 'nginx';
    other.backends['127.0.0.1:18081']!.connections[0]!.closed_at = 2;
    expect(compareOutcomes(outcome(), other).map((d) => d.field)).toEqual([
      'clients[0].name',
      'clients[0].requests[0].response.headers.connection',
      'clients[0].requests[0].response.body_length',
      'clients[0].requests[0].response.complete_at',
      'clients[0].requests[0].upstream[0].connection',
      'clients[0].requests[0].upstream[0].body_length',
      'clients[0].not_sent',
      'clients[0].frames(from client)[0]',
      'clients[0].closed.by',
      'backends["127.0.0.1:18081"].connections[0].requests',
      'backends["127.0.0.1:18081"].connections[0].closed_by',
      'backends["127.0.0.1:18081"].connections[0].closed_at',
    ]);
  });

  it('compares frames in order per direction, not how the two directions interleave', () => {
    const two = (first: 'client' | 'backend'): RunOutcomeV2 => {
      const o = outcome();
      const frame = (from: 'client' | 'backend', data: string) => ({
        at: 1,
        from,
        kind: 'text' as const,
        data,
      });
      const c = frame('client', 'a');
      const b = frame('backend', 'a');
      o.clients[0]!.frames = first === 'client' ? [c, b, frame('client', 'b')] : [b, c, frame('client', 'b')];
      return o;
    };
    expect(compareOutcomes(two('client'), two('backend'))).toEqual([]);
    const swapped = two('client');
    swapped.clients[0]!.frames = [
      swapped.clients[0]!.frames[2]!,
      swapped.clients[0]!.frames[1]!,
      swapped.clients[0]!.frames[0]!,
    ];
    expect(compareOutcomes(two('client'), swapped).map((d) => d.field)).toEqual([
      'clients[0].frames(from client)[0]',
      'clients[0].frames(from client)[1]',
    ]);
  });

  it('counts clients, requests, upstream requests, connections and backends', () => {
    const fewer = outcome();
    fewer.clients[0]!.requests[0]!.upstream.push({ ...fewer.clients[0]!.requests[0]!.upstream[0]! });
    fewer.backends['127.0.0.1:18082'] = { connections: [] };
    fewer.backends['127.0.0.1:18081']!.connections.push({
      id: 2,
      opened_at: 1,
      closed_at: null,
      closed_by: null,
      requests: [],
    });
    expect(compareOutcomes(outcome(), fewer).map((d) => d.field)).toEqual([
      'clients[0].requests[0].upstream.length',
      'backends["127.0.0.1:18081"].connections.length',
      'backends["127.0.0.1:18082"]',
    ]);
    const none = { ...outcome(), clients: [] };
    expect(compareOutcomes(outcome(), none).map((d) => d.field)).toEqual(['clients.length']);
  });

  it('compares a refused config as v1 does, and never a v1 outcome with a v2 one', () => {
    expect(
      compareOutcomes(
        { format: 'outcome@2', config_error: 'unknown directive "x" line 3' },
        { format: 'outcome@2', config_error: 'unknown directive "x" line 4' },
      ),
    ).toEqual([]);
    expect(compareOutcomes(outcome(), { format: 'outcome@2', config_error: 'x' })[0]?.field).toBe(
      'config_error',
    );
    expect(
      compareOutcomes(outcome(), {
        format: 'outcome@1',
        response: null,
        upstream: [],
        tunnel: false,
        frames: [],
        end: null,
      }),
    ).toEqual([{ field: 'format', expected: 'outcome@2', actual: 'outcome@1' }]);
  });
});
