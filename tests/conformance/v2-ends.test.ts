/**
 * The scenario v2 runner's ends without nginx: message framing, the client's requests on the
 * wire, and a v2 client played straight against a scripted backend (which then stands where
 * nginx would). Waits are bounded by each client's `until` (≤ 2 s); assertions are on content,
 * order and connection numbers, never on timings.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ScriptedBackend } from '../../playground/cli/conformance/backend-v2';
import { encodeRequest, runClientsV2 } from '../../playground/cli/conformance/client-v2';
import { normalizeErrorLog } from '../../playground/cli/conformance/error-log';
import { BodyReader, responseFraming } from '../../playground/cli/conformance/http-wire';
import { PortBlocks } from '../../playground/cli/conformance/ports';
import { normalizeScenarioV2 } from '../../playground/cli/conformance/scenario-file-v2';
import { V2Recorder } from '../../playground/cli/conformance/v2-recorder';
import type { BackendAnswer, ClientRequestV2, ScenarioClientV2 } from '../../playground/src/index';
import { defaultBackend } from '../../playground/src/index';

const blocks = new PortBlocks();

function request(over: Partial<ClientRequestV2> = {}): ClientRequestV2 {
  return {
    method: 'GET',
    path: '/',
    http_version: '1.1',
    headers: [['Host', 'localhost']],
    at: null,
    body: null,
    body_size: null,
    body_parts: [],
    pipelined: false,
    ...over,
  };
}

function client(requests: ClientRequestV2[], over: Partial<ScenarioClientV2> = {}): ScenarioClientV2 {
  return {
    name: 'a',
    start: 0,
    after: null,
    address: '127.0.0.1',
    requests,
    steps: [],
    stop_reading_at: null,
    until: 1,
    ...over,
  };
}

const ok = (over: Partial<Extract<BackendAnswer, { kind: 'response' }>> = {}): BackendAnswer => ({
  kind: 'response',
  status: 200,
  headers: [],
  body: 'ok',
  body_size: null,
  framing: 'length',
  delay: 0,
  early: false,
  body_delay: 0,
  keep_alive: true,
  stop_reading: false,
  ...over,
});

/** One scripted backend, and clients played straight against it. */
async function play(answers: BackendAnswer[], clients: ScenarioClientV2[]) {
  const rec = new V2Recorder();
  const port = await blocks.take();
  const backend = new ScriptedBackend('127.0.0.1:18081', port, { ...defaultBackend(), answers }, rec);
  await backend.up();
  rec.start();
  try {
    const runs = await runClientsV2(
      clients,
      () => port,
      rec,
      async () => {},
    );
    return { rec, runs, connections: rec.connections.get('127.0.0.1:18081') ?? [] };
  } finally {
    await backend.stop();
  }
}

describe('message framing', () => {
  it('reads Content-Length, chunked (split anywhere) and close-delimited bodies, keeping 1024 bytes', () => {
    const length = new BodyReader({ kind: 'length', length: 5 });
    expect(length.push(Buffer.from('hel')).length).toBe(0);
    expect(length.push(Buffer.from('loNEXT')).toString()).toBe('NEXT');
    expect([length.done, length.text()]).toEqual([true, 'hello']);

    const wire = Buffer.from('5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT');
    const chunked = new BodyReader({ kind: 'chunked' });
    const rest: Buffer[] = [];
    for (let i = 0; i < wire.length; i += 3) rest.push(chunked.push(wire.subarray(i, i + 3)));
    expect([chunked.done, chunked.text(), chunked.length, Buffer.concat(rest).toString()]).toEqual([
      true,
      'hello world',
      11,
      'NEXT',
    ]);

    const close = new BodyReader({ kind: 'close' });
    close.push(Buffer.alloc(3000, 'x'));
    expect(close.done).toBe(false);
    close.end();
    expect([close.done, close.length, close.text().length]).toEqual([true, 3000, 1024]);
  });

  it('knows which responses carry no body', () => {
    expect(responseFraming('HEAD', 200, [['Content-Length', '26']])).toEqual({ kind: 'none' });
    expect(responseFraming('GET', 304, [['Content-Length', '100']])).toEqual({ kind: 'none' });
    expect(responseFraming('GET', 204, [])).toEqual({ kind: 'none' });
    expect(responseFraming('GET', 200, [])).toEqual({ kind: 'close' });
    expect(responseFraming('GET', 200, [['Transfer-Encoding', 'chunked']])).toEqual({ kind: 'chunked' });
  });
});

describe('the client on the wire', () => {
  it('adds Content-Length for the whole body, then the request tag last', () => {
    const { head, later } = encodeRequest(
      request({ method: 'POST', body: 'abc', body_parts: [{ at: 1, body: null, body_size: 2 }] }),
      'a.0',
    );
    expect(head.toString()).toBe(
      'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nX-Lab-Request: a.0\r\n\r\nabc',
    );
    expect(later.map((p) => [p.at, p.bytes.toString()])).toEqual([[1, 'xx']]);
  });

  it('sends a chunk per piece and the last chunk after the last piece when the headers say chunked', () => {
    const headers: Array<[string, string]> = [['Transfer-Encoding', 'chunked']];
    const { head, later } = encodeRequest(
      request({ headers, body: 'ab', body_parts: [{ at: 1, body: 'cde', body_size: null }] }),
      'a.1',
    );
    expect(head.toString()).toBe(
      'GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nX-Lab-Request: a.1\r\n\r\n2\r\nab\r\n',
    );
    expect(later[0]!.bytes.toString()).toBe('3\r\ncde\r\n0\r\n\r\n');
    expect(encodeRequest(request({ headers, body: '' }), 'a.2').head.toString()).toMatch(
      /\r\n\r\n0\r\n\r\n$/,
    );
  });

  it('sends headers exactly as written: a given Content-Length is kept even when it is wrong', () => {
    const { head } = encodeRequest(request({ headers: [['content-length', '10']], body: '01234' }), 'a.0');
    expect(head.toString()).toBe('GET / HTTP/1.1\r\ncontent-length: 10\r\nX-Lab-Request: a.0\r\n\r\n01234');
  });
});

describe('a v2 client against a scripted backend', () => {
  it('sends requests one after another on one connection; the backend answers by its script and numbers its connections', async () => {
    const { runs, connections, rec } = await play(
      [
        ok({ body: 'one' }),
        ok({ body: 'two', framing: 'chunked' }),
        ok({ body: null, body_size: 3000, framing: 'close' }),
      ],
      [
        client([
          request({ path: '/1' }),
          request({ path: '/2', method: 'POST', body: 'xyz' }),
          request({ path: '/3' }),
          request({ path: '/4' }),
        ]),
      ],
    );
    const run = runs[0]!;
    expect(
      run.requests.map((r) => [
        r.request_line,
        r.response?.status,
        r.response?.body,
        r.response?.body_length,
      ]),
    ).toEqual([
      ['GET /1 HTTP/1.1', 200, 'one', 3],
      ['POST /2 HTTP/1.1', 200, 'two', 3],
      ['GET /3 HTTP/1.1', 200, 'x'.repeat(1024), 3000],
    ]);
    // The close-delimited answer ended the connection: the fourth request was never sent.
    expect(run.not_sent).toBe(1);
    expect(run.closed?.by).toBe('nginx');
    expect(connections.map((c) => [c.id, c.closed_by, c.requests.map((u) => u.tag)])).toEqual([
      [
        1,
        'backend',
        [
          { client: 'a', index: 0 },
          { client: 'a', index: 1 },
          { client: 'a', index: 2 },
        ],
      ],
    ]);
    // The tag is removed from what the backend records; the body is.
    expect(rec.upstream[1]!.headers).toEqual([
      ['host', 'localhost'],
      ['content-length', '3'],
    ]);
    expect([rec.upstream[1]!.body, rec.upstream[1]!.body_length]).toEqual(['xyz', 3]);
  });

  it('pipelined requests go out together and their answers come back in order', async () => {
    const { runs } = await play(
      [ok({ body: 'first' }), ok({ body: 'second' })],
      [client([request({ path: '/1' }), request({ path: '/2', pipelined: true })])],
    );
    expect(runs[0]!.requests.map((r) => r.response?.body)).toEqual(['first', 'second']);
  });

  it('keep_alive false and a request with Connection: close end the connection; a close answer sends nothing', async () => {
    const { runs, connections } = await play(
      [ok({ keep_alive: false }), { kind: 'close', delay: 0, early: false, stop_reading: false }],
      [
        client([request(), request()], { name: 'a' }),
        client([request({ headers: [['Host', 'x']] })], { name: 'b', after: null, start: 0.3 }),
      ],
    );
    expect(runs[0]!.requests.map((r) => r.response?.headers.connection)).toEqual(['close']);
    expect(runs[0]!.not_sent).toBe(1);
    expect(runs[1]!.requests[0]!.response).toBeNull();
    expect(connections.map((c) => c.closed_by)).toEqual(['backend', 'backend']);
  });

  it('early answers before the body is complete; stop_reading counts nothing after the head', async () => {
    const early = await play(
      [ok({ early: true, body: 'early' })],
      [
        client([
          request({ method: 'POST', body: 'ab', body_parts: [{ at: 0.4, body: 'cd', body_size: null }] }),
        ]),
      ],
    );
    const up = early.rec.upstream[0]!;
    expect(early.runs[0]!.requests[0]!.response!.at).toBeLessThan(0.3);
    expect([up.body, up.body_length]).toEqual(['abcd', 4]);
    const deaf = await play(
      [ok({ stop_reading: true })],
      [client([request({ method: 'POST', body_size: 100 })])],
    );
    expect([deaf.rec.upstream[0]!.body_length, deaf.rec.upstream[0]!.complete_at]).toEqual([0, null]);
    expect(deaf.runs[0]!.requests[0]!.response?.status).toBe(200);
  });

  it('a client started after another waits until that one is done', async () => {
    const { runs } = await play(
      [ok({ delay: 0.3 })],
      [client([request()], { name: 'a' }), client([request()], { name: 'b', after: 'a' })],
    );
    expect(runs[1]!.requests[0]!.sent_at).toBeGreaterThanOrEqual(
      runs[0]!.requests[0]!.response!.complete_at!,
    );
  });
});

describe('the runner’s reading of v2 files', () => {
  it('names the line and the field the schema refuses, and fills the defaults', () => {
    const text = 'config: "x"\nclients:\n  - request: { path: / }\n    colour: red\n';
    expect(() => normalizeScenarioV2(parse(text), text, 'x.yaml')).toThrow(
      'x.yaml: line 3: clients.0 must NOT have additional properties "colour"',
    );
    const good = 'config: "x"\nclients:\n  - request: { path: / }\n  - { after: c1, requests: [] }\n';
    const s = normalizeScenarioV2(parse(good), good, 'x.yaml');
    expect(s.clients.map((c) => [c.name, c.after, c.until, c.requests[0]?.headers])).toEqual([
      ['c1', null, 10, [['Host', 'localhost']]],
      ['c2', 'c1', 10, undefined],
    ]);
    const badAfter =
      'config: "x"\nclients:\n  - { name: a, after: b, requests: [] }\n  - { name: b, requests: [] }\n';
    expect(() => normalizeScenarioV2(parse(badAfter), badAfter, 'x.yaml')).toThrow(
      /after names "b", which is not a client listed before it/,
    );
  });
});

describe('error.log with a master process', () => {
  it('drops reload and worker lifecycle lines and the process ids, keeps what happened to requests', () => {
    const log = [
      '2026/12/03 11:45:33 [notice] 19767#19767: signal process started',
      '2026/12/03 11:45:33 [notice] 19763#19763: signal 1 (SIGHUP) received from 19767, reconfiguring',
      '2026/12/03 11:45:33 [notice] 19763#19763: reconfiguring',
      '2026/12/03 11:45:33 [notice] 19763#19763: start worker processes',
      '2026/12/03 11:45:33 [notice] 19763#19763: start worker process 19768',
      '2026/12/03 11:45:33 [notice] 19764#19764: gracefully shutting down',
      '2026/12/03 11:45:33 [notice] 19763#19763: worker process 19764 exited with code 0',
      '2026/12/03 11:45:33 [alert] 19763#19763: worker process 19764 exited on signal 9',
      '2026/12/03 11:45:33 [info] 19768#19768: *3 client timed out (110: Connection timed out) while sending to client, client: 127.0.0.1',
    ].join('\n');
    expect(normalizeErrorLog(log)).toEqual([
      '[alert] worker process exited on signal 9',
      '[info] client timed out (110: Connection timed out) while sending to client',
    ]);
  });
});
